"""Mapping a table's columns to the schema's fields. The header is the row the --map file's
`header_row:` names, else the row whose headings match the most fields (`Matcher`: the
--map file's `columns:` first, then the variants in header-variants.yaml, comparing letters
and digits only, so "PaymentDate", "Payment date" and "payment_date" are one heading);
`plan_columns` gives each field its column(s), and everything else is dropped and listed
with the reason. `opcc foi import` finds its header the same way (`Matcher.for_keys`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from opcc.datasets.descriptors import FieldSpec
from opcc.diagnostics import Diagnostic, error
from opcc.importers.mapping import Mapping
from opcc.importers.tables import Table

VARIANTS_FILE = "header-variants.yaml"


LEVELLED = re.compile(r"(.*[A-Za-z])[\s_-]+(\d{1,2})")
LEVEL_RANK = 1000  # after every exact variant


def heading_key(text: str) -> str:
    """Headings compare by letters and digits only: '* Date', 'DatePaid', 'date_paid'."""
    return _key(text)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@lru_cache(maxsize=1)
def header_variants() -> dict[str, tuple[str, ...]]:
    """field name → heading keys, most preferred first (header-variants.yaml)."""
    text = resources.files("opcc.importers").joinpath(VARIANTS_FILE).read_text("utf-8")
    data = (yaml.safe_load(text) or {}).get("fields") or {}
    return {str(name): tuple(dict.fromkeys(heading_key(str(v)) for v in variants or ()))
            for name, variants in data.items()}


def field_keys(spec: FieldSpec) -> tuple[str, ...]:
    """The heading keys of a field: its name and title first unless the variants place them."""
    listed = header_variants().get(spec.name, ())
    own = tuple(k for k in (heading_key(spec.name), heading_key(spec.title))
                if k and k not in listed)
    return tuple(dict.fromkeys(own + listed))


class Matcher:
    """Which field a heading stands for: the mapping file first, then the known variants."""

    def __init__(self, specs: tuple[FieldSpec, ...], mapping: Mapping | None,
                 columns: dict[str, str | None] | None = None,
                 keys: dict[str, tuple[str, ...]] | None = None):
        self.by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.mapping = mapping
        if keys is None:
            keys = {spec.name: field_keys(spec) for spec in specs}
        for name, field_key_list in keys.items():
            for rank, key in enumerate(field_key_list):
                self.by_key[key].append((rank, name))
        self.exact = dict(mapping.columns) if mapping else dict(columns or {})
        self.keyed = {heading_key(k): v for k, v in self.exact.items()
                      if not re.fullmatch(r"column \d+", k)}
        self._seen: dict[str, tuple[str, ...] | bool] = {}

    @classmethod
    def for_keys(cls, headings: dict[str, tuple[str, ...]],
                 columns: dict[str, str | None] | None = None) -> Matcher:
        """A matcher for fields that are not a schema's (the FOI import's record fields):
        field → its headings, most preferred first; `columns` as a mapping's columns:."""
        keys = {name: tuple(dict.fromkeys(heading_key(h) for h in (name, *names)))
                for name, names in headings.items()}
        return cls((), None, columns, keys)

    def mapped(self, heading: str, number: int | None = None) -> tuple[bool, str | None]:
        """(the mapping names this column, the field or None)."""
        if number is not None and f"column {number}" in self.exact:
            return True, self.exact[f"column {number}"]
        if heading in self.exact:
            return True, self.exact[heading]
        key = heading_key(heading)
        if key and key in self.keyed:
            return True, self.keyed[key]
        return False, None

    def candidates(self, heading: str) -> list[tuple[int, str]]:
        """(rank, field) for every field whose variants hold this heading. A heading with a
        level number (Oracle's EXPENSE_TYPE_3, EXPENSE_TYPE_6) matches after any exact
        heading, the most detailed level first."""
        found = self.by_key.get(heading_key(heading), [])
        level = LEVELLED.fullmatch(heading.strip())
        if found or not level:
            return found
        return [(LEVEL_RANK - int(level[2]), name)
                for _, name in self.by_key.get(heading_key(level[1]), [])]

    def score(self, row: list) -> int:
        """How many fields (and columns the mapping names) a row's cells stand for."""
        fields, named = set(), 0
        for value in row:
            if isinstance(value, str) and value and len(value) < 200:
                hit = self._seen.get(value)
                if hit is None:
                    hit = self._seen[value] = self._stands_for(value)
                if hit is True:
                    named += 1
                elif hit:
                    fields.update(hit)
        return len(fields) + named

    def _stands_for(self, value: str) -> tuple[str, ...] | bool:
        """The fields a cell could be the heading of; True for a column mapped to null."""
        heading = " ".join(value.split())
        if not heading:
            return ()
        found, target = self.mapped(heading)
        if found:
            return (target,) if target else True
        return tuple(name for _, name in self.candidates(heading))


