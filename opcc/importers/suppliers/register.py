"""The supplier register: `datasets/NAME/suppliers.csv`, with the columns supplier, type
and reason. It carries each supplier's type from month to month. A user corrects a
guess by editing the type; an entry always wins over inference.

    register = read_register(path)          # a missing file is an empty register
    found = register.classify("MRS J HARGREAVES")
    register = register.with_new([found])   # inferred names are added for review
    write_register(path, register)          # sorted; unchanged bytes are not rewritten

Names match ignoring case and spacing ("ACME  LTD" is "Acme Ltd").
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.importers.suppliers.inference import TYPES, infer_supplier_type

COLUMNS = ("supplier", "type", "reason")


@dataclass(frozen=True)
class Classification:
    name: str
    type: str
    reason: str
    source: str  # "register" or "inferred"


@dataclass(frozen=True)
class RegisterEntry:
    supplier: str
    type: str  # as written: a type not in TYPES is kept (and reported), never used
    reason: str


@dataclass(frozen=True)
class SupplierRegister:
    entries: tuple[RegisterEntry, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    writable: bool = True  # False when the file could not be read: writing would lose it

    @cached_property
    def _by_key(self) -> dict[str, RegisterEntry]:
        found: dict[str, RegisterEntry] = {}
        for entry in self.entries:
            found.setdefault(name_key(entry.supplier), entry)
        return found

    def classify(self, name: str) -> Classification:
        entry = self._by_key.get(name_key(name))
        if entry is not None and entry.type in TYPES:
            return Classification(name, entry.type, entry.reason or "listed in suppliers.csv",
                                  "register")
        guess = infer_supplier_type(name)
        return Classification(name, guess.type, guess.reason, "inferred")

    def with_new(self, classifications: Iterable[Classification]) -> SupplierRegister:
        """The register with each inferred name it does not hold yet."""
        known = set(self._by_key)
        added = []
        for found in classifications:
            key = name_key(found.name)
            if found.source == "inferred" and key and key not in known:
                known.add(key)
                added.append(RegisterEntry(tidy(found.name), found.type, found.reason))
        return SupplierRegister(self.entries + tuple(added), self.diagnostics, self.writable)


def tidy(name: str) -> str:
    """The name with non-breaking spaces made plain, its ends trimmed and runs of spaces
    made single."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).split())


def name_key(name: str) -> str:
    return tidy(name).casefold()


# --------------------------------------------------------------------------- reading

def read_register(path: Path) -> SupplierRegister:
    path = Path(path)
    if not path.exists():
        return SupplierRegister()
    try:
        rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        return _unreadable(path, f"cannot be read as a UTF-8 CSV file ({exc})")
    header = [cell.strip().casefold() for cell in rows[0]] if rows else []
    if not rows or header[:2] != ["supplier", "type"]:
        return _unreadable(path, "does not start with the heading row supplier,type,reason")
    entries, problems = _entries(path, rows[1:])
    return SupplierRegister(tuple(entries), tuple(problems))


def _unreadable(path: Path, why: str) -> SupplierRegister:
    problem = error("dataset.supplier-register-unreadable", f"the supplier register {why}",
                    path=str(path), hint="save it as UTF-8 CSV with the headings "
                    "supplier,type,reason, or delete it to start again")
    return SupplierRegister((), (problem,), writable=False)


def _entries(path: Path, rows: list[list[str]]) -> tuple[list[RegisterEntry], list]:
    entries, problems, seen = [], [], set()
    for number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        entry = RegisterEntry(*(tidy(c) for c in (cells + ["", ""])[:3]))
        problem = _row_problem(path, number, cells, entry, seen)
        problems += [problem] if problem else []
        # a row with a bad type stays, unused, so that writing the register keeps it
        if problem is None or problem.field == "type":
            entries.append(entry)
        seen.add(name_key(entry.supplier))
    return entries, problems


def _row_problem(path: Path, number: int, cells: list[str], entry: RegisterEntry,
                 seen: set[str]) -> Diagnostic | None:
    where = {"path": str(path), "row": number}
    if not entry.supplier or len(cells) > 3:
        return warning("dataset.supplier-register", "this row of the supplier register is left "
                       "out: it needs a supplier, a type and at most a reason", **where,
                       hint="write the row as supplier,type,reason (quote a name that "
                       "holds a comma)")
    if name_key(entry.supplier) in seen:
        return warning("dataset.supplier-duplicate", f"'{entry.supplier}' is listed twice "
                       "in the supplier register; the first row is used", **where,
                       hint="delete one of the rows")
    if entry.type not in TYPES:
        return warning("dataset.supplier-register", f"'{entry.type}' is not a supplier type"
                       f"{suggestion(entry.type, TYPES)}; the type of '{entry.supplier}' is "
                       "guessed from its name until the row is corrected", **where,
                       field="type", hint=f"use one of: {', '.join(TYPES)}")
    return None


# --------------------------------------------------------------------------- writing

def write_register(path: Path, register: SupplierRegister) -> bool:
    """Write the register sorted by supplier; True when the file's bytes changed."""
    if not register.writable:
        raise ValueError(f"{path}: the supplier register was not readable; not overwriting it")
    path = Path(path)
    data = register_text(register).encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def register_text(register: SupplierRegister) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in sorted(register.entries, key=lambda e: (name_key(e.supplier), e.supplier)):
        writer.writerow((entry.supplier, entry.type, entry.reason))
    return out.getvalue()
