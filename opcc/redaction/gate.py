"""The redaction gate: every string about to be published is scanned for personal data.

It runs on what would reach site/: page and record files (front matter and body),
dataset cells after schema redaction, and every attachment (hidden parts included).
A finding is an error unless allowed: site-wide in site.yaml `redaction.allow` (the
office's own details in `organisation:` are allowed too), or for one page or dataset in
its own `redaction:` list, each with a written reason. Messages show masked values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from opcc.config import SiteConfig
from opcc.diagnostics import Diagnostic, error, warning
from opcc.kinds.pages import Attachment
from opcc.redaction import CODES, AllowList, Finding, Scanner, line_and_column
from opcc.redaction.inspectors import checked, inspect_attachment, script_capable

HINT = ("remove the value, or if it may be published (the office's own contact details), "
        "add it to redaction.allow in site.yaml with the reason")
CELL_HINT = ("mask or drop the column in the schema (redact: mask, with when: for some rows), "
             "or allow it in the dataset's redaction: list with the reason")


WARNING_HINT = ("an address written out ('name at example dot com') still reaches its "
                "owner: check it is meant to be public (a warning: no exception is needed)")


def hint_for(finding: Finding, default: str = HINT) -> str:
    return WARNING_HINT if finding.severity == "warning" else default


@dataclass(frozen=True)
class LocalRules:
    """Exceptions for one page or dataset: `redaction: [{value|pattern|code, field?, reason}]`."""
    values: AllowList
    codes: tuple[tuple[str, str | None], ...]  # (code, field or None)
    files: frozenset[str] = frozenset()  # attachment names published unchecked, with a reason

    def allows(self, finding: Finding, field: str | None = None) -> bool:
        if self.values.allows(finding):
            return True
        return any(code == finding.code and (scope is None or scope == field)
                   for code, scope in self.codes)

    def allowed_codes(self) -> set[str]:
        """Codes allowed everywhere in the page or dataset (not only in one field)."""
        return {code for code, field in self.codes if field is None}


def local_rules(raw, source: str, line: int | None) -> tuple[LocalRules, list[Diagnostic]]:
    """Parse a page's or dataset's `redaction:` list; every entry needs a reason."""
    problems: list[Diagnostic] = []
    values, codes, files = [], [], []
    items = raw.get("allow", raw) if isinstance(raw, dict) else raw
    if raw is not None and not isinstance(items, list):
        items = []
        problems.append(error("redaction.exception", "'redaction' should be a list of "
                              "{value, pattern or code, reason}", path=source, line=line,
                              hint="e.g. redaction: [{code: redaction.postcode, field: "
                                   "site_postcode, reason: business addresses}]"))
    for number, item in enumerate(items or [], start=1):
        if not isinstance(item, dict) or not str(item.get("reason") or "").strip():
            problems.append(error("redaction.exception", f"redaction exception {number} has "
                                  "no reason", path=source, line=line,
                                  hint="every exception must say why publishing is lawful"))
            continue
        if "code" in item:
            if item["code"] not in CODES:
                problems.append(error("redaction.exception", f"redaction exception {number}: "
                                      f"unknown code '{item['code']}'", path=source, line=line,
                                      hint="codes: " + ", ".join(CODES)))
                continue
            codes.append((str(item["code"]), str(item["field"]) if item.get("field") else None))
        elif "file" in item:
            files.append(str(item["file"]).replace("\\", "/").rsplit("/", 1)[-1])
        elif "value" in item or "pattern" in item:
            values.append(item)
        else:
            problems.append(error("redaction.exception", f"redaction exception {number} needs "
                                  "a value, a pattern, a code or a file", path=source, line=line,
                                  hint="say what may be published, and why"))
    try:
        allow = AllowList(values)
    except ValueError as exc:
        problems.append(error("redaction.exception", str(exc), path=source, line=line,
                              hint="check the pattern"))
        allow = AllowList([])
    return LocalRules(allow, tuple(codes), frozenset(files)), problems


NO_RULES = LocalRules(AllowList([]), ())


def scan_text(scanner: Scanner, text: str, source: str, rules: LocalRules = NO_RULES,
              line_offset: int = 0) -> list[Diagnostic]:
    problems = []
    for finding in scanner.scan(text):
        if rules.allows(finding):
            continue
        line, column = line_and_column(text, finding.start)
        make = warning if finding.severity == "warning" else error
        problems.append(make(finding.code, f"{finding.label} '{finding.masked}' in published "
                              "text", path=source, line=line + line_offset, column=column,
                              hint=hint_for(finding)))
    return problems


def scan_file(scanner: Scanner, root: Path, source: str,
              rules: LocalRules = NO_RULES) -> list[Diagnostic]:
    """A page or record: the whole file, front matter included."""
    try:
        text = (root / source).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # the loader has already reported an unreadable file
    return scan_text(scanner, text.replace("\r\n", "\n"), source, rules)


class ValueMemo:
    """The findings of each distinct value of one column, and which values have any."""

    __slots__ = ("flagged", "found")

    def __init__(self):
        self.found: dict[str, tuple[Finding, ...]] = {}
        self.flagged: set[str] = set()


class CellScan:
    """The gate's scan of a table's published cells, fed column by column a block of rows
    at a time (`add`), so that a large table is never held whole. Each distinct value of a
    column is scanned once (supplier names and categories repeat); the findings, and the
    rows and fields they are reported at, are those of scanning every cell."""

    MEMO_LIMIT = 100_000  # distinct values remembered per column before starting afresh

    def __init__(self, scanner: Scanner, fields, source: str, rules: LocalRules = NO_RULES,
                 memos: list[ValueMemo] | None = None):
        self.scanner = scanner
        self.names = [spec.name for spec in fields]
        self.source = source
        self.rules = rules
        # findings before the local rules: may be shared by the tables of one schema
        self.memos = memos if memos is not None else [ValueMemo() for _ in self.names]
        self.found: list[list[tuple[int, Finding]]] = [[] for _ in self.names]

    def add(self, column: int, cells, first: int, distinct=None) -> None:
        """Scan one column of a block of rows; `first` is the block's first row index
        (0 for the first data row); `distinct`: the column's distinct cells, if known."""
        memo, name = self.memos[column], self.names[column]
        found = memo.found
        if len(found) > self.MEMO_LIMIT:
            found.clear()
            memo.flagged.clear()
        distinct = dict.fromkeys(cells) if distinct is None else distinct
        new = [cell for cell in distinct if cell and cell not in found]
        if new:
            hits: dict[int, list[Finding]] = {}
            for index, finding in self.scanner.scan_cells(new, name):
                hits.setdefault(index, []).append(finding)
            for index, cell in enumerate(new):
                found[cell] = tuple(hits.get(index, ()))
            memo.flagged.update(new[index] for index in hits)
        flagged = memo.flagged & distinct.keys() if memo.flagged else None
        if not flagged:
            return
        kept = self.found[column]
        for offset, cell in enumerate(cells):
            if cell in flagged:
                for finding in found[cell]:
                    if not self.rules.allows(finding, name):
                        kept.append((first + offset, finding))

    def diagnostics(self) -> list[Diagnostic]:
        return [(warning if finding.severity == "warning" else error)(
                finding.code, f"{finding.label} '{finding.masked}' in a published cell",
                path=self.source, row=index + 2, field=name, hint=hint_for(finding, CELL_HINT))
                for name, found in zip(self.names, self.found) for index, finding in found]


