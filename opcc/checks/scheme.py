"""Scheme stage: the publication-scheme profile (classes and required items), the site's
overrides of it, and compliance: which items are published, due soon, overdue or missing.

The profile is data (opcc/profiles/opcc.yaml), not code.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

import yaml

from opcc.diagnostics import Diagnostic, error, suggestion, warning

FREQUENCIES = ("monthly", "quarterly", "annually", "as-needed")
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annually": 12}
KINDS = ("page", "dataset")
DUE_SOON_DAYS = 14
STATUSES = ("published", "due-soon", "overdue", "missing", "not-applicable")
# How each status reads in a sentence and on its tag: "published" is an item that is
# published and not yet due again, so it reads "up to date" beside "overdue".
STATUS_WORDS = {"published": "up to date", "due-soon": "due soon", "overdue": "overdue",
                "missing": "missing", "not-applicable": "not applicable"}
CONFIG_FILE = "site.yaml"


@dataclass(frozen=True)
class SchemeClass:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class Retention:
    years: int | None  # None: permanent
    action: str


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    scheme_class: str
    legal_basis: str
    frequency: str
    kind: str
    retention: Retention | None
    timing: str | None = None
    timing_confirmed: bool = True
    added_by_site: bool = False


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    classes: tuple[SchemeClass, ...]
    items: tuple[Item, ...] = ()
    not_applicable: tuple[tuple[str, str], ...] = ()  # (item id, reason), from site.yaml

    @property
    def class_slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.classes)

    def scheme_class(self, slug: str | None) -> SchemeClass | None:
        return next((c for c in self.classes if c.slug == slug), None)

    def item(self, item_id: str | None) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def reason_not_applicable(self, item_id: str) -> str | None:
        return dict(self.not_applicable).get(item_id)


BUILT_IN_PROFILES = ("opcc",)


def _retention(data) -> Retention | None:
    if not isinstance(data, dict):
        return None
    years = data.get("years")
    return Retention(None if years in (None, "permanent") else int(years),
                     str(data.get("action", "")))


def _item(data: dict, added_by_site: bool = False) -> Item:
    return Item(
        id=str(data["id"]), title=" ".join(str(data["title"]).split()),
        scheme_class=str(data["class"]), legal_basis=str(data.get("legal_basis") or
                                                         "Published by local decision"),
        frequency=str(data.get("frequency", "as-needed")), kind=str(data.get("kind", "page")),
        retention=_retention(data.get("retention")), timing=data.get("timing"),
        timing_confirmed=bool(data.get("timing_confirmed", True)), added_by_site=added_by_site)


@lru_cache(maxsize=None)
def load_profile(name: str = "opcc") -> Profile:
    """Read a built-in profile shipped in opcc/profiles/."""
    text = resources.files("opcc.profiles").joinpath(f"{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Profile(
        name=data["name"],
        title=data["title"],
        classes=tuple(SchemeClass(c["slug"], c["title"], " ".join(c["description"].split()))
                      for c in data["classes"]),
        items=tuple(_item(i) for i in data.get("items", [])),
    )


# -- site overrides ---------------------------------------------------------------------

ADDED_ITEM_KEYS = {"id": True, "title": True, "class": True, "frequency": True,
                   "legal_basis": False, "kind": False, "timing": False, "retention": False}


_Report = Callable[[tuple, str, str, str], None]  # (path under scheme:, code, message, hint)


def apply_overrides(profile: Profile, settings,
                    positions: dict) -> tuple[Profile, list[Diagnostic]]:
    """Apply site.yaml `scheme:` add / frequency / not_applicable to a profile."""
    problems: list[Diagnostic] = []

    def report(path: tuple, code: str, message: str, hint: str) -> None:
        pos = positions.get(("scheme",) + path)
        problems.append(error(code, message, path=CONFIG_FILE, line=pos.line if pos else None,
                              column=pos.column if pos else None, hint=hint))

    items = {item.id: item for item in profile.items}
    for index, raw in enumerate(settings.add):
        added = _added_item(profile, items, index, raw, report)
        if added is not None:
            items[added.id] = added
    _change_frequencies(items, settings.frequency, report)
    not_applicable = _not_applicable(items, settings.not_applicable, report)
    return replace(profile, items=tuple(items.values()),
                   not_applicable=tuple(not_applicable)), problems


def _added_item(profile: Profile, items: dict[str, Item], index: int, raw: dict,
                report: _Report) -> Item | None:
    """An item of `scheme.add`, or None (reported) when it is incomplete, has an unknown
    class, frequency or kind, or repeats an item's id."""
    missing = [k for k, required in ADDED_ITEM_KEYS.items() if required and not raw.get(k)]
    unknown = [k for k in raw if k not in ADDED_ITEM_KEYS]
    for key in unknown:
        report(("add", index, key), "config.scheme-item",
               f"unknown key '{key}' in an added item{suggestion(key, ADDED_ITEM_KEYS)}",
               "an item has: " + ", ".join(ADDED_ITEM_KEYS))
    if missing:
        report(("add", index), "config.scheme-item",
               f"added item {index + 1} needs {', '.join(missing)}",
               "e.g. {id: local-1, title: ..., class: services, frequency: annually}")
        return None
    if raw["class"] not in profile.class_slugs:
        report(("add", index, "class"), "config.scheme-item",
               f"unknown class '{raw['class']}'"
               f"{suggestion(str(raw['class']), profile.class_slugs)}",
               "use one of: " + ", ".join(profile.class_slugs))
        return None
    if raw["frequency"] not in FREQUENCIES or raw.get("kind", "page") not in KINDS:
        report(("add", index), "config.scheme-item",
               f"added item '{raw['id']}' has an unknown frequency or kind",
               f"frequency: {', '.join(FREQUENCIES)}; kind: {', '.join(KINDS)}")
        return None
    if str(raw["id"]) in items:
        report(("add", index, "id"), "config.scheme-item",
               f"item '{raw['id']}' is already in the profile",
               "use scheme.frequency to change an existing item, or pick a new id")
        return None
    return _item(raw, added_by_site=True)


