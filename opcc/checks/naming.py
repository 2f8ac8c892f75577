"""The document naming convention: file names checked against site.yaml `naming:` rules.

Each problem is a `content.naming` warning with the name the file should have.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from opcc.config import NamingRules
from opcc.diagnostics import Diagnostic, warning

MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})

# A date written in one of the ways people name files, anywhere in a name.
_DATES = [
    (re.compile(r"(?<!\d)(\d{4})[-_. ]?(\d{2})[-_. ]?(\d{2})(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{1,2})[-_. ](\d{1,2})[-_. ](\d{4})(?!\d)"), ("d", "m", "y")),
    (re.compile(r"(?<![a-z0-9])(\d{1,2})(?:st|nd|rd|th)?[-_ ]?([a-z]{3,9})[-_ ]?(\d{4})(?!\d)",
                re.IGNORECASE), ("d", "b", "y")),
]


def _find_date(stem: str) -> tuple[date, tuple[int, int]] | None:
    for pattern, order in _DATES:
        for match in pattern.finditer(stem):
            parts = dict(zip(order, match.groups()))
            try:
                month = int(parts["m"]) if "m" in parts else MONTHS[parts["b"].lower()]
                return date(int(parts["y"]), month, int(parts["d"])), match.span()
            except (KeyError, ValueError):
                continue
    return None


def suggest_name(name: str, rules: NamingRules) -> str:
    """The name a file should have under the rules."""
    path = PurePosixPath(name)
    stem, extension = path.stem, path.suffix.lstrip(".").lower()
    prefix = ""
    found = _find_date(stem) if rules.date_prefix else None
    if found:
        day, (start, end) = found
        stem = stem[:start] + " " + stem[end:]
        prefix = day.isoformat()
    if rules.lowercase:
        stem = stem.lower()
    separator = rules.separator
    words = [w for w in re.split(r"[^A-Za-z0-9.]+", stem) if w]
    words = [w.strip(".") for w in words if w.lower().strip(".") not in rules.vague_words]
    stem = separator.join([prefix] + words if prefix else words) or "document"
    return f"{stem}.{extension}" if extension else stem


def check_name(relative: str, rules: NamingRules, is_page: bool = False) -> list[Diagnostic]:
    """Warnings for one file (path relative to the site root)."""
    name = PurePosixPath(relative).name
    problems = []
    extension = PurePosixPath(name).suffix.lstrip(".").lower()
    if not is_page and rules.extensions and extension not in rules.extensions:
        problems.append(warning(
            "content.naming", f"'{name}': .{extension or '(none)'} files are not in the "
            "naming convention's allowed types", path=relative,
            hint="publish it in an open format: " + ", ".join(rules.extensions)))
    suggested = suggest_name(name, rules)
    if suggested != name:
        problems.append(warning(
            "content.naming", f"'{name}' does not follow the document naming convention",
            path=relative, hint=f"rename it to '{suggested}' (and update links to it)"))
    elif len(name) > rules.max_length:
        problems.append(warning(
            "content.naming", f"'{name}' is longer than {rules.max_length} characters",
            path=relative, hint="shorten the description part of the name"))
    return problems
