"""A site's changes to its profile, from site.yaml `scheme:`: items it adds, frequencies it
changes, items that do not apply (with the reason), good practice it adopts, and the
dates of events (an HMICFRS report, an IOPC release) that start a duty."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from fnmatch import fnmatchcase

from opcc.diagnostics import Diagnostic, error, suggestion
from opcc.scheme.model import KINDS, Item, LegalBasis, Profile, Timing
from opcc.scheme.rules import RuleError, parse_rule
from opcc.scheme.rules.base import iso_date

CONFIG_FILE = "site.yaml"
# site.yaml's `frequency` words, each as the due rule it means.
FREQUENCIES = {"monthly": {"rule": "period-end", "period": "month", "lag_days": 31},
               "quarterly": {"rule": "period-end", "period": "quarter", "lag_days": 31},
               "annually": {"rule": "on-change", "review_months": 12},
               "as-needed": {"rule": "on-change"}}
ADDED_ITEM_KEYS = {"id": True, "title": True, "class": True, "frequency": False, "due": False,
                   "legal_basis": False, "kind": False, "timing": False, "retention": False}

_Report = Callable[[tuple, str, str, str], None]  # (path under scheme:, code, message, hint)


def apply_overrides(profile: Profile, settings, positions: dict
                    ) -> tuple[Profile, list[Diagnostic]]:
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
    _adopt(items, getattr(settings, "adopt", ()), report)
    not_applicable = _not_applicable(items, settings.not_applicable, report)
    events = _events(getattr(settings, "events", {}), report)
    return replace(profile, items=tuple(items.values()), not_applicable=tuple(not_applicable),
                   events=events), problems


def frequency_rule(frequency: str):
    return parse_rule(FREQUENCIES[frequency])


def _added_item(profile: Profile, items: dict[str, Item], index: int, raw: dict,
                report: _Report) -> Item | None:
    """An item of `scheme.add`, or None (reported) when it is incomplete or clashes."""
    missing = [k for k, required in ADDED_ITEM_KEYS.items() if required and not raw.get(k)]
    for key in (k for k in raw if k not in ADDED_ITEM_KEYS):
        report(("add", index, key), "config.scheme-item",
               f"unknown key '{key}' in an added item{suggestion(key, ADDED_ITEM_KEYS)}",
               "an item has: " + ", ".join(ADDED_ITEM_KEYS))
    if missing or not (raw.get("frequency") or raw.get("due")):
        report(("add", index), "config.scheme-item",
               f"added item {index + 1} needs {', '.join(missing or ['frequency or due'])}",
               "e.g. {id: local-1, title: ..., class: services, frequency: annually}")
        return None
    if raw["class"] not in profile.class_slugs:
        report(("add", index, "class"), "config.scheme-item",
               f"unknown class '{raw['class']}'"
               f"{suggestion(str(raw['class']), profile.class_slugs)}",
               "use one of: " + ", ".join(profile.class_slugs))
        return None
    rule = _added_rule(raw, index, report)
    if rule is None or raw.get("kind", "page") not in KINDS:
        if rule is not None:
            report(("add", index, "kind"), "config.scheme-item",
                   f"added item '{raw['id']}' has an unknown kind", "kind: page or dataset")
        return None
    if str(raw["id"]) in items:
        report(("add", index, "id"), "config.scheme-item",
               f"item '{raw['id']}' is already in the profile",
               "use scheme.frequency to change an existing item, or pick a new id")
        return None
    return Item(
        id=str(raw["id"]), title=" ".join(str(raw["title"]).split()),
        scheme_class=raw["class"], kind=raw.get("kind", "page"),
        legal_basis=LegalBasis(str(raw.get("legal_basis") or "Published by local decision"),
                               "", "good-practice"),
        timing=Timing(rule, str(raw.get("timing") or rule.describe()), False, CONFIG_FILE),
        added_by_site=True)


def _added_rule(raw: dict, index: int, report: _Report):
    if raw.get("due") is not None:
        try:
            return parse_rule(raw["due"])
        except RuleError as exc:
            report(("add", index, "due"), "config.scheme-item", f"due: {exc}",
                   "e.g. due: {rule: period-end, period: quarter, lag_days: 31}")
            return None
    if raw["frequency"] not in FREQUENCIES:
        report(("add", index, "frequency"), "config.scheme-frequency",
               f"unknown frequency '{raw['frequency']}'"
               f"{suggestion(str(raw['frequency']), FREQUENCIES)}",
               "use one of: " + ", ".join(FREQUENCIES))
        return None
    return frequency_rule(raw["frequency"])


def _change_frequencies(items: dict[str, Item], frequencies: dict, report: _Report) -> None:
    """`scheme.frequency`: item id -> the frequency the site publishes it at. It replaces
    the item's due rule; the law's words stay, marked as the site's own timing."""
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
            item = items[item_id]
            timing = replace(item.timing, rule=frequency_rule(frequency),
                             source=f"{CONFIG_FILE} (scheme.frequency: {frequency})")
            items[item_id] = replace(item, timing=timing)


def _adopt(items: dict[str, Item], patterns, report: _Report) -> None:
    """`scheme.adopt`: good-practice items (ids or patterns such as lgtc-*) the office has
    adopted: from then on they are due and reported like the law's, in their own group."""
    for index, pattern in enumerate(patterns):
        matched = [i for i in items if fnmatchcase(i, str(pattern))]
        practice = [i for i in matched if not items[i].statutory]
        if not practice:
            report(("adopt", index), "config.scheme-item",
                   f"'{pattern}' names no good-practice item"
                   f"{suggestion(str(pattern), [i for i in items if not items[i].statutory])}",
                   "adopt takes the ids of good-practice items (lgtc-*, ico-*); the law's "
                   "items need no adopting")
        for item_id in practice:
            items[item_id] = replace(items[item_id], adopted=True)


def _not_applicable(items: dict[str, Item], reasons: dict,
                    report: _Report) -> list[tuple[str, str]]:
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


def _events(events: dict, report: _Report) -> tuple[tuple[str, date], ...]:
    """`scheme.events`: name -> a date or a list of dates."""
    found = []
    for name, dates in (events or {}).items():
        for written in dates if isinstance(dates, list) else [dates]:
            day = iso_date(written)
            if day is None:
                report(("events", name), "config.scheme-event",
                       f"event '{name}' has '{written}', which is not a date",
                       f"write ISO dates: {name}: [2026-10-22]")
            else:
                found.append((str(name), day))
    return tuple(sorted(found))