def _change_frequencies(items: dict[str, Item], frequencies: dict, report: _Report) -> None:
    """`scheme.frequency`: item id -> the frequency the site publishes it at."""
    for item_id, frequency in frequencies.items():
        if item_id not in items:
            report(("frequency", item_id), "config.scheme-item",
                   f"unknown item '{item_id}'{suggestion(str(item_id), items)}",
                   "scheme.frequency changes the frequency of a profile item")
        elif frequency not in FREQUENCIES:
            report(("frequency", item_id), "config.scheme-frequency",
                   f"unknown frequency '{frequency}'{suggestion(str(frequency), FREQUENCIES)}",
                   "use one of: " + ", ".join(FREQUENCIES))
        else:
            items[item_id] = replace(items[item_id], frequency=frequency)


def _not_applicable(items: dict[str, Item], reasons: dict,
                    report: _Report) -> list[tuple[str, str]]:
    """`scheme.not_applicable`: (item id, reason) for each item that does not apply."""
    not_applicable = []
    for item_id, reason in reasons.items():
        if item_id not in items:
            report(("not_applicable", item_id), "config.scheme-item",
                   f"unknown item '{item_id}'{suggestion(str(item_id), items)}",
                   "name an item of the profile (opcc report lists them)")
        elif not isinstance(reason, str) or not reason.strip():
            report(("not_applicable", item_id), "config.scheme-reason",
                   f"item '{item_id}' is marked not applicable without a reason",
                   "write the reason, which is shown on the guide to information: "
                   f"{item_id}: The office owns no land.")
        else:
            not_applicable.append((str(item_id), " ".join(reason.split())))
    return not_applicable


# -- dates ------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(last_updated: date | None, frequency: str) -> date | None:
    months = FREQUENCY_MONTHS.get(frequency)
    if months is None or last_updated is None:
        return None
    return add_months(last_updated, months)


# -- compliance -------------------------------------------------------------------------

