"""Datasets: descriptors validated with frictionless, streamed, redacted and published."""
