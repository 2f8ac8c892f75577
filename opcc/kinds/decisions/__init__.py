"""Decisions of significant public interest as a kind of record (kind.py)."""
