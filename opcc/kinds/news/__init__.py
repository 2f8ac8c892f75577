"""News and press releases as a registered kind (kind.py)."""