@dataclass(frozen=True)
class Column:
    index: int  # 0-based
    heading: str
    label: str  # how messages name it: the heading, 'column 3 (Name)' or 'B (Name)'
    filled: int  # values below the header


@dataclass
class Plan:
    """Where each field comes from."""
    sources: dict[str, list[Column]] = field(default_factory=dict)  # several: first filled
    constants: dict[str, object] = field(default_factory=dict)  # field → normalised Cell
    mapping: Mapping | None = None  # its values: recode source cells (`recode`)
    dropped: list[tuple[Column, str]] = field(default_factory=list)
    empty_unnamed: int = 0  # columns with neither a heading nor a value
    problems: list[Diagnostic] = field(default_factory=list)
    fallbacks: dict[str, str] = field(default_factory=dict)  # column label → field

    def recode(self, name: str, value: object) -> object:
        """A source cell of field `name` as the mapping file's values: recode it (before it is
        normalised); unchanged when the mapping does not name the value."""
        return self.mapping.recode(name, value) if self.mapping else value


def locate_header(table: Table, matcher: Matcher, fields: int) -> int | None:
    """Index of the header row: the row the mapping's header_row: names, else the row that
    matches the most fields (the first on a tie), or None."""
    given = matcher.mapping.header_row(table.sheet) if matcher.mapping else None
    if given is not None:
        return table.numbers.index(given) if given in table.numbers else None
    best, best_score = None, 0
    for index, row in enumerate(table.rows):
        score = matcher.score(row)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= min(2, fields) else None


def guess_header(table: Table) -> int | None:
    """When no row's headings match the fields: the first row that looks like a header by
    its shape (two or more short text cells, as many as the rows below it mostly fill, none
    a number), or None. Titles and notes above a table fill fewer cells, so they are never
    taken for it."""
    widths = [_filled(row) for row in table.rows]
    wide = [w for w in widths if w >= 2]
    if not wide:
        return None
    usual = max(set(wide), key=lambda w: (wide.count(w), w))
    for index, row in enumerate(table.rows):
        if widths[index] >= max(2, usual - usual // 5) and all(
                isinstance(v, str) and len(v.strip()) < 100
                and not re.fullmatch(r"[-+£$€]?[\d.,/: ]+%?", v.strip())
                for v in row if v not in (None, "") and str(v).strip()):
            return index
    return None


def _filled(row: list) -> int:
    return sum(1 for v in row if v not in (None, "") and str(v).strip())


def first_filled_row(table: Table) -> int:
    return next((i for i, row in enumerate(table.rows)
                 if any(v not in (None, "") and str(v).strip() for v in row)), 0)


def table_columns(table: Table, header: int) -> list[Column]:
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    cells = rows[header] + [None] * (width - len(rows[header]))
    headings = [" ".join(str(v).split()) if v is not None else "" for v in cells]
    counts = Counter(h for h in headings if h)
    filled = [0] * width
    for number, row in enumerate(rows):
        if number != header:
            for index, value in enumerate(row):
                if value is not None and (not isinstance(value, str) or value.strip()):
                    filled[index] += 1
    columns = []
    for index, heading in enumerate(headings):
        letter = table.letter(index)
        if letter:
            label = f"{letter} ({heading})" if heading else letter
        elif heading and counts[heading] == 1:
            label = heading
        else:
            label = f"column {index + 1}" + (f" ({heading})" if heading else "")
        columns.append(Column(index, heading, label, filled[index]))
    return columns


