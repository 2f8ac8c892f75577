"""`opcc export --handover DIR`: the example site exported through the real CLI, checked
with the bagit validator (the library and its command line); the refusals (a non-empty
DIR, a site with errors, an unusable site.yaml) exit 1 or 2 without a traceback; site/
is never touched."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bagit
import pytest
from click.testing import CliRunner

from opcc.cli.main import main
from tests.conftest import copy_example, tree_hashes

TODAY = "2026-12-05"


def export(root: Path, target: Path, *extra: str):
    return CliRunner().invoke(main, ["export", "--handover", str(target), "--root",
                                     str(root), "--today", TODAY, *extra])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The example site exported once; (root, bag folder, CLI result)."""
    base = tmp_path_factory.mktemp("handover")
    root = copy_example(base / "example")
    assert not (root / "site").exists()
    target = base / "out" / "northshire-handover"
    result = export(root, target)
    assert result.exit_code == 0, result.output
    assert not (root / "site").exists(), "the export must not write ROOT/site"
    return root, target, result


@pytest.fixture
def bag_copy(exported, tmp_path) -> Path:
    """A private copy of the exported bag, to tamper with."""
    return Path(shutil.copytree(exported[1], tmp_path / "copy"))


# ---------------------------------------------------------------- the package

def test_the_summary_line_names_files_bytes_and_the_bag(exported):
    _, target, result = exported
    bag = bagit.Bag(str(target))
    size, files = bag.info["Payload-Oxum"].split(".")
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"handed over {files} files, {size} bytes")
    assert str(target) in line
    assert "Traceback" not in result.output


def test_the_bag_is_valid_with_sha256_and_sha512_manifests(exported):
    _, target, _ = exported
    bag = bagit.Bag(str(target))
    bag.validate()  # raises BagValidationError when anything is wrong
    assert bag.is_valid()
    assert set(bag.algorithms) == {"sha256", "sha512"}
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "bagit.txt", "bag-info.txt"):
        assert (target / name).is_file()
    assert set(os.listdir(target / "data")) == {
        "site", "datasets", "registers", "inventory.csv", "compliance.csv", "README.txt"}


def test_the_bagit_command_line_validates_it(exported):
    completed = subprocess.run([sys.executable, "-m", "bagit", "--validate",
                                str(exported[1])], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "is valid" in completed.stderr


def test_bag_info_says_who_made_it(exported):
    info = bagit.Bag(str(exported[1])).info
    assert info["Source-Organization"] == \
        "Office of the Police and Crime Commissioner for Northshire"
    assert info["Contact-Email"] == "foi@northshire-opcc.example.org"
    assert info["Bag-Group-Identifier"] == "https://www.northshire-opcc.example.org/"
    assert info["Bagging-Date"]
    assert "successor" in info["External-Description"]
    assert TODAY in info["External-Description"]


def test_the_snapshot_is_the_site_as_built(exported, tmp_path):
    """data/site/ is what `opcc build` writes into site/ on the same day."""
    target = exported[1]
    built = copy_example(tmp_path / "built")
    assert CliRunner().invoke(main, ["build", "--root", str(built), "--today", TODAY,
                                     "--quiet"]).exit_code == 0
    site, snapshot = tree_hashes(built / "site"), tree_hashes(target / "data" / "site")
    pages = {p for p in site if not p.startswith("pagefind/")}
    assert pages and {p: site[p] for p in pages} == {p: snapshot.get(p) for p in pages}
    assert any(p.startswith("pagefind/") for p in snapshot), "search index included"


def test_every_dataset_is_there_as_published_with_its_schemas(exported):
    _, target, _ = exported
    data = target / "data"
    names = {p.name for p in (data / "datasets").iterdir()}
    assert {"spend-over-500", "grants", "contracts", "retention-schedule"} <= names
    assert "foi-disclosure-log" not in names  # a register: in registers/
    for name in names:
        folder = data / "datasets" / name
        descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
        assert (folder / "datapackage.json").read_bytes() == \
            (data / "site" / "datasets" / name / "datapackage.json").read_bytes()
        for resource in descriptor["resources"]:
            csv_file = folder / resource["path"]
            assert csv_file.read_bytes() == \
                (data / "site" / "datasets" / name / resource["path"]).read_bytes()
            schema = json.loads((folder / f"{resource['name']}.schema.json").read_text())
            assert schema == resource["schema"]
            with csv_file.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle))
            assert header == [f["name"] for f in schema["fields"]]


