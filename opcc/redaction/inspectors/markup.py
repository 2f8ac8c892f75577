"""Helpers for the XML the office formats and image metadata are written in."""

from __future__ import annotations


def local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
