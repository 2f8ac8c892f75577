"""An incremental build after adding, editing and deleting a meeting writes the same site
as a clean build of the same content."""

from __future__ import annotations

from datetime import date

from opcc.build.pipeline import BuildOptions, build_site
from tests.conftest import tree_hashes

TODAY = date(2026, 11, 25)
NEW = """\
---
body: Strategic policing and crime board
date: 2026-11-19
time: "09:30-11:00"
venue: Committee Room 2, Police Headquarters, 1 Castle Street, Northtown
public: false
public_interest: true
status: scheduled
notice_published: 2026-11-02
---

The board met in private to discuss the force's savings plan for 2027/28.
"""


def without_search_index(hashes: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in hashes.items() if not path.startswith("pagefind/")}


def build(root, clean: bool = False):
    result = build_site(BuildOptions(root, today=TODAY), clean=clean)
    assert result.ok, [(d.code, d.path, d.line, d.message) for d in result.diagnostics
                       if d.severity == "error"]
    return result


def assert_same_as_clean(root) -> None:
    incremental = without_search_index(tree_hashes(root / "site"))
    build(root, clean=True)
    assert without_search_index(tree_hashes(root / "site")) == incremental


def test_adding_editing_and_deleting_a_meeting(example_site):
    root, site = example_site, example_site / "site"
    folder = root / "content/meetings/2026"
    build(root)
    added = folder / "2026-11-19-strategic-policing-and-crime-board.md"
    added.write_text(NEW)
    edited = folder / "2026-10-15-public-accountability-board.md"
    edited.write_text(edited.read_text().replace("Eleven members of the public",
                                                 "Twelve members of the public"))
    assert build(root).written
    assert "Twelve members of the public" in (
        site / "meetings/2026/2026-10-15-public-accountability-board/index.html").read_text()
    assert "2026-11-19-strategic-policing-and-crime-board" in (
        site / "meetings/index.html").read_text()
    assert_same_as_clean(root)
    added.unlink()  # (the example's own meetings are linked from decisions and pages)
    assert build(root).written
    assert not (site / "meetings/2026/2026-11-19-strategic-policing-and-crime-board").exists()
    assert "2026-11-19-strategic" not in (site / "meetings/index.html").read_text()
    assert_same_as_clean(root)