def test_the_foi_disclosure_log_is_a_register_with_its_schema(exported):
    _, target, _ = exported
    registers = target / "data" / "registers"
    rows = read_csv(registers / "foi-disclosure-log.csv")
    schema = json.loads((registers / "foi-disclosure-log.schema.json").read_text("utf-8"))
    assert rows and list(rows[0]) == [f["name"] for f in schema["fields"]]
    inventory = read_csv(target / "data" / "inventory.csv")
    assert len(rows) == sum(1 for row in inventory if row["kind"] == "foi")
    assert (registers / "foi-disclosure-log.csv").read_bytes() == (
        target / "data/site/datasets/foi-disclosure-log/foi-disclosure-log.csv").read_bytes()


def test_the_inventory_has_the_budget_page_with_its_item_and_retention(exported):
    _, target, _ = exported
    rows = {row["url"]: row for row in read_csv(target / "data" / "inventory.csv")}
    budget = rows["/what-we-spend/budget-and-precept/"]
    assert budget["kind"] == "page"
    assert budget["items"] == "sio-3a"
    assert budget["scheme_class"] == "what-we-spend"
    assert (budget["published"], budget["review"]) == ("2026-02-20", "2027-02-28")
    assert budget["owner_role"] == "Chief Finance Officer"
    # the item's records.retention, matched to the site's retention schedule
    assert budget["record_type"] == "Budget and precept reports"
    assert budget["retention_period"] == "Permanent"
    assert budget["retention_action"].startswith("Transfer to Northshire Archives")
    assert budget["hold"] == ""


def test_the_inventory_covers_pages_datasets_and_records(exported):
    _, target, _ = exported
    rows = read_csv(target / "data" / "inventory.csv")
    assert list(rows[0]) == [
        "url", "title", "kind", "scheme_class", "items", "published", "updated", "review",
        "owner_role", "record_type", "retention_period", "retention_action",
        "publication_min_years", "publication_max_years", "on_expiry", "hold", "superseded"]
    by_url = {row["url"]: row for row in rows}
    # every kind of record the site has is inventoried under its kind's name
    assert {row["kind"] for row in rows} == {"page", "dataset", "foi", "decisions", "meetings",
                                              "news", "consultations"}
    decisions = [row for row in rows if row["kind"] == "decisions"]
    assert decisions and all("sio-5d" in row["items"].split() for row in decisions)
    spending = by_url["/datasets/spend-over-500/"]
    assert spending["kind"] == "dataset" and "sio-3g" in spending["items"].split()
    assert spending["retention_period"] == "6 years"
    accounts = by_url["/what-we-spend/statement-of-accounts/"]
    assert accounts["publication_min_years"] == "5"  # the statutory floor
    foi = [row for row in rows if row["kind"] == "foi"]
    assert foi and all(row["items"] == "ico-disclosure-log" for row in foi)
    assert len(by_url) == len(rows), "one row per address"


def test_the_compliance_report_is_the_one_at_export_time(exported):
    _, target, _ = exported
    rows = {row["item_id"]: row for row in read_csv(target / "data" / "compliance.csv")}
    budget = rows["sio-3a"]
    assert budget["group"] == "statutory"
    assert budget["status"] in ("published", "due-soon")
    assert "/what-we-spend/budget-and-precept/" in budget["where_published"].split()
    assert "Specified Information" in budget["legal_basis"]
    assert {row["group"] for row in rows.values()} <= {"statutory", "adopted", "recommended"}


def test_the_readme_says_how_to_verify_and_what_columns_mean(exported):
    text = (exported[1] / "data" / "README.txt").read_text("utf-8")
    assert "bagit.py --validate" in text
    for column in ("retention_period", "publication_min_years", "hold", "where_published"):
        assert column in text
    assert "https://www.northshire-opcc.example.org/" in text


def test_a_tampered_file_fails_validation(bag_copy):
    page = bag_copy / "data" / "site" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>changed</p></body>"))
    bag = bagit.Bag(str(bag_copy))
    assert not bag.is_valid()
    with pytest.raises(bagit.BagValidationError):
        bag.validate()


def test_an_added_or_removed_file_fails_validation(bag_copy):
    (bag_copy / "data" / "extra.csv").write_text("a,b\n", encoding="utf-8")
    assert not bagit.Bag(str(bag_copy)).is_valid()
    (bag_copy / "data" / "extra.csv").unlink()
    (bag_copy / "data" / "inventory.csv").unlink()
    assert not bagit.Bag(str(bag_copy)).is_valid()


# ---------------------------------------------------------------- the refusals

