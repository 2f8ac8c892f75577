"""Due before the financial year it relates to begins: 31 March (the budget, 3(a) to (e))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opcc.scheme.model import Due, Evidence
from opcc.scheme.rules.base import (
    ONE_DAY,
    add_months,
    financial_year_name,
    financial_year_start,
    no_other_keys,
)

# An update in the six months before a deadline is taken as the publication for the year
# that deadline opens; without it the item's dates cannot say which year it covers.
WINDOW_MONTHS = 6


@dataclass(frozen=True)
class FinancialYearRule:
    name = "financial-year"

    @classmethod
    def from_data(cls, data: dict) -> FinancialYearRule:
        no_other_keys(data, ())
        return cls()

    def describe(self) -> str:
        return "before each financial year begins (by 31 March)"

    def assess(self, evidence: Evidence, today: date) -> Due:
        start = financial_year_start(today)
        deadline = start - ONE_DAY  # 31 March before the current year
        following = date(start.year + 1, 3, 31)
        covered = [u for u in evidence.updates if u > add_months(deadline, -WINDOW_MONTHS)]
        if not covered:
            return Due(late=(f"the {financial_year_name(start.year)} publication",),
                       late_since=deadline, next_due=following)
        if any(u > add_months(following, -WINDOW_MONTHS) for u in covered):
            return Due(next_due=date(start.year + 2, 3, 31))
        return Due(next_due=following)
