"""What every kind of record shares: reading its files (reading.py)."""
