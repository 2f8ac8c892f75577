"""Kept current as things change: no fixed date. With `review_months`, reviewed within
that many months of the last update (a review cycle, from guidance or practice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opcc.scheme.model import Due, Evidence
from opcc.scheme.rules.base import add_months, no_other_keys, whole_number


@dataclass(frozen=True)
class OnChangeRule:
    review_months: int | None = None
    name = "on-change"

    @classmethod
    def from_data(cls, data: dict) -> OnChangeRule:
        no_other_keys(data, ("review_months",))
        return cls(whole_number(data, "review_months", minimum=1))

    def describe(self) -> str:
        if self.review_months:
            return f"kept current, and reviewed every {self.review_months} months"
        return "kept current as things change"

    def assess(self, evidence: Evidence, today: date) -> Due:
        if not self.review_months or not evidence.updates:
            return Due()
        review = add_months(max(evidence.updates), self.review_months)
        if review < today:
            return Due(late=(f"the review due on {review.day} {review:%B %Y}",),
                       late_since=review, next_due=review)
        return Due(next_due=review)
