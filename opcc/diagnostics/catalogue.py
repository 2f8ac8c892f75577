"""The catalogue of diagnostic codes (catalogue.yaml beside this module): each code declared
once, with its family, default severity, a one-line title, an explanation in plain English
and a general hint. `opcc explain` prints it; the README's table of codes is made from it.

    python -m opcc.diagnostics.catalogue --markdown         # print the README's table
    python -m opcc.diagnostics.catalogue --update-readme    # rewrite it in README.md

Nothing here checks the codes the generator reports while it runs (a diagnostic is never
refused for its code): tests/diagnostics/test_catalogue.py holds the two together.
"""

from __future__ import annotations

import argparse
import functools
import sys
import textwrap
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from opcc.diagnostics import ERROR, WARNING, suggestion

CATALOGUE_FILE = "catalogue.yaml"
README_START = ("<!-- diagnostic codes: made from opcc/diagnostics/catalogue.yaml by "
                "`python -m opcc.diagnostics.catalogue --update-readme`; do not edit -->")
README_END = "<!-- end of diagnostic codes -->"
WIDTH = 79


class CatalogueError(ValueError):
    """catalogue.yaml is malformed (a bug in the generator, found by its tests)."""


@dataclass(frozen=True)
class Entry:
    code: str
    family: str
    severity: str  # the default: --strict promotes warnings, drafts demote errors
    title: str
    explanation: str
    hint: str


@dataclass(frozen=True)
class Catalogue:
    families: dict[str, str]  # family -> what its codes are about
    entries: dict[str, Entry]  # code -> entry, sorted by code

    def family(self, name: str) -> list[Entry]:
        return [entry for entry in self.entries.values() if entry.family == name]


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (a code declared twice)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise CatalogueError(f"{CATALOGUE_FILE} line {key_node.start_mark.line + 1}: "
                                 f"'{key}' is declared twice")
        seen.add(key)
    return loader.construct_mapping(node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse(text: str) -> Catalogue:
    """The catalogue in `text` (catalogue.yaml's form), checked; CatalogueError if not."""
    data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader
    if not isinstance(data, dict) or not isinstance(data.get("families"), dict):
        raise CatalogueError(f"{CATALOGUE_FILE} must hold 'families:'")
    families: dict[str, str] = {}
    entries: dict[str, Entry] = {}
    for family, declared in data["families"].items():
        if not isinstance(declared, dict) or set(declared) != {"title", "codes"}:
            raise CatalogueError(f"family '{family}' needs a title and its codes")
        families[family] = _text(declared["title"], f"family '{family}'")
        if not isinstance(declared["codes"], dict) or not declared["codes"]:
            raise CatalogueError(f"family '{family}' has no codes")
        for code, fields in declared["codes"].items():
            entry = _entry(family, code, fields)
            if code in entries:
                raise CatalogueError(f"'{code}' is declared twice")
            entries[code] = entry
    return Catalogue(dict(sorted(families.items())), dict(sorted(entries.items())))


def _entry(family: str, code: object, fields: object) -> Entry:
    if not isinstance(code, str) or not code.startswith(f"{family}.") or \
            not code[len(family) + 1:] or " " in code:
        raise CatalogueError(f"'{code}' is not a code of the family '{family}'")
    keys = {"severity", "title", "explanation", "hint"}
    if not isinstance(fields, dict) or set(fields) != keys:
        raise CatalogueError(f"'{code}' needs exactly: {', '.join(sorted(keys))}")
    if fields["severity"] not in (ERROR, WARNING):
        raise CatalogueError(f"'{code}': severity is error or warning")
    title = _text(fields["title"], code)
    if "\n" in title or title.endswith("."):
        raise CatalogueError(f"'{code}': the title is one line, without a full stop")
    return Entry(code, family, fields["severity"], title,
                 _text(fields["explanation"], code), _text(fields["hint"], code))


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: text is missing")
    return value.strip()


@functools.cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the generator (read once)."""
    text = resources.files("opcc.diagnostics").joinpath(CATALOGUE_FILE).read_text("utf-8")
    return parse(text)


def lookup(code: str) -> Entry | None:
    return catalogue().entries.get(code)


def is_known(code: str) -> bool:
    return code in catalogue().entries


def closest(code: str) -> str:
    """"; did you mean 'x'?" for an unknown code (or a family name), else ""."""
    return suggestion(code, [*catalogue().entries, *catalogue().families])


# --------------------------------------------------------------------------- printed forms

def _wrapped(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent)


def explain(entry: Entry) -> str:
    """One entry in full, as `opcc explain CODE` prints it."""
    family = catalogue().families[entry.family]
    return "\n".join([
        f"{entry.code} [{entry.severity}]: {entry.title}",
        "",
        _wrapped(entry.explanation),
        "",
        _wrapped(f"hint: {entry.hint}"),
        "",
        _wrapped(f"family: {entry.family}, {family}"),
    ]) + "\n"


def listing(family: str | None = None) -> str:
    """Every code (or one family's) with its severity and title, by family."""
    found = catalogue()
    width = max(len(code) for code in found.entries)
    lines = []
    for name, title in found.families.items():
        if family is not None and name != family:
            continue
        lines.append(f"{name}: {title}")
        lines.extend(f"  {e.code:<{width}}  {e.severity:<7}  {e.title}"
                     for e in found.family(name))
        lines.append("")
    shown = sum(1 for e in found.entries.values() if family in (None, e.family))
    lines.append(f"{shown} codes; `opcc explain CODE` explains one.")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The README's table of codes: one table per family."""
    found = catalogue()
    parts = []
    for name, title in found.families.items():
        parts.append(f"**{name}**: {_cell(title)}\n")
        parts.append("| code | severity | what it means |\n|---|---|---|")
        parts.extend(f"| `{e.code}` | {e.severity} | {_cell(e.title)} |"
                     for e in found.family(name))
        parts.append("")
    return "\n".join(parts)


def readme_block() -> str:
    return f"{README_START}\n\n{markdown_table()}\n{README_END}"


def readme_with_table(text: str) -> str:
    """README.md's text with the table of codes (between the markers) made afresh."""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise CatalogueError("README.md has no table of diagnostic codes (its markers are "
                             "missing)")
    return text[:start] + readme_block() + text[end + len(README_END):]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opcc.diagnostics.catalogue",
                                     description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--markdown", action="store_true",
                        help="print the README's table of codes")
    action.add_argument("--update-readme", metavar="README", nargs="?", const="README.md",
                        help="rewrite the table of codes in README (default README.md)")
    action.add_argument("--list", action="store_true", help="list every code")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown_table())
    elif args.list:
        sys.stdout.write(listing())
    else:
        path = Path(args.update_readme)
        text = path.read_text("utf-8")
        updated = readme_with_table(text)
        if updated != text:
            path.write_text(updated, "utf-8")
            print(f"{path}: table of diagnostic codes updated")
        else:
            print(f"{path}: table of diagnostic codes up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
