"""Rendering: Markdown bodies, template views, pages, and discovery files."""
