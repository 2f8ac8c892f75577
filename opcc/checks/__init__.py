"""Whole-site checks once everything is read: the site index, links, scheme, naming."""
