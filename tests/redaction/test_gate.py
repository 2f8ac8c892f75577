"""The redaction gate in the build: planted leaks of every kind are caught, located and
masked, nothing is published, and the rules for allowing public values hold."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from opcc.build.pipeline import BuildOptions, build_site, run_build
from opcc.cli.main import main
from tests.conftest import MINIMAL_CONFIG, tree_hashes
from tests.fixtures_redaction import make_docx, make_pdf, make_xlsx

TODAY = date(2026, 11, 25)

PAGE = """---
title: Leaky page
summary: {summary}
class: services
published: 2024-01-01
{extra}---

Contact Jo on jo.bloggs@example.com or 07700 900123.
"""

DATASET = """title: People
class: services
published: 2024-01-01
{extra}resources:
  - name: people
    path: people.csv
    schema:
      fields:
        - {{name: ref, type: string}}
        - {{name: note, type: string}}
"""

FOI = """---
reference: FOI-2025-0001
title: Neighbour dispute
received: 2025-03-03
responded: 2025-03-20
outcome: granted
topics: [complaints]
---

## Request

Please send the file about the flat at NW1 6XE.

## Response

We hold no further information.
"""

# the full values planted below: none may appear in any output
SECRETS = ["jo.bloggs@example.com", "07700 900123", "QQ123456C", "NW1 6XE", "01632 960555",
           "Avery Quenby", "a.person@example.com"]


def leaky_site(make_site):
    root = make_site({
        "content/services/leaky.md": PAGE.format(summary="Call 01632 960555 for help.",
                                                 extra=""),
        "datasets/people/datapackage.yaml": DATASET.format(extra=""),
        "datasets/people/people.csv": "ref,note\nR1,NI number QQ123456C\nR2,fine\n",
        "content/foi/2025/FOI-2025-0001.md": FOI,
    })
    return root


def codes_and_places(diagnostics):
    return {(d.code, d.path, d.line, d.row, d.field) for d in diagnostics
            if d.severity == "error"}


def test_planted_text_leaks_are_caught_and_located(make_site):
    root = leaky_site(make_site)
    found = codes_and_places(run_build(BuildOptions(root, today=TODAY)).diagnostics)
    assert ("redaction.phone", "content/services/leaky.md", 3, None, None) in found
    assert ("redaction.email", "content/services/leaky.md", 8, None, None) in found
    assert ("redaction.phone", "content/services/leaky.md", 8, None, None) in found
    assert ("redaction.ni-number", "datasets/people/people.csv", None, 2, "note") in found
    assert ("redaction.postcode", "content/foi/2025/FOI-2025-0001.md", 12, None, None) in found


def test_a_failed_build_publishes_nothing(make_site):
    root = make_site()
    assert build_site(BuildOptions(root, today=TODAY)).ok
    before = tree_hashes(root / "site")
    leaky_site(make_site)
    result = build_site(BuildOptions(root, today=TODAY))
    assert not result.ok
    assert tree_hashes(root / "site") == before


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_output_format_prints_a_full_value(make_site, fmt):
    root = leaky_site(make_site)
    completed = subprocess.run([sys.executable, "-m", "opcc", "check", "--root", str(root),
                                "--format", fmt], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    output = completed.stdout + completed.stderr
    assert "redaction." in output
    for secret in SECRETS:
        assert secret not in output, f"{secret} printed in {fmt}"
    if fmt == "json":
        messages = [d["message"] for d in json.loads(completed.stdout)["diagnostics"]]
        assert any("…" in m for m in messages)


def attachment_page(name: str) -> str:
    return ("---\ntitle: Review\nsummary: A complaint review.\nclass: services\n"
            f"published: 2024-01-01\nattachments:\n  - {{file: {name}, title: The review}}\n"
            "---\nThe review.\n")


@pytest.mark.parametrize("name,make,codes", [
    ("review.xlsx", make_xlsx, {"attachment.hidden-sheet", "attachment.very-hidden-sheet",
                                "attachment.hidden-columns", "attachment.pivot-cache"}),
    ("review.docx", make_docx, {"attachment.comment", "attachment.tracked-change"}),
    ("review.pdf", make_pdf, {"attachment.text-under-box"}),
])
def test_hidden_data_in_attachments_blocks_the_build(make_site, tmp_path, name, make, codes):
    root = make_site({"content/services/review.md": attachment_page(name)})
    make(root / "content" / "services" / name)
    result = build_site(BuildOptions(root, today=TODAY))
    found = {d.code for d in result.diagnostics if d.severity == "error"}
    assert codes <= found, found
    located = [d for d in result.diagnostics if d.code in codes]
    assert all(d.path == f"content/services/{name}" and d.field for d in located)
    assert not (root / "site").exists()


@pytest.mark.parametrize("name,make", [("clean.xlsx", make_xlsx), ("clean.docx", make_docx),
                                       ("clean.pdf", make_pdf)])
def test_clean_attachments_are_published_byte_for_byte(make_site, name, make):
    root = make_site({"content/services/review.md": attachment_page(name)})
    kwargs = {"boxed_name": None, "white_heading": True} if name.endswith(".pdf") \
        else {"hidden": False}
    source = make(root / "content" / "services" / name, **kwargs)
    result = build_site(BuildOptions(root, today=TODAY))
    assert result.ok, [(d.code, d.message) for d in result.diagnostics if d.severity == "error"]
    assert (root / "site" / "services" / name).read_bytes() == source.read_bytes()


def test_metadata_naming_a_person_is_a_warning(make_site):
    root = make_site({"content/services/review.md": attachment_page("review.docx")})
    make_docx(root / "content" / "services" / "review.docx", hidden=False, author="Avery Quenby")
    result = run_build(BuildOptions(root, today=TODAY))
    findings = [d for d in result.diagnostics if d.code == "attachment.metadata"]
    assert {d.field for d in findings} == {"docProps/core.xml author",
                                           "docProps/core.xml last modified by"}
    assert all(d.severity == "warning" and "Quenby" not in d.message for d in findings)
    assert result.ok  # a warning does not stop the build


def test_site_wide_allow_list(make_site):
    config = MINIMAL_CONFIG + ("redaction:\n  allow:\n"
                               "    - {value: \"01632 960555\", reason: the office's helpline}\n")
    page = PAGE.format(summary="Call 01632 960555 for help.", extra="").replace(
        "Contact Jo on jo.bloggs@example.com or 07700 900123.", "Call us.")
    root = make_site({"content/services/help.md": page}, config=config)
    assert build_site(BuildOptions(root, today=TODAY)).ok


def test_allow_items_need_a_reason(make_site):
    config = MINIMAL_CONFIG + "redaction:\n  allow:\n    - {value: \"01632 960555\"}\n"
    result = CliRunner().invoke(main, ["check", "--root", str(make_site(config=config))])
    assert result.exit_code == 2 and "config.redaction" in result.output


def test_page_exceptions_need_a_reason(make_site):
    page = PAGE.format(summary="Help.", extra="redaction:\n  - {code: redaction.email}\n")
    root = make_site({"content/services/leaky.md": page})
    codes = {d.code for d in run_build(BuildOptions(root, today=TODAY)).diagnostics}
    assert "redaction.exception" in codes and "redaction.email" in codes
    page = PAGE.format(summary="Help.", extra=(
        "redaction:\n  - {code: redaction.email, reason: published with consent}\n"
        "  - {value: 07700 900123, reason: the on-call number, published by decision}\n"))
    root = make_site({"content/services/leaky.md": page})
    assert build_site(BuildOptions(root, today=TODAY)).ok


def test_dataset_field_exception(make_site):
    extra = ("redaction:\n  - {code: redaction.ni-number, field: note, reason: test numbers "
             "from HMRC's guidance}\n")
    root = make_site({"datasets/people/datapackage.yaml": DATASET.format(extra=extra),
                      "datasets/people/people.csv": "ref,note\nR1,NI number QQ123456C\n"})
    assert build_site(BuildOptions(root, today=TODAY)).ok


def test_protected_names_are_caught_in_any_case_and_spacing(make_site, tmp_path):
    names_file = tmp_path / "protected-names.txt"
    result = subprocess.run([sys.executable, "-m", "opcc", "redaction", "hash-names",
                             "--output", str(names_file)], input="Avery Quenby\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Avery" not in names_file.read_text() and "Quenby" not in names_file.read_text()
    config = MINIMAL_CONFIG + f"redaction:\n  protected_names: {names_file}\n"
    page = PAGE.format(summary="About a case.", extra="").replace(
        "Contact Jo on jo.bloggs@example.com or 07700 900123.",
        "The complaint by   AVERY  quenby was upheld.")
    root = make_site({"content/services/case.md": page}, config=config)
    diagnostics = run_build(BuildOptions(root, today=TODAY)).diagnostics
    [finding] = [d for d in diagnostics if d.code == "redaction.protected-name"]
    assert finding.line == 8 and "Quenby" not in finding.message and "quenby" not in \
        finding.message


def test_the_example_site_has_no_false_alarm(example_site):
    result = run_build(BuildOptions(example_site, today=TODAY))
    alarms = [d for d in result.diagnostics if d.code.startswith(("redaction.", "attachment."))]
    assert alarms == []
