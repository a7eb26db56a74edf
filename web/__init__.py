"""Web plumbing both audiences share: the Socket.IO object, services, the broadcaster, network helpers.

`facilitator/` and `participant/` import from here; neither imports the other.
"""
