"""Reading the built-in profiles (opcc/profiles/*.yaml): each variant is a small file of
differences (`extends`, `change`, `remove`, `items`) over the profile it extends.

A profile is the product's claim about the law, so the loader is strict: an item without a
legal basis or a due rule is refused, never filled in with a default.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from opcc.scheme.model import (
    KINDS,
    ON_EXPIRY,
    SOURCES,
    Item,
    LegalBasis,
    Profile,
    Publication,
    SchemeClass,
    SpecifiedInformation,
    Timing,
)
from opcc.scheme.rules import RuleError, parse_rule

BUILT_IN_PROFILES = ("opcc", "opcc-wales", "pfcc", "mayor")
ITEM_KEYS = ("id", "title", "class", "kind", "legal_basis", "due", "timing", "publication",
             "records", "specified", "prominent")


class ProfileError(ValueError):
    """A profile that breaks the rules; `problems` lists each one, naming the item."""

    def __init__(self, name: str, problems: list[str]):
        super().__init__(f"profile '{name}': " + "; ".join(problems))
        self.problems = problems


def profile_text(name: str) -> str:
    return resources.files("opcc.profiles").joinpath(f"{name}.yaml").read_text("utf-8")


def merged_data(name: str, read=profile_text) -> dict:
    """The profile's data with every `extends` applied, base first."""
    data = yaml.safe_load(read(name)) or {}
    parent_name = data.get("extends")
    if not parent_name:
        return data
    parent = merged_data(parent_name, read)
    return apply_variant(parent, data, name)


def apply_variant(parent: dict, variant: dict, name: str) -> dict:
    items = [dict(i) for i in parent.get("items", [])]
    ids = [i.get("id") for i in items]
    problems = []
    for item_id in variant.get("remove", []):
        if item_id not in ids:
            problems.append(f"remove: no item '{item_id}' in '{variant['extends']}'")
    items = [i for i in items if i.get("id") not in variant.get("remove", [])]
    for item_id, changes in (variant.get("change") or {}).items():
        target = next((i for i in items if i.get("id") == item_id), None)
        if target is None or not isinstance(changes, dict):
            problems.append(f"change: no item '{item_id}' in '{variant['extends']}'")
        else:
            target.update(changes)
    items.extend(variant.get("items", []))
    if problems:
        raise ProfileError(name, problems)
    return {**parent, **{k: v for k, v in variant.items()
                         if k not in ("extends", "remove", "change", "items")},
            "instruments": {**parent.get("instruments", {}), **variant.get("instruments", {})},
            "renamed": {**parent.get("renamed", {}), **variant.get("renamed", {})},
            "items": items}


@cache
def load_profile(name: str = "opcc") -> Profile:
    """A built-in profile, its variants resolved and every item checked."""
    return read_profile(merged_data(name))


def read_profile(data: dict) -> Profile:
    name = str(data.get("name", "?"))
    instruments = data.get("instruments") or {}
    classes = tuple(SchemeClass(c["slug"], c["title"], " ".join(c["description"].split()))
                    for c in data.get("classes", []))
    slugs = {c.slug for c in classes}
    problems: list[str] = []
    items, seen = [], set()
    for raw in data.get("items", []):
        item = read_item(raw, instruments, slugs, problems)
        if item is not None and item.id in seen:
            problems.append(f"item '{item.id}' appears twice")
        elif item is not None:
            seen.add(item.id)
            items.append(item)
    if problems:
        raise ProfileError(name, problems)
    return Profile(name=name, title=str(data.get("title", name)),
                   body=str(data.get("body", "the elected local policing body")),
                   classes=classes, items=tuple(items),
                   renamed=tuple((str(k), str(v)) for k, v in
                                 (data.get("renamed") or {}).items()))


