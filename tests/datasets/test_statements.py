"""A field marked `statement: true` (value_for_money) is covered by the descriptor's key
of the same name; without the key the build requires it on every row (SIO 2011, Sch. 1,
para 3(g) asks for the reasons for every item)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from opcc.cli import main

REPO = Path(__file__).resolve().parents[2]


def example_site(tmp_path: Path) -> Path:
    root = tmp_path / "site-root"
    root.mkdir()
    for part in ("site.yaml", "content", "datasets", "templates"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    return root


def build(root: Path):
    return CliRunner().invoke(main, ["build", "--root", str(root), "--today", "2026-12-05"])


def test_without_the_statement_every_row_needs_value_for_money(tmp_path):
    root = example_site(tmp_path)
    descriptor = root / "datasets" / "spend-over-500" / "datapackage.yaml"
    text = descriptor.read_text("utf-8")
    statement = re.search(r"value_for_money: >-\n(?:  .*\n)+", text)[0]
    descriptor.write_text(text.replace(statement, ""), "utf-8")
    result = build(root)
    assert result.exit_code == 1, result.output
    assert re.search(r"datasets/spend-over-500/spend-\d{4}-\d{2}\.csv:2:value_for_money: "
                     r"error\[dataset\.", result.output), result.output
    assert not (root / "site").exists()


def test_the_statement_covers_empty_cells_and_is_shown_on_the_page(tmp_path):
    root = example_site(tmp_path)
    result = build(root)
    assert result.exit_code == 0, result.output
    page = (root / "site" / "datasets" / "spend-over-500" / "index.html").read_text("utf-8")
    assert "<h2 class=\"govuk-heading-m\">Value for money</h2>" in page
    assert "Contract Standing Orders" in page