def test_a_non_empty_folder_is_refused(exported, tmp_path):
    root = exported[0]
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = export(root, target)
    assert result.exit_code == 1
    assert "config.handover-target" in result.output and "not empty" in result.output
    assert "Traceback" not in result.output
    assert os.listdir(target) == ["keep.txt"]
    assert (target / "keep.txt").read_text("utf-8") == "mine"


def test_a_file_is_refused(exported, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("mine", encoding="utf-8")
    result = export(exported[0], target)
    assert result.exit_code == 1 and "config.handover-target" in result.output
    assert target.read_text("utf-8") == "mine"


def test_the_site_folder_itself_is_refused(make_site):
    root = make_site()
    result = export(root, root / "site")
    assert result.exit_code == 1 and "config.handover-target" in result.output
    assert not (root / "site").exists()


def test_a_site_with_errors_is_refused(make_site, tmp_path):
    root = make_site({"content/who-we-are/broken.md":
                      "---\ntitle: Broken\nsummary: A page with a broken link.\nclass: who-we-are\n"
                      "published: 2026-01-05\n---\n"
                      "See [the missing page](/no-such-page/).\n"})
    target = tmp_path / "out" / "handover"
    result = export(root, target)
    assert result.exit_code == 1, result.output
    assert "config.handover-errors" in result.output
    assert "content/who-we-are/broken.md" in result.output  # the build's own error
    assert "/no-such-page/" in result.output
    assert "no hand-over package was made" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing written, not even the folder above
    assert not (root / "site").exists()


def test_an_unusable_site_yaml_exits_2(tmp_path):
    root = tmp_path / "no-site"
    root.mkdir()
    result = export(root, tmp_path / "handover")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (tmp_path / "handover").exists()


# ---------------------------------------------------------------- site/ untouched

def test_an_existing_site_folder_is_left_exactly_as_it_was(make_site, tmp_path):
    root = make_site()
    assert CliRunner().invoke(main, ["build", "--root", str(root), "--today", TODAY,
                                     "--quiet"]).exit_code == 0
    (root / "content" / "who-we-are" / "index.md").write_text(
        "---\ntitle: Who we are\nsummary: About the office, changed since the build.\n---\n"
        "Changed.\n", encoding="utf-8")
    before = tree_hashes(root / "site")
    times = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")}
    times[root / "site"] = (root / "site").stat().st_mtime_ns
    target = tmp_path / "empty"
    target.mkdir()  # an empty folder is fine
    result = export(root, target)
    assert result.exit_code == 0, result.output
    assert tree_hashes(root / "site") == before
    after = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*")}
    after[root / "site"] = (root / "site").stat().st_mtime_ns
    assert after == times
    snapshot = (target / "data" / "site" / "who-we-are" / "index.html").read_text("utf-8")
    assert "changed since the build" in snapshot  # the export builds afresh
    assert bagit.Bag(str(target)).is_valid()
    assert not [p.name for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_hold_publication_and_record_type_are_in_the_inventory(make_site, tmp_path):
    root = make_site({"content/who-we-are/held.md": (
        "---\ntitle: Held page\nsummary: A page under a legal hold.\nclass: who-we-are\n"
        "published: 2026-01-05\n"
        "record_type: Complaints about the commissioner\n"
        "publication: {max_years: 6, on_expiry: anonymise}\n"
        "hold: {reason: FOI-2026-0051 is open, until: 2027-03-31}\n---\nHeld.\n")})
    target = tmp_path / "handover"
    result = export(root, target)
    assert result.exit_code == 0, result.output
    rows = {row["url"]: row for row in read_csv(target / "data" / "inventory.csv")}
    held = rows["/who-we-are/held/"]
    assert held["hold"] == "until 2027-03-31: FOI-2026-0051 is open"
    assert held["record_type"] == "Complaints about the commissioner"
    assert (held["publication_max_years"], held["on_expiry"]) == ("6", "anonymise")
    assert held["retention_period"] == ""  # this site publishes no retention schedule
    # no FOI records and no datasets: the folders are there, and empty
    assert os.listdir(target / "data" / "registers") == []
    assert bagit.Bag(str(target)).is_valid()


def test_a_failed_write_leaves_nothing_behind(make_site, tmp_path, monkeypatch):
    """A full disk while bagging: exit 1 with config.handover-write, no partial package."""
    import errno

    from opcc.export import handover

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handover.bagit, "make_bag", full_disk)
    root = make_site()
    target = tmp_path / "out" / "handover"
    result = export(root, target)
    assert result.exit_code == 1
    assert "config.handover-write" in result.output and "No space left" in result.output
    assert "Traceback" not in result.output
    assert not target.exists()
    assert list((tmp_path / "out").iterdir()) == []
