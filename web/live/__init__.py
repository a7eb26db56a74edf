"""What keeps a live room in step: the coalescing broadcaster, the rooms and namespaces, the
cluster of processes (Redis), and the clients of the screening and themes workers."""
