"""Incremental builds of the decisions register: after adding, editing and deleting a
decision, `opcc build` writes exactly what `opcc build --clean` writes, and only the files
that changed (tests/incremental_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_example
from tests.incremental_support import (
    Workspace,
    build,
    incremental_equals_clean,
    remove,
    replace,
    write,
)

NEW = """\
---
reference: OPCC-2026-018
title: Safer streets fund bid for Eastmoor
made: 2026-11-19
decision_maker: Police and Crime Commissioner
status: public
category: grants
financial_implications: 96000
interests_declared: none
published: 2026-11-20
---

## Decision

To bid to the Home Office safer streets fund for £96,000 for street lighting and
alley-gating in three Eastmoor estates.

## Reasons

Burglary in the three estates is twice the Northshire rate, and the bid has the support
of the council and the residents' associations.
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("decisions-incremental") / "example")
    build(root)
    return root


@pytest.fixture
def workspace(base, tmp_path):
    space = Workspace(base, tmp_path)
    yield space
    space.close()


def test_a_decision_added(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: write(root, "content/decisions/2026/OPCC-2026-018.md", NEW))
    site = outcome.incremental
    assert "alley-gating" in site.text("decisions/2026/OPCC-2026-018/index.html")
    assert "OPCC-2026-018" in site.text("decisions/register/index.html")
    assert "OPCC-2026-018" in site.text("decisions/register/category/grants/index.html")
    assert "OPCC-2026-018" in site.text("datasets/decisions-register/decisions-register.csv")
    assert "Safer streets fund bid" in site.text("decisions/feed.xml")


def test_a_decision_edited(workspace):
    outcome = incremental_equals_clean(
        workspace, lambda root: replace(root, "content/decisions/2026/OPCC-2026-017.md",
                                        "fraud against older people",
                                        "doorstep fraud against older people"))
    site, before = outcome.incremental, outcome.before
    assert "doorstep fraud" in site.text("decisions/2026/OPCC-2026-017/index.html")
    assert "doorstep fraud" in site.text("datasets/decisions-register/decisions-register.csv")
    assert before.files["decisions/2024/OPCC-2024-001/index.html"] == \
        site.files["decisions/2024/OPCC-2024-001/index.html"]


def test_a_decision_deleted(workspace):
    def delete(root: Path) -> None:
        remove(root, "content/decisions/2025/OPCC-2025-004.md")
        remove(root, "content/decisions/2025/opcc-2025-004-grants-awarded.csv")

    outcome = incremental_equals_clean(workspace, delete)
    site = outcome.incremental
    for gone in ("decisions/2025/OPCC-2025-004/index.html",
                 "decisions/2025/opcc-2025-004-grants-awarded.csv"):
        assert gone in outcome.before.files and gone not in site.files
    assert "OPCC-2025-004" not in site.text("decisions/register/index.html")
    assert "OPCC-2025-004" not in site.text("datasets/decisions-register/decisions-register.csv")
