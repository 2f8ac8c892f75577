"""Public consultations as a registered kind (kind.py)."""
