"""Incremental builds of the example site equal clean ones (issue 19) after adding,
editing and deleting a news item and a consultation: every build a separate `python -m
opcc` process, as tests/build/test_incremental.py runs them (tests/incremental_support.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.incremental_support import (
    Workspace,
    build,
    incremental_equals_clean,
    read,
    remove,
    replace,
    write,
)

NEW_ITEM = """\
---
title: Volunteers thanked at the custody visiting awards
date: 2026-11-20
summary: The commissioner has thanked the county's independent custody visitors, who made 310 visits this year.
tags: [custody visiting, volunteering]
press_contact: Communications team
---

Thirty-two volunteers made 310 unannounced visits to the county's custody suites this year.

*This is an illustrative news item on an example site: the office is fictional.*
"""

NEW_CONSULTATION = """\
---
title: Victims' services strategy 2027 to 2030
summary: What should the support services the commissioner pays for offer victims of crime from 2027?
opens: 2026-12-01
closes: 2027-02-28
respond:
  - {title: Email your views, url: "mailto:enquiries@northshire-opcc.example.org"}
---

The commissioner pays for the main support services for victims of crime in Northshire.

*This consultation is illustrative: the office is fictional.*
"""

CLOSED = "content/consultations/police-and-crime-plan-refresh-2025.md"
CLOSED_URL = "/consultations/police-and-crime-plan-refresh-2025/"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("news-incremental-base") / "example")
    build(root)
    return root


@pytest.fixture
def workspace(base, tmp_path):
    space = Workspace(base, tmp_path)
    yield space
    space.close()


def news_added_edited_deleted(root: Path) -> None:
    write(root, "content/news/2026/custody-visiting-awards.md", NEW_ITEM)
    replace(root, "content/news/2026/rural-crime-partnership.md", "run joint patrols at harvest "
            "time", "run joint patrols at lambing and harvest time")
    remove(root, "content/news/2025/out-of-court-scrutiny-panel.md")


def test_news_item_added_edited_and_deleted(workspace):
    outcome = incremental_equals_clean(workspace, news_added_edited_deleted)
    site = outcome.incremental
    home = site.text("index.html")
    assert home.index("Volunteers thanked") < home.index("Have your say on the 2027/28")
    assert "lambing and harvest" in site.text("news/2026/rural-crime-partnership/index.html")
    assert "news/2025/out-of-court-scrutiny-panel/index.html" in outcome.before.files
    assert "news/2025/out-of-court-scrutiny-panel/index.html" not in site.files
    assert "Volunteers thanked" in site.text("news/feed.xml")
    assert "Volunteers thanked" in site.text("feed.xml")
    # still eleven items: the oldest is on the second page
    assert "Commissioner sets the police precept for 2025/26" in \
        site.text("news/page/2/index.html")


def consultation_added_and_edited(root: Path) -> None:
    write(root, "content/consultations/victims-strategy-2027.md", NEW_CONSULTATION)
    replace(root, "content/consultations/precept-2027-28.md", "about 5 minutes",
            "about 4 minutes")


def test_consultation_added_and_edited(workspace):
    outcome = incremental_equals_clean(workspace, consultation_added_and_edited)
    site = outcome.incremental
    listing = site.text("consultations/index.html")
    assert listing.index("Open consultations") < listing.index("Coming soon") < \
        listing.index("Victims&#39; services strategy")
    assert "about 4 minutes" in site.text("consultations/precept-2027-28/index.html")


def consultation_deleted(root: Path) -> None:
    """The consultation goes, and every link to it (news, decisions) becomes plain text."""
    link = re.compile(r"\[([^\]]+)\]\(" + re.escape(CLOSED_URL) + r"\)")
    files = [p.relative_to(root).as_posix() for p in sorted((root / "content").rglob("*.md"))]
    linking = [name for name in files if CLOSED_URL in read(root, name)]
    assert linking, "nothing links to the consultation any more: choose another change"
    for name in linking:
        write(root, name, link.sub(r"\1", read(root, name)))
    remove(root, CLOSED)


def test_consultation_deleted(workspace):
    outcome = incremental_equals_clean(workspace, consultation_deleted)
    site = outcome.incremental
    assert "consultations/police-and-crime-plan-refresh-2025/index.html" not in site.files
    assert "Closed consultations" not in site.text("consultations/index.html")
