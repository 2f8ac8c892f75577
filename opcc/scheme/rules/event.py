"""Due within `days` of each event: a meeting, a decision, an HMICFRS report (the
commissioner's comments: 56 days beginning with the day the report is published). A
mirror is due after the most recent of an external publication only: 'the most recent'
report the Order asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from opcc.scheme.model import Due, Evidence
from opcc.scheme.rules.base import (
    RuleError,
    financial_year_start,
    names,
    no_other_keys,
    whole_number,
)

UNTIL = ("financial-year-end",)
# How the events the profiles name read in a sentence; a site's own reads as its name.
EVENT_WORDS = {"hmicfrs-report": "HMICFRS report", "hmicfrs-peel": "HMICFRS PEEL report",
               "public-meeting": "public meeting", "decision": "decision",
               "election": "election", "panel-annual-report": "panel's report on the annual report",
               "iopc-quarterly": "IOPC quarterly data", "iopc-annual": "IOPC annual statistics"}


def event_words(name: str) -> str:
    return EVENT_WORDS.get(name, name.replace("-", " "))


@dataclass(frozen=True)
class EventRule:
    events: tuple[str, ...]
    days: int | None  # a period of `days` days beginning with the day of the event
    until: str | None = None  # or: by the end of the financial year of the event
    name = "event"

    @classmethod
    def from_data(cls, data: dict) -> EventRule:
        no_other_keys(data, ("events", "days", "until"))
        days = whole_number(data, "days", minimum=1)
        until = data.get("until")
        if until is not None and until not in UNTIL:
            raise RuleError("'until' must be one of: " + ", ".join(UNTIL))
        if (days is None) == (until is None):
            raise RuleError("give either 'days' (within N days of each event) or "
                            "'until: financial-year-end'")
        return cls(names(data, "events"), days, until)

    def describe(self) -> str:
        what = " or ".join(event_words(e) for e in self.events)
        if self.until:
            return f"by the end of the financial year of each {what}"
        return f"within {self.days} days of each {what}"

    def deadline(self, event: date) -> date:
        if self.until:
            return date(financial_year_start(event).year + 1, 3, 31)
        return event + timedelta(days=self.days - 1)

    def occasions(self, evidence: Evidence) -> list[tuple[date, str]]:
        """(date, event name) of each event, oldest first."""
        return sorted({(d, e) for e in self.events for d in evidence.events.get(e, ())})

    def assess(self, evidence: Evidence, today: date) -> Due:
        if evidence.obligations:  # the records say what each one owes, and by when
            return assess_obligations(evidence.obligations, today)
        late, coming = [], []
        for event, name in self.occasions(evidence):
            if any(u >= event for u in evidence.updates):
                continue
            (late if self.deadline(event) < today else coming).append((event, name))
        return Due(late=tuple(f"the {event_words(n)} of {e.day} {e:%B %Y}" for e, n in late),
                   late_since=self.deadline(late[0][0]) if late else None,
                   next_due=min((self.deadline(e) for e, _ in coming), default=None))


def assess_obligations(obligations, today: date) -> Due:
    """Each record's own duties: late when unmet after its day; met late is met."""
    unmet = sorted((o for o in obligations if o.met is None), key=lambda o: (o.due, o.what))
    late = [o for o in unmet if o.due < today]
    return Due(late=tuple(f"{o.what} (due {o.due.day} {o.due:%B %Y})" for o in late),
               late_since=late[0].due if late else None,
               next_due=min((o.due for o in unmet if o.due >= today), default=None))


@dataclass(frozen=True)
class MirrorRule(EventRule):
    name = "mirror"

    @classmethod
    def from_data(cls, data: dict) -> MirrorRule:
        no_other_keys(data, ("events", "days"))
        days = whole_number(data, "days", minimum=1)
        if days is None:
            raise RuleError("'days' is needed: the days after each publication it is due")
        return cls(names(data, "events"), days)

    def describe(self) -> str:
        what = " or ".join(event_words(e) for e in self.events)
        return f"the most recent {what}, within {self.days} days of its publication"

    def occasions(self, evidence: Evidence) -> list[tuple[date, str]]:
        return super().occasions(evidence)[-1:]
