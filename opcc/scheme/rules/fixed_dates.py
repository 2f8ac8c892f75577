"""Due by a date set for each financial year in a table (the accounts: the Accounts and
Audit Regulations 2015, regulation 9A). No date is guessed for a year the table lacks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from opcc.scheme.model import Due, Evidence
from opcc.scheme.rules.base import RuleError, financial_year_name, no_other_keys

YEAR = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True)
class FixedDatesRule:
    dates: tuple[tuple[int, date], ...]  # (the year the financial year starts in, deadline)
    name = "fixed-dates"

    @classmethod
    def from_data(cls, data: dict) -> FixedDatesRule:
        no_other_keys(data, ("dates",))
        table = data.get("dates")
        if not isinstance(table, dict) or not table:
            raise RuleError("'dates' must map each financial year (2025/26) to a date")
        rows = []
        for year, deadline in table.items():
            match = YEAR.match(str(year))
            if not match or not isinstance(deadline, date):
                raise RuleError(f"'{year}: {deadline}' is not a financial year and a date "
                                "(2025/26: 2027-01-31)")
            rows.append((int(match[1]), deadline))
        return cls(tuple(sorted(rows)))

    def describe(self) -> str:
        return "by the date set for each financial year"

    def assess(self, evidence: Evidence, today: date) -> Due:
        past = [(year, day) for year, day in self.dates if day < today]
        coming = [(year, day) for year, day in self.dates if day >= today]
        late = []
        if past:
            year, day = past[-1]
            if not self._published(year, evidence):
                late.append((year, day))
        for year, day in coming:
            if not self._published(year, evidence):
                return self._due(late, day)
        return self._due(late, None)

    @staticmethod
    def _published(start_year: int, evidence: Evidence) -> bool:
        """Published after that financial year ended (31 March of the next year)."""
        return any(u > date(start_year + 1, 3, 31) for u in evidence.updates)

    @staticmethod
    def _due(late: list, next_due: date | None) -> Due:
        return Due(late=tuple(financial_year_name(y) for y, _ in late),
                   late_since=late[0][1] if late else None, next_due=next_due)
