"""Session files: the YAML format read and checked, edited round-trip, and kept safely on disk."""
