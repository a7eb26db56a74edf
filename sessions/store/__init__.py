"""Persistence: the only SQL of the project (one SQLite file), its records and migrations."""
