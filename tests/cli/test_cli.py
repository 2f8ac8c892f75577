"""The command line through click's runner and as a real subprocess: exit codes and formats."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from opcc.cli.main import main

BAD_PAGE = """\
---
title: Commissioner
summary: The commissioner's role.
class: who-we-r
published: 2024-01-01
---
Text.
"""


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_build_succeeds_with_exit_0(make_site):
    root = make_site()
    result = run("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "0 errors, " in result.output
    assert (root / "site" / "index.html").is_file()


def test_content_error_exits_1_with_the_spec_format(make_site):
    root = make_site({"content/who-we-are/commissioner.md": BAD_PAGE})
    result = run("check", "--root", str(root))
    assert result.exit_code == 1
    assert ("content/who-we-are/commissioner.md:4:8: error[content.class]: unknown class "
            "'who-we-r'; did you mean 'who-we-are'?") in result.output
    assert "hint:" in result.output
    assert "1 error, " in result.output


def test_json_format(make_site):
    root = make_site({"content/who-we-are/commissioner.md": BAD_PAGE})
    result = run("check", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["summary"]["errors"] == 1
    assert document["summary"]["warnings"] == sum(
        1 for d in document["diagnostics"] if d["severity"] == "warning")
    [diagnostic] = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert diagnostic == {
        "severity": "error", "code": "content.class",
        "path": "content/who-we-are/commissioner.md", "line": 4, "column": 8,
        "row": None, "field": None,
        "message": "unknown class 'who-we-r'; did you mean 'who-we-are'?",
        "hint": diagnostic["hint"],
    }
    assert diagnostic["hint"]


def test_github_format_writes_only_annotations_to_stdout(make_site):
    root = make_site({"content/who-we-are/commissioner.md": BAD_PAGE})
    completed = subprocess.run(
        [sys.executable, "-m", "opcc", "check", "--root", str(root), "--format", "github"],
        capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    lines = [line for line in completed.stdout.splitlines() if line.startswith("::error")]
    assert all(line.startswith("::warning") for line in completed.stdout.splitlines()
               if not line.startswith("::error"))
    assert lines == [
        "::error file=content/who-we-are/commissioner.md,line=4,col=8,title=content.class::"
        "unknown class 'who-we-r'; did you mean 'who-we-are'?%0Ahint: use one of: who-we-are, "
        "what-we-spend, priorities, decisions, policies, lists-registers, services"]
    assert "1 error" in completed.stderr


def test_broken_site_yaml_exits_2(make_site):
    root = make_site()
    (root / "site.yaml").write_text("organisation:\n  nme: Test\nbase_url: x\n", "utf-8")
    result = run("check", "--root", str(root))
    assert result.exit_code == 2
    assert "site.yaml:2:3: error[config.unknown-key]: unknown key 'organisation.nme'; " \
           "did you mean 'name'?" in result.output


def test_missing_site_yaml_exits_2(tmp_path):
    result = run("build", "--root", str(tmp_path))
    assert result.exit_code == 2
    assert "config.missing" in result.output


def test_unknown_command_exits_2():
    assert run("bild").exit_code == 2


def test_strict_makes_warnings_fail(make_site):
    page = BAD_PAGE.replace("who-we-r", "who-we-are").replace(
        "published: 2024-01-01", "published: 2024-01-01\nreview: 2025-01-01")
    root = make_site({"content/who-we-are/commissioner.md": page})
    assert run("check", "--root", str(root), "--today", "2026-11-25").exit_code == 0
    result = run("check", "--root", str(root), "--today", "2026-11-25", "--strict")
    assert result.exit_code == 1
    assert "error[scheme.review-overdue]" in result.output


def test_bad_today_is_a_usage_error(make_site):
    assert run("check", "--root", str(make_site()), "--today", "25/11/2026").exit_code == 2


def test_real_subprocess_console_script_exit_codes(make_site):
    root = make_site()
    ok = subprocess.run([sys.executable, "-m", "opcc", "build", "--root", str(root)],
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (root / "content" / "who-we-are" / "commissioner.md").write_text(BAD_PAGE, "utf-8")
    bad = subprocess.run([sys.executable, "-m", "opcc", "build", "--root", str(root),
                          "--format", "json"], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["summary"]["errors"] == 1
    assert "Traceback" not in bad.stderr


def test_new_page_scaffolds_a_valid_draft(make_site):
    root = make_site()
    result = run("new", "page", "policies/whistleblowing", "--root", str(root))
    assert result.exit_code == 0, result.output
    created = root / "content" / "policies" / "whistleblowing.md"
    text = created.read_text("utf-8")
    assert "class: policies" in text and "draft: true" in text
    for key in ("title", "summary", "published", "review", "owner", "item", "attachments",
                "datasets", "tags", "updated"):
        assert key in text
    assert run("check", "--root", str(root), "--drafts").exit_code == 0
    assert run("new", "page", "policies/whistleblowing", "--root", str(root)).exit_code == 1


def test_internal_error_is_one_line_without_traceback(make_site, monkeypatch):
    import opcc.build.pipeline

    def broken(_options):
        raise RuntimeError("boom")
    monkeypatch.setattr(opcc.build.pipeline, "run_build", broken)
    result = CliRunner().invoke(main, ["check", "--root", str(make_site())])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert "internal error" in result.output and "--verbose" in result.output


def test_new_dataset_scaffolds_a_valid_dataset(make_site):
    import shutil

    from tests.conftest import REPO
    root = make_site()
    shutil.copytree(REPO / "datasets" / "schemas", root / "datasets" / "schemas")
    result = run("new", "dataset", "spend-2027", "--schema", "spend-over-500", "--root",
                 str(root))
    assert result.exit_code == 0, result.output
    header = (root / "datasets" / "spend-2027" / "spend-2027.csv").read_text("utf-8")
    assert header.startswith("body,") or "amount" in header
    check = run("check", "--root", str(root))
    assert check.exit_code == 0, check.output
    assert run("new", "dataset", "spend-2027", "--root", str(root)).exit_code == 1
    assert run("new", "dataset", "x", "--schema", "nope", "--root", str(root)).exit_code == 2


def test_a_site_without_schemas_gets_the_statutory_schema_opcc_ships(make_site):
    """The statutory schemas are package data: a new office's site need not copy them."""
    root = make_site()
    result = run("new", "dataset", "spend-2027", "--schema", "spend-over-500", "--root",
                 str(root))
    assert result.exit_code == 0, result.output
    assert "copied the statutory schema" in result.output
    copied = json.loads((root / "datasets/schemas/spend-over-500.json").read_text("utf-8"))
    header = (root / "datasets/spend-2027/spend-2027.csv").read_text("utf-8").strip()
    assert header.split(",") == [field["name"] for field in copied["fields"]]
    assert run("check", "--root", str(root)).exit_code == 0
    unknown = run("new", "dataset", "x", "--schema", "nope", "--root", str(root))
    assert unknown.exit_code == 2 and "senior-salaries" in unknown.output


def test_the_shipped_statutory_schemas_are_the_example_sites():
    from opcc.cli.scaffold import statutory_schemas
    from tests.conftest import REPO

    shipped = statutory_schemas()
    site = {p.stem: p.read_bytes() for p in (REPO / "datasets/schemas").glob("*.json")}
    assert shipped and {name: item.read_bytes() for name, item in shipped.items()} == site
