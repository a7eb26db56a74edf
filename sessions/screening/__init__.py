"""Screening answers for personal details: our rules, deduce, redaction, and the worker process."""
