"""The `opcc` command line: one module per command group; `main` holds the group."""

from opcc.cli.main import main

__all__ = ["main"]
