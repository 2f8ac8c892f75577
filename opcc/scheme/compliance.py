"""Compliance: for each item, what fulfils it, what its due rule makes of that, and so its
status: published (up to date), due soon, overdue, missing or not applicable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from opcc.diagnostics import Diagnostic, error, suggestion, warning
from opcc.scheme.model import GROUPS, Evidence, Item, Obligation, Profile, Publication
from opcc.scheme.rules.base import add_months

DUE_SOON_DAYS = 14
STATUSES = ("published", "due-soon", "overdue", "missing", "not-applicable")
# How each status reads in a sentence and on its tag: "published" is an item that is
# published and not yet due again, so it reads "up to date" beside "overdue".
STATUS_WORDS = {"published": "up to date", "due-soon": "due soon", "overdue": "overdue",
                "missing": "missing", "not-applicable": "not applicable"}
CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class Fulfilment:
    """A page, dataset or register that publishes an item."""
    title: str
    url: str
    source: str
    last_updated: date | None
    published: date | None
    kind: str  # "page" or "dataset"
    line: int | None = None  # line of the `item:` key
    months: frozenset | None = None  # (year, month) a series covers, when its files say
    publication: Publication | None = None  # the page's own publication period
    hold_until: date | None = None  # a legal hold: never unpublished before this day
    obligations: tuple[Obligation, ...] = ()  # the duties each record owes (kinds' records)


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    status: str
    last_updated: date | None
    next_due: date | None
    fulfilled_by: tuple[Fulfilment, ...]
    reason: str | None = None  # why it is not applicable
    late: tuple[str, ...] = ()  # what is late, in words: the missing months, the events
    late_since: date | None = None

    @property
    def due_rule(self) -> str:
        """When the item falls due, in words: the rule of the records that owe their duties
        one by one (with the site's own periods), else the profile's rule."""
        words = sorted({o.rule for f in self.fulfilled_by for o in f.obligations if o.rule})
        return "; ".join(words) or self.item.timing.rule.describe()


def evidence_for(found: tuple[Fulfilment, ...], events: dict) -> Evidence:
    months = [f.months for f in found if f.months is not None]
    return Evidence(updates=tuple(f.last_updated for f in found if f.last_updated),
                    months=frozenset().union(*months) if months else None, events=events,
                    obligations=tuple(o for f in found for o in f.obligations))


def assess(profile: Profile, fulfilments: dict[str, list[Fulfilment]], today: date,
           events: Iterable[tuple[str, date]] = ()) -> list[ItemStatus]:
    """Each item's status on `today`. `events` (name, date) come from the pages and
    records that carry them; the profile's own (from site.yaml) are added."""
    by_name: dict[str, tuple[date, ...]] = {}
    for name, day in sorted({*profile.events, *events}):
        by_name[name] = by_name.get(name, ()) + (day,)
    return [_status(profile, item, tuple(sorted(fulfilments.get(item.id, []),
                                                key=lambda f: f.url)), by_name, today)
            for item in profile.items]


def _status(profile: Profile, item: Item, found: tuple[Fulfilment, ...], events: dict,
            today: date) -> ItemStatus:
    evidence = evidence_for(found, events)
    due = item.timing.rule.assess(evidence, today)
    last = max(evidence.updates, default=None)
    reason = profile.reason_not_applicable(item.id)
    if reason is not None:
        status = "not-applicable"
    elif not found:
        status = "missing"
    elif due.late:
        status = "overdue"
    elif due.next_due is not None and (due.next_due - today).days <= DUE_SOON_DAYS:
        status = "due-soon"
    else:
        status = "published"
    return ItemStatus(item, status, last, due.next_due, found, reason,
                      due.late if found and reason is None else (), due.late_since)


def summary_counts(statuses: Iterable[ItemStatus]) -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    for status in statuses:
        counts[status.status] += 1
    return counts


def by_group(statuses: Iterable[ItemStatus]) -> dict[str, list[ItemStatus]]:
    groups: dict[str, list[ItemStatus]] = {group: [] for group in GROUPS}
    for status in statuses:
        groups[status.item.group].append(status)
    return groups


def summary_sentence(statuses: list[ItemStatus]) -> str:
    """"41 of 46 items published: 36 up to date, 2 due soon, 3 overdue; 5 missing".

    Every number in it is one of the per-status counts, or the sum it says it is: an
    overdue or due-soon item is published, so it is counted in both places by name.
    """
    counts = summary_counts(statuses)
    required = len(statuses) - counts["not-applicable"]
    published = counts["published"] + counts["due-soon"] + counts["overdue"]
    sentence = f"{published} of {required} items published"
    kinds = [f"{counts[s]} {STATUS_WORDS[s]}" for s in ("published", "due-soon", "overdue")
             if counts[s]]
    if kinds and published:
        sentence += ": " + ", ".join(kinds)
    for status in ("missing", "not-applicable"):
        if counts[status]:
            sentence += f"; {counts[status]} {STATUS_WORDS[status]}"
    return sentence


def compliance_diagnostics(statuses: list[ItemStatus], today: date) -> list[Diagnostic]:
    """Warnings for the law's items and adopted good practice; recommendations never warn."""
    problems = []
    for status in statuses:
        if status.item.group != "recommended":
            problems.extend(_due_problems(status))
        problems.extend(_publication_problems(status, today))
    return problems


def _due_problems(status: ItemStatus) -> list[Diagnostic]:
    item = status.item
    if status.status == "missing":
        return [warning(
            "scheme.missing", f"required item '{item.id}' is not published: {item.title} "
            f"({item.legal_basis})", path=CONFIG_FILE,
            hint=f"publish a page or dataset with 'item: {item.id}', or mark it under "
                 "scheme.not_applicable in site.yaml with the reason")]
    if status.status != "overdue":
        return []
    newest = max(status.fulfilled_by, key=lambda f: f.last_updated or date.min)
    return [warning(
        "scheme.overdue", f"'{item.id}' ({item.title}) is overdue: "
        f"{'; '.join(status.late)} {'was' if len(status.late) == 1 else 'were'} due by "
        f"{status.late_since} ({status.due_rule})",
        path=newest.source, line=newest.line,
        hint="publish what is late, then set 'updated:' to the date you did"
             + (" (a series: add each missing month's file)" if newest.months else ""))]


def publication_period(item: Item, fulfilment: Fulfilment) -> Publication:
    """The page's own period where it sets one, else the item's."""
    return fulfilment.publication or item.publication


def _publication_problems(status: ItemStatus, today: date) -> list[Diagnostic]:
    """The privacy ceiling: personal data published longer than max_years (unless held)."""
    problems = []
    for fulfilment in status.fulfilled_by:
        period = publication_period(status.item, fulfilment)
        if not period.max_years or fulfilment.published is None:
            continue
        expires = add_months(fulfilment.published, 12 * period.max_years)
        held = fulfilment.hold_until is not None and fulfilment.hold_until >= today
        if today > expires and not held:
            problems.append(warning(
                "scheme.publication-expired", f"'{fulfilment.title}' has been published "
                f"since {fulfilment.published}, longer than the {period.max_years} years "
                f"allowed for the personal data in {status.item.id}", path=fulfilment.source,
                line=fulfilment.line,
                hint=f"{period.on_expiry} it (publication.on_expiry), or set hold: "
                     "{reason, until} while a request, complaint or claim is open"))
    return problems


def check_item_keys(profile: Profile, entries: Iterable[tuple[str | None, str | None, str,
                                                              int | None, str]]
                    ) -> list[Diagnostic]:
    """Each (item, class, source, line, family) must name an item of that class."""
    problems = []
    ids = [i.id for i in profile.items]
    renamed = dict(profile.renamed)
    for item_id, scheme_class, source, line, family in entries:
        if item_id is None:
            continue
        item = profile.item(item_id)
        if item is None:
            hint = (f"the item was renamed: write 'item: {renamed[item_id]}'"
                    if item_id in renamed else "opcc report lists the items of the profile; "
                    "site.yaml scheme.add adds your own")
            problems.append(error(
                f"{family}.item", f"unknown scheme item '{item_id}'"
                f"{'' if item_id in renamed else suggestion(item_id, ids)}",
                path=source, line=line, hint=hint))
        elif scheme_class and item.scheme_class != scheme_class:
            own = profile.scheme_class(scheme_class)
            other = profile.scheme_class(item.scheme_class)
            problems.append(error(
                f"{family}.item", f"item '{item_id}' belongs to the class '{item.scheme_class}' "
                f"({other.title}), but this is filed under '{scheme_class}' ({own.title})",
                path=source, line=line,
                hint=f"set 'class: {item.scheme_class}', or use an item of '{scheme_class}'"))
    return problems