def read_item(raw, instruments: dict, slugs: set, problems: list[str]) -> Item | None:
    """One item of a profile, or None with each problem added to `problems`."""
    if not isinstance(raw, dict) or not raw.get("id"):
        problems.append(f"an item without an id: {raw!r}"[:120])
        return None
    label = f"item '{raw['id']}'"
    before = len(problems)
    for key in sorted(set(raw) - set(ITEM_KEYS)):
        problems.append(f"{label}: unknown key '{key}'")
    if not raw.get("title"):
        problems.append(f"{label}: no title")
    if raw.get("class") not in slugs:
        problems.append(f"{label}: unknown class '{raw.get('class')}'")
    if raw.get("kind", "page") not in KINDS:
        problems.append(f"{label}: kind must be one of {', '.join(KINDS)}")
    basis = _legal_basis(raw.get("legal_basis"), instruments, label, problems)
    timing = _timing(raw, label, problems)
    publication = _publication(raw.get("publication"), label, problems)
    specified = raw.get("specified")
    if specified is not None and not (isinstance(specified, dict) and specified.get("paragraph")
                                      and specified.get("words")):
        problems.append(f"{label}: specified needs paragraph and words")
    if len(problems) > before:
        return None
    return Item(
        id=str(raw["id"]), title=" ".join(str(raw["title"]).split()),
        scheme_class=raw["class"], kind=raw.get("kind", "page"), legal_basis=basis,
        timing=timing, publication=publication,
        record_type=(raw.get("records") or {}).get("retention"),
        specified=SpecifiedInformation(str(specified["paragraph"]),
                                       " ".join(str(specified["words"]).split()))
        if specified else None,
        prominent=bool(raw.get("prominent", False)))


def _legal_basis(data, instruments: dict, label: str, problems: list[str]) -> LegalBasis | None:
    if not isinstance(data, dict) or not data.get("instrument"):
        problems.append(f"{label}: no legal_basis {{instrument, provision, source}}")
        return None
    if data["instrument"] not in instruments:
        problems.append(f"{label}: unknown instrument '{data['instrument']}'")
        return None
    if data.get("source") not in SOURCES:
        problems.append(f"{label}: legal_basis.source must be one of {', '.join(SOURCES)}")
        return None
    return LegalBasis(" ".join(str(instruments[data["instrument"]]).split()),
                      str(data.get("provision", "")), data["source"], str(data.get("note", "")))


def _timing(raw: dict, label: str, problems: list[str]) -> Timing | None:
    try:
        rule = parse_rule(raw.get("due"))
    except RuleError as exc:
        problems.append(f"{label}: due: {exc}")
        return None
    timing = raw.get("timing")
    if not isinstance(timing, dict) or not timing.get("words") or \
            not isinstance(timing.get("confirmed"), bool):
        problems.append(f"{label}: timing needs words and confirmed: true or false")
        return None
    return Timing(rule, " ".join(str(timing["words"]).split()), timing["confirmed"],
                  str(timing.get("source", "")))


def _publication(data, label: str, problems: list[str]) -> Publication:
    data = data or {}
    publication = Publication(data.get("min_years"), data.get("max_years"),
                              data.get("on_expiry"))
    for problem in publication_problems(publication):
        problems.append(f"{label}: publication: {problem}")
    return publication


def publication_problems(publication: Publication) -> list[str]:
    """What is wrong with a publication period, in words (shared with page front matter)."""
    problems = []
    for key in ("min_years", "max_years"):
        value = getattr(publication, key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            problems.append(f"{key} must be a whole number of years, not {value!r}")
    if publication.on_expiry is not None and publication.on_expiry not in ON_EXPIRY:
        problems.append("on_expiry must be one of " + ", ".join(ON_EXPIRY))
    if (publication.on_expiry is None) != (publication.max_years is None):
        problems.append("max_years and on_expiry go together")
    if not problems and publication.min_years and publication.max_years and \
            publication.max_years < publication.min_years:
        problems.append(f"max_years ({publication.max_years}) is below the statutory "
                        f"minimum min_years ({publication.min_years})")
    return problems