def plan_columns(columns: list[Column], specs: tuple[FieldSpec, ...], matcher: Matcher,
                 hidden: frozenset[int], where: dict) -> Plan:
    """Map columns to fields: explicit mapping, then variants (best rank wins)."""
    plan = Plan(mapping=matcher.mapping)
    if matcher.mapping is not None:
        plan.problems += matcher.mapping.enum_problems(specs)
    explicit: dict[str, list[Column]] = defaultdict(list)
    auto: dict[str, list[tuple[int, Column]]] = defaultdict(list)
    for column in columns:
        _place_column(column, matcher, hidden, plan, explicit, auto, where)
    for spec in specs:
        _choose_columns(spec.name, explicit.get(spec.name), auto.get(spec.name, []), plan, where)
    _add_fallbacks(plan)
    return plan


def _add_fallbacks(plan: Plan) -> None:
    """A column read only where the field's own column is empty (header-variants.yaml
    `fallbacks:`): MoJ leaves a single-line invoice's amount empty and gives its total."""
    for name, keys in fallback_variants().items():
        if name not in plan.sources:
            continue
        spare = [(c, reason) for c, reason in plan.dropped if heading_key(c.heading) in keys]
        for column, reason in spare:
            plan.sources[name].append(column)
            plan.dropped.remove((column, reason))
            plan.fallbacks[column.label] = name


def fallback_variants() -> dict[str, tuple[str, ...]]:
    """field name → heading keys of columns read where its own column is empty."""
    text = resources.files("opcc.importers").joinpath(VARIANTS_FILE).read_text("utf-8")
    data = (yaml.safe_load(text) or {}).get("fallbacks") or {}
    return {str(name): tuple(heading_key(str(v)) for v in variants or ())
            for name, variants in data.items()}


def _place_column(column: Column, matcher: Matcher, hidden: frozenset[int], plan: Plan,
                  explicit: dict, auto: dict, where: dict) -> None:
    if column.index in hidden:
        plan.dropped.append((column, "hidden in the workbook (--include-hidden imports it)"))
        return
    found, target = matcher.mapped(column.heading, column.index + 1)
    if found:
        if target is None:
            plan.dropped.append((column, "mapped to null"))
        else:
            explicit[target].append(column)
        return
    if not column.heading:
        if column.filled:
            plan.dropped.append((column, f"no heading ({column.filled} values)"))
        else:
            plan.empty_unnamed += 1
        return
    hits = matcher.candidates(column.heading)
    names = sorted({name for _, name in hits})
    if len(names) > 1:
        plan.problems.append(error(
            "dataset.import-header", f"the heading '{column.heading}' could be any of the "
            f"fields {', '.join(names)}", **where, hint="say which in the mapping file: "
            f"columns: {{\"{column.heading}\": {names[0]}}}"))
        plan.dropped.append((column, "could be several fields"))
    elif names:
        auto[names[0]].append((hits[0][0], column))
    else:
        plan.dropped.append((column, "no field of the schema has this heading"
                             + ("" if column.filled else " (empty)")))


def _choose_columns(name: str, chosen: list[Column] | None, candidates: list, plan: Plan,
                    where: dict) -> None:
    ranked = sorted(candidates, key=lambda rc: (rc[0], rc[1].index))
    if chosen:
        plan.sources[name] = chosen
        plan.dropped += [(c, f"the mapping file gives '{name}' another column")
                         for _, c in ranked]
        return
    if not ranked:
        return
    best = [c for r, c in ranked if r == ranked[0][0]]
    if len(best) > 1:
        labels = " and ".join(f"'{c.label}'" for c in best)
        plan.problems.append(error(
            "dataset.import-header", f"columns {labels} both look like field '{name}'",
            **where, hint=f"say which in the mapping file, e.g. columns: {{\"column "
            f"{best[0].index + 1}\": {name}, \"column {best[1].index + 1}\": null}}"))
        plan.dropped += [(c, f"could be '{name}'") for c in best]
        return
    # a column that only says the value was withheld (Tameside's "Redact Name") is read
    # too: a redaction marker in any of a field's columns wins
    withheld = [c for _, c in ranked[1:] if "redact" in heading_key(c.label)]
    plan.sources[name] = [best[0], *withheld]
    plan.dropped += [(c, f"'{best[0].label}' was used for '{name}'") for _, c in ranked[1:]
                     if c not in withheld]
