"""Each spending row's supplier type: the export's own value when it is one of the
schema's types (or a common synonym), else the supplier register's, else a guess from the
name (importers.suppliers). Fails safe: a guess that is not sure is `unknown`, which the
schema masks; a person-like name typed as a company is a warning naming the row."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from opcc.datasets.publish import MASK
from opcc.diagnostics import warning
from opcc.importers.enrich.base import Enrichment, FieldIndex, ImportContext
from opcc.importers.reports import TableReport
from opcc.importers.suppliers.inference import infer_supplier_type
from opcc.importers.suppliers.register import Classification, read_register, register_text
from opcc.importers.text_cells import clean_text

REGISTER = "suppliers.csv"
MASKED_TYPES = {"individual", "sole-trader", "unknown"}
SYNONYMS = {
    "company": ("company", "private", "private sector", "commercial", "business", "ltd",
                "limited", "plc", "limited company"),
    "public-body": ("public", "public sector", "public body", "government", "local authority",
                    "other public body", "public authority", "public sector body", "nhs"),
    "vcse": ("vcs", "vcse", "voluntary", "third sector", "voluntary sector",
             "voluntary and community sector", "social enterprise", "community"),
    "charity": ("charity", "charitable", "registered charity"),
    "individual": ("individual", "person", "private individual", "personal"),
    "sole-trader": ("sole trader", "sole-trader", "self employed", "self-employed"),
    "partnership": ("partnership",),
}
TYPE_OF = {word: kind for kind, words in SYNONYMS.items() for word in words}


def given_type(value: str, allowed: tuple[str, ...]) -> str | None:
    """The schema type an export's value means, or None if it means none of them."""
    key = " ".join(clean_text(value)[0].replace("_", " ").split()).casefold()
    kind = key.replace(" ", "-") if key.replace(" ", "-") in allowed else TYPE_OF.get(key)
    return kind if kind in allowed else None


class SupplierTypes:
    def __init__(self, context: ImportContext, index: FieldIndex):
        self.context, self.index = context, index
        self.path = context.target.folder / REGISTER
        self.register = read_register(self.path)
        spec = next(s for s in context.target.fields if s.name == "supplier_type")
        self.allowed = tuple(str(v) for v in spec.constraints.get("enum") or ())
        self.new: dict[str, Classification] = {}
        self.odd_values: Counter = Counter()
        self.unknown: Counter = Counter()
        self.person_like: list[int] = []

    def classify(self, tables: list[TableReport], found: Enrichment) -> None:
        found.diagnostics += self.register.diagnostics
        for report in tables:
            for row, number in zip(report.rows, report.numbers):
                self.row(row, number)
        found.diagnostics += self.warnings()
        if self.new and self.register.writable:
            updated = self.register.with_new(list(self.new.values()))
            found.files[self.relative] = register_text(updated).encode("utf-8")
            found.notes += self.review_notes()

    @property
    def relative(self) -> str:
        return Path(self.context.target.relative).parent.joinpath(REGISTER).as_posix()

    def row(self, row: list[str], number: int) -> None:
        name = self.index.get(row, "supplier_name")
        value = self.index.get(row, "supplier_type")
        kind = given_type(value, self.allowed) if value else None
        if value and kind is None:
            self.odd_values[value] += 1
        if name == MASK:
            kind = kind or "individual"  # the export withheld the name: fail safe
        elif kind is None:
            kind = self.lookup(name)
        elif kind not in MASKED_TYPES and infer_supplier_type(name).looks_like_person:
            self.person_like.append(number)
        if kind == "unknown" and name != MASK:
            self.unknown[name] += 1
        if kind not in self.allowed:  # a site schema without `unknown`: fail safe
            kind = "individual" if "individual" in self.allowed else kind
        self.index.set(row, "supplier_type", kind)

    def lookup(self, name: str) -> str:
        known = self.register.classify(name)
        if known.source == "inferred" and known.name.casefold() not in self.new:
            self.new[known.name.casefold()] = known
        return known.type

    def warnings(self) -> list:
        label = self.context.source.label
        found = []
        if self.odd_values:
            shown = ", ".join(f"'{v}' ({n} rows)" for v, n in self.odd_values.most_common(6))
            found.append(warning(
                "dataset.import-supplier-type", f"the supplier type column holds values that "
                f"are not supplier types: {shown}; those rows' types were taken from the "
                "supplier register or guessed from the name", path=label,
                hint="recode them in a mapping file (values: {supplier_type: {VALUE: "
                     "company}}) or correct them at the source"))
        if self.person_like:
            rows = ", ".join(str(n) for n in self.person_like[:10])
            found.append(warning(
                "dataset.import-supplier-person", f"{len(self.person_like)} row"
                f"{_s(self.person_like)} name{'' if len(self.person_like) != 1 else 's'} "
                f"what looks like a person but the export types them as an organisation, so "
                f"the name will be published (rows {rows})", path=label,
                row=self.person_like[0], hint="check each: a person's name must be typed "
                "individual or sole-trader (then it is masked)"))
        if self.unknown:
            names = "; ".join(printable(n, "unknown") for n in list(self.unknown)[:10])
            more = f" and {len(self.unknown) - 10} more" if len(self.unknown) > 10 else ""
            found.append(warning(
                "dataset.import-supplier-unknown", f"{len(self.unknown)} supplier"
                f"{_s(self.unknown)} could not be typed and will be masked: {names}{more}",
                path=label, hint=f"give each a type in {self.relative} (company, "
                "public-body, charity, …) to publish its name"))
        return found

    def review_notes(self) -> list[str]:
        kinds = Counter(c.type for c in self.new.values())
        summary = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
        lines = [(f"{len(self.new)} new supplier{_s(self.new)} typed by a guess from the "
                  f"name ({summary}); review them in {self.relative}:")]
        for item in sorted(self.new.values(), key=lambda c: c.name.casefold())[:15]:
            lines.append(f"  {item.type}: {printable(item.name, item.type)} ({item.reason})")
        if len(self.new) > 15:
            lines.append(f"  … and {len(self.new) - 15} more")
        return lines


def printable(name: str, kind: str) -> str:
    """A name as printed: in full when the type publishes it, else by its initials (output
    ends up in CI logs; the full names are in suppliers.csv)."""
    if kind not in MASKED_TYPES:
        return name
    return " ".join(word[:1] + "…" for word in name.split()) or "…"


def _s(items) -> str:
    return "s" if len(items) != 1 else ""
