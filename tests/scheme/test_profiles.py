"""The profiles: the loader refuses an item without a legal basis or a due rule, and each
variant is the shared base plus its own differences."""

from __future__ import annotations

import pytest
import yaml

from opcc.scheme.profiles import (
    BUILT_IN_PROFILES,
    ProfileError,
    load_profile,
    merged_data,
    read_profile,
)

BASE = """
name: base
title: Base
instruments: {sio: The Order}
classes:
  - {slug: who-we-are, title: Who we are, description: Us.}
items:
  - id: sio-1a
    title: Names
    class: who-we-are
    legal_basis: {instrument: sio, provision: paragraph 1(a), source: primary}
    due: {rule: on-change}
    timing: {words: As they change, confirmed: false}
"""


def profile_from(text: str):
    return read_profile(yaml.safe_load(text))


@pytest.mark.parametrize("change,problem", [
    ("    legal_basis: {instrument: sio, provision: paragraph 1(a), source: primary}\n",
     "no legal_basis"),
    ("    due: {rule: on-change}\n", "needs a due rule"),
    ("    timing: {words: As they change, confirmed: false}\n", "timing needs words"),
])
def test_an_item_without_its_legal_basis_due_rule_or_timing_is_refused(change, problem):
    with pytest.raises(ProfileError) as raised:
        profile_from(BASE.replace(change, ""))
    assert any("item 'sio-1a'" in p and problem in p for p in raised.value.problems)


@pytest.mark.parametrize("old,new,problem", [
    ("instrument: sio,", "instrument: nope,", "unknown instrument 'nope'"),
    ("source: primary", "source: probably", "legal_basis.source must be one of"),
    ("{rule: on-change}", "{rule: monthly}", "unknown due rule 'monthly'"),
    ("confirmed: false", "confirmed: maybe", "confirmed: true or false"),
    ("class: who-we-are\n    legal", "class: nowhere\n    legal", "unknown class 'nowhere'"),
])
def test_what_the_loader_refuses(old, new, problem):
    with pytest.raises(ProfileError) as raised:
        profile_from(BASE.replace(old, new))
    assert any(problem in p for p in raised.value.problems), raised.value.problems


def test_publication_ceiling_below_the_statutory_floor_is_refused():
    text = BASE + "    publication: {min_years: 5, max_years: 3, on_expiry: unpublish}\n"
    with pytest.raises(ProfileError, match="below the statutory minimum"):
        profile_from(text)


def test_a_variant_is_its_differences_over_its_base():
    texts = {"base": BASE, "child": """
name: child
extends: base
body: the child body
instruments: {sio: The Order as modified}
change:
  sio-1a: {title: Names of the mayor}
items:
  - id: extra
    title: Extra
    class: who-we-are
    legal_basis: {instrument: sio, provision: paragraph 9, source: secondary}
    due: {rule: on-change}
    timing: {words: Kept current, confirmed: false}
""", "bad": "name: bad\nextends: base\nchange:\n  sio-9: {title: X}\n"}
    child = read_profile(merged_data("child", texts.__getitem__))
    assert [i.id for i in child.items] == ["sio-1a", "extra"]
    assert child.item("sio-1a").title == "Names of the mayor"
    assert str(child.item("sio-1a").legal_basis) == "The Order as modified, paragraph 1(a)"
    assert child.body == "the child body"
    with pytest.raises(ProfileError, match="no item 'sio-9'"):
        merged_data("bad", texts.__getitem__)


def ids(name: str) -> set[str]:
    return {i.id for i in load_profile(name).items}


def test_every_built_in_profile_loads():
    for name in BUILT_IN_PROFILES:
        assert load_profile(name).items


def test_variants_resolve_to_the_right_items():
    england, wales = ids("opcc"), ids("opcc-wales")
    shared = ids("opcc") & ids("opcc-wales")
    assert {"sio-3g", "pa96-s55", "sio-7B", "prsra-s12-panel-response"} <= shared
    assert {"aar-accounts", "lgtc-procurement-card"} <= england - wales  # English law only
    assert {"aar-wales-accounts", "wls-annual-report"} <= wales - england
    assert not any(i.startswith("lgtc-") for i in wales)
    assert ids("pfcc") == england | {"fire-rescue-plan", "fire-statement-of-assurance"}
    assert "SI 2017/863" in str(load_profile("pfcc").item("sio-3g").legal_basis)
    assert "fire and rescue authority" in load_profile("pfcc").item("sio-3g").title
    assert ids("mayor") == england
    assert "deputy mayor" in load_profile("mayor").item("sio-1a").title
    assert load_profile("mayor").body.startswith("the Mayor")


def test_unconfirmed_wales_timings_say_so():
    wales = load_profile("opcc-wales")
    assert not wales.item("aar-wales-accounts").timing.confirmed
    assert "assumed" in wales.item("aar-wales-accounts").timing.words


def test_every_record_type_of_the_profile_is_a_row_of_the_example_schedule():
    from pathlib import Path

    from opcc.scheme.retention import schedule_record_types
    schedule = Path(__file__).parents[2] / "datasets" / "retention-schedule"
    record_types = schedule_record_types(sorted(schedule.glob("*.csv")))
    assert record_types, "the example site publishes its retention schedule"
    wanted = {i.record_type for name in BUILT_IN_PROFILES for i in load_profile(name).items
              if i.record_type}
    assert wanted <= record_types, wanted - record_types
