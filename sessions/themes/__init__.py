"""Themes: suggest groups of open answers that say the same thing, offline (numpy, no Flask, no SQL)."""