@dataclass(frozen=True)
class Fulfilment:
    """A page or dataset that publishes an item."""
    title: str
    url: str
    source: str
    last_updated: date | None
    published: date | None
    kind: str  # "page" or "dataset"
    line: int | None = None  # line of the `item:` key


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    status: str
    last_updated: date | None
    next_due: date | None
    fulfilled_by: tuple[Fulfilment, ...]
    reason: str | None = None  # why it is not applicable


def assess(profile: Profile, fulfilments: dict[str, list[Fulfilment]],
           today: date) -> list[ItemStatus]:
    statuses = []
    for item in profile.items:
        found = tuple(sorted(fulfilments.get(item.id, []), key=lambda f: f.url))
        reason = profile.reason_not_applicable(item.id)
        dates = [f.last_updated for f in found if f.last_updated]
        last = max(dates) if dates else None
        due = next_due(last, item.frequency)
        if reason is not None:
            status = "not-applicable"
        elif not found:
            status = "missing"
        elif due is not None and today > due:
            status = "overdue"
        elif due is not None and (due - today).days <= DUE_SOON_DAYS:
            status = "due-soon"
        else:
            status = "published"
        statuses.append(ItemStatus(item, status, last, due, found, reason))
    return statuses


def summary_counts(statuses: Iterable[ItemStatus]) -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    for status in statuses:
        counts[status.status] += 1
    return counts


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
    problems = []
    for status in statuses:
        item = status.item
        if status.status == "missing":
            problems.append(warning(
                "scheme.missing", f"required item '{item.id}' is not published: {item.title} "
                f"({item.legal_basis})", path=CONFIG_FILE,
                hint=f"publish a page or dataset with 'item: {item.id}', or mark it under "
                     "scheme.not_applicable in site.yaml with the reason"))
        elif status.status == "overdue":
            newest = max(status.fulfilled_by, key=lambda f: f.last_updated or date.min)
            problems.append(warning(
                "scheme.overdue", f"'{item.id}' ({item.title}) is {item.frequency} and was last "
                f"updated on {status.last_updated}; it was due by {status.next_due}",
                path=newest.source, line=newest.line,
                hint="publish the update, then set 'updated:' to the date you did"))
        for fulfilment in status.fulfilled_by:
            retention = item.retention
            if retention is None or retention.years is None or fulfilment.published is None:
                continue
            expires = add_months(fulfilment.published, 12 * retention.years)
            if today > expires:
                problems.append(warning(
                    "scheme.retention", f"'{fulfilment.title}' has been published since "
                    f"{fulfilment.published}, longer than the {retention.years} years the "
                    f"retention policy allows for {item.id}", path=fulfilment.source,
                    line=fulfilment.line,
                    hint=f"disposal action: {retention.action}; then remove it from the site"))
    return problems


def check_item_keys(profile: Profile, entries: Iterable[tuple[str | None, str | None, str,
                                                              int | None, str]]
                    ) -> list[Diagnostic]:
    """Each (item, class, source, line, family) must name an item of that class."""
    problems = []
    ids = [i.id for i in profile.items]
    for item_id, scheme_class, source, line, family in entries:
        if item_id is None:
            continue
        item = profile.item(item_id)
        if item is None:
            problems.append(error(
                f"{family}.item", f"unknown scheme item '{item_id}'{suggestion(item_id, ids)}",
                path=source, line=line, hint="opcc report lists the items of the profile; "
                "site.yaml scheme.add adds your own"))
        elif scheme_class and item.scheme_class != scheme_class:
            own = profile.scheme_class(scheme_class)
            other = profile.scheme_class(item.scheme_class)
            problems.append(error(
                f"{family}.item", f"item '{item_id}' belongs to the class '{item.scheme_class}' "
                f"({other.title}), but this is filed under '{scheme_class}' ({own.title})",
                path=source, line=line,
                hint=f"set 'class: {item.scheme_class}', or use an item of '{scheme_class}'"))
    return problems


def due_soon_cutoff(today: date) -> date:
    return today + timedelta(days=DUE_SOON_DAYS)