def scan_attachment(scanner: Scanner, root: Path, attachment: Attachment,
                    organisation: tuple[str, ...], rules: LocalRules = NO_RULES
                    ) -> list[Diagnostic]:
    relative = attachment.source.relative_to(root.resolve()).as_posix() \
        if attachment.source.is_relative_to(root.resolve()) else str(attachment.source)
    problems = []
    name = attachment.source.name
    if name in rules.files and not checked(name):
        if not script_capable(name):
            return []  # published unchecked on purpose: the page's exception gives the reason
    for finding in inspect_attachment(attachment.source, scanner, organisation=organisation):
        if finding.code in rules.allowed_codes():
            continue
        make = warning if finding.severity == "warning" else error
        problems.append(make(finding.code, finding.message, path=relative,
                             field=finding.location, hint=finding.hint))
    return problems


def organisation_values(scanner: Scanner, config: SiteConfig) -> list[dict]:
    """Allow items for the personal-data-like values in the office's own details (its
    postcode, phone and mailbox, from site.yaml), which every page shows."""
    org = config.organisation
    texts = [*org.address, org.phone or "", org.foi_email or ""]
    return [{"value": finding.value, "reason": "the office's own details in site.yaml"}
            for text in texts for finding in scanner.scan(str(text))]


def organisation_names(config: SiteConfig) -> tuple[str, ...]:
    return (config.organisation.name, config.organisation.short_name)


def unique_attachments(owners: Iterable[tuple[Attachment, str, LocalRules]]
                       ) -> list[tuple[Attachment, str, LocalRules]]:
    seen, result = set(), []
    for attachment, source, rules in owners:
        if attachment.source not in seen:
            seen.add(attachment.source)
            result.append((attachment, source, rules))
    return result
