"""Due within `lag_days` of the end of each month, quarter or financial year: the monthly
spending and grants (3(f) and 3(g)), quarterly expenses, annual reports.

Where the site says which months a series covers (a dataset's files named by month),
every period from the first published to the last one due must be there: a gap names
the missing months. Otherwise the newest update must come after the last period due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from opcc.scheme.model import Due, Evidence
from opcc.scheme.rules.base import (
    RuleError,
    add_months,
    financial_year_name,
    financial_year_start,
    month_end,
    no_other_keys,
    whole_number,
)

PERIOD_MONTHS = {"month": 1, "quarter": 3, "financial-year": 12}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    name: str

    def months(self) -> set[tuple[int, int]]:
        day, found = self.start, set()
        while day <= self.end:
            found.add((day.year, day.month))
            day = add_months(day, 1)
        return found


@dataclass(frozen=True)
class PeriodEndRule:
    period: str
    lag_days: int
    name = "period-end"

    @classmethod
    def from_data(cls, data: dict) -> PeriodEndRule:
        no_other_keys(data, ("period", "lag_days"))
        if data.get("period") not in PERIOD_MONTHS:
            raise RuleError("'period' must be one of: " + ", ".join(PERIOD_MONTHS))
        lag = whole_number(data, "lag_days")
        if lag is None:
            raise RuleError("'lag_days' is needed: the days after the period's end it is due")
        return cls(data["period"], lag)

    def describe(self) -> str:
        return f"each {self.period.replace('-', ' ')}, within {self.lag_days} days of its end"

    def period_containing(self, day: date) -> Period:
        size = PERIOD_MONTHS[self.period]
        if self.period == "financial-year":
            start = financial_year_start(day)
            return Period(start, date(start.year + 1, 3, 31), financial_year_name(start.year))
        first_month = (day.month - 1) // size * size + 1
        start = date(day.year, first_month, 1)
        end_month = add_months(start, size - 1)
        end = month_end(end_month.year, end_month.month)
        name = f"{start:%B %Y}" if size == 1 else f"{start:%B} to {end:%B %Y}"
        return Period(start, end, name)

    def due(self, period: Period) -> date:
        return period.end + timedelta(days=self.lag_days)

    def step(self, period: Period, forward: bool) -> Period:
        return self.period_containing(period.end + timedelta(days=1) if forward
                                      else period.start - timedelta(days=1))

    def last_due(self, today: date) -> Period:
        """The newest period whose due date has passed."""
        period = self.period_containing(today)
        while self.due(period) >= today:
            period = self.step(period, forward=False)
        return period

    def assess(self, evidence: Evidence, today: date) -> Due:
        required = self.last_due(today)
        if evidence.months is not None:
            covered = {self.period_containing(date(y, m, 1)) for y, m in evidence.months}
        else:  # an update after a period's end is taken to publish it
            covered = self._ended_before(required, max(evidence.updates, default=None))
        late = self.gaps(required, covered)
        return Due(late=tuple(p.name for p in late),
                   late_since=self.due(late[0]) if late else None,
                   next_due=self._next_due(required, covered))

    def _ended_before(self, required: Period, newest: date | None) -> set[Period]:
        covered, period = set(), required
        while newest is not None and period.end < newest:
            covered.add(period)
            period = self.step(period, forward=True)
        return covered

    def gaps(self, required: Period, covered: set[Period]) -> list[Period]:
        """Each period from the first covered to the last one due that is not covered; just
        the last one due when nothing before it is covered."""
        earlier = [p for p in covered if p.start <= required.start]
        if not earlier:
            return [required]
        missing, period = [], min(earlier, key=lambda p: p.start)
        while period.start <= required.start:
            if period not in covered:
                missing.append(period)
            period = self.step(period, forward=True)
        return missing

    def _next_due(self, required: Period, covered: set[Period]) -> date:
        period = self.step(required, forward=True)
        while period in covered:
            period = self.step(period, forward=True)
        return self.due(period)
