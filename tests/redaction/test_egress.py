"""The egress gate: personal data is found in what would be published, as a reader sees
it, whatever form it was typed in; each finding points at the source line; the allow list
and per-page exceptions still work; files linked from a page are inspected in full; and
an incremental build checks only what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from opcc.build.pipeline import BuildOptions, build_site
from opcc.redaction import egress
from tests.conftest import MINIMAL_CONFIG

TODAY = date(2026, 11, 25)


def page(body: str = "Nothing personal.", front: str = "") -> str:
    return ("---\ntitle: A page\nsummary: A page about services.\nclass: services\n"
            f"published: 2024-01-01\n{front}---\n\n{body}\n")


def build(root: Path):
    return build_site(BuildOptions(root, today=TODAY))


def errors(result) -> list:
    return [d for d in result.diagnostics if d.severity == "error"]


def site_text(root: Path) -> str:
    """Every file under site/, as text (binary files decoded loosely)."""
    folder = root / "site"
    if not folder.is_dir():
        return ""
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in folder.rglob("*") if p.is_file())


# (case, files, code, plain value, source path, line)
PUBLISHED_NOT_TYPED = [
    ("decimal entity", {"content/services/a.md": page("Write to jo.bloggs&#64;example.com.")},
     "redaction.email", "jo.bloggs@example.com", "content/services/a.md", 8),
    ("hex entity", {"content/services/a.md": page("Mail avery.q&#x40;example.org today.")},
     "redaction.email", "avery.q@example.org", "content/services/a.md", 8),
    ("emphasis inside", {"content/services/a.md": page("Mail jo.*bloggs*@example.com now.")},
     "redaction.email", "jo.bloggs@example.com", "content/services/a.md", 8),
    ("strong inside", {"content/services/a.md": page("Mail helena@exa**mple**.com now.")},
     "redaction.email", "helena@example.com", "content/services/a.md", 8),
    ("escaped underscore", {"content/services/a.md": page(r"Mail jo\_bloggs@example.com.")},
     "redaction.email", "jo_bloggs@example.com", "content/services/a.md", 8),
    ("zero-width space", {"content/services/a.md": page("Call 07700&#8203;900123 today.")},
     "redaction.phone", "07700900123", "content/services/a.md", 8),
    ("soft hyphen", {"content/services/a.md": page("NI number QQ12&shy;3456C on file.")},
     "redaction.ni-number", "QQ123456C", "content/services/a.md", 8),
    ("literal zero-width joiner", {"content/services/a.md": page("NI QQ\u200d123456C here.")},
     "redaction.ni-number", "QQ123456C", "content/services/a.md", 8),
    ("non-breaking space", {"content/services/a.md": page("Call 07700&nbsp;900123 today.")},
     "redaction.phone", "07700 900123", "content/services/a.md", 8),
    ("narrow no-break spaces", {"content/services/a.md": page("Call 07700\u202f900\u202f456.")},
     "redaction.phone", "07700 900 456", "content/services/a.md", 8),
    ("percent-encoded mailto", {"content/services/a.md": page(
        "[Write to us](mailto:jo.bloggs%40example.com).")},
     "redaction.email", "jo.bloggs@example.com", "content/services/a.md", 8),
    ("percent-encoded query", {"content/services/a.md": page(
        "[Form](https://forms.example.org/?from=avery%2Eq%40example%2Eorg).")},
     "redaction.email", "avery.q@example.org", "content/services/a.md", 8),
    ("YAML escape", {"content/services/a.md": page(
        front='tags: ["jo.bloggs\\x40example.com"]\n')},
     "redaction.email", "jo.bloggs@example.com", "content/services/a.md", 6),
    ("YAML unicode escape", {"content/services/a.md": page(
        front='tags: ["avery.q\\u0040example.org"]\n')},
     "redaction.email", "avery.q@example.org", "content/services/a.md", 6),
]

UNSCANNED_PUBLISHED_TEXT = [
    ("site.yaml navigation", {"site.yaml": MINIMAL_CONFIG + "  - {title: \"Ask jo.bloggs@"
                                                            "example.com\", url: /who-we-are/}\n"},
     "redaction.email", "jo.bloggs@example.com", "site.yaml", 8),
    ("site.yaml footer", {"site.yaml": MINIMAL_CONFIG + "footer:\n  - {title: \"Text 07700"
                                                        "\\u00a0900123\", url: /who-we-are/}\n"},
     "redaction.phone", "07700\u00a0900123", "site.yaml", 9),
    ("tag", {"content/services/a.md": page(front="tags: [\"QQ12\\u00ad3456C\"]\n")},
     "redaction.ni-number", "QQ123456C", "content/services/a.md", 6),
    ("attachment title", {
        "content/services/a.md": page(front="attachments:\n  - {file: a.txt, title: "
                                            "\"From avery.q\\x40example.org\"}\n"),
        "content/services/a.txt": "Nothing personal.\n"},
     "redaction.email", "avery.q@example.org", "content/services/a.md", 7),
    ("file name that becomes a URL", {
        "content/services/a.md": page(front="attachments:\n  - {file: \"QQ123456C.txt\", "
                                            "title: Notes}\n"),
        "content/services/QQ123456C.txt": "Nothing personal.\n"},
     "redaction.ni-number", "QQ123456C", "content/services/a.md", 7),
]


def plant(make_site, files: dict) -> Path:
    config = files.get("site.yaml", MINIMAL_CONFIG)
    return make_site({k: v for k, v in files.items() if k != "site.yaml"}, config=config)


@pytest.mark.parametrize("case, files, code, value, source, line",
                         PUBLISHED_NOT_TYPED + UNSCANNED_PUBLISHED_TEXT,
                         ids=[c[0] for c in PUBLISHED_NOT_TYPED + UNSCANNED_PUBLISHED_TEXT])
def test_a_value_is_caught_as_published(make_site, case, files, code, value, source, line):
    root = plant(make_site, files)
    result = build(root)
    found = [d for d in errors(result) if d.code == code]
    assert found, [(d.code, d.location, d.message) for d in result.diagnostics]
    assert any(d.path == source and d.line == line for d in found), \
        [(d.location, d.message) for d in found]
    for diagnostic in found:
        assert value not in diagnostic.message and value.replace(" ", "") not in \
            diagnostic.message.replace(" ", "")
    assert not (root / "site").exists()


def test_a_value_published_on_many_pages_is_one_error_listing_them(make_site):
    root = make_site(config=MINIMAL_CONFIG + "footer:\n  - {title: \"Text 07700\\u00a0900123\","
                                             " url: /who-we-are/}\n")
    result = build(root)
    [found] = [d for d in errors(result) if d.code == "redaction.phone"]
    assert found.path == "site.yaml" and found.line == 9
    assert "/index.html," in found.message and "/404.html" in found.message
    assert found.message.endswith("more")  # every page has the footer: one error, not 14


def test_the_site_allow_list_and_page_exceptions_still_apply(make_site):
    allow = MINIMAL_CONFIG + ("redaction:\n  allow:\n    - {value: jo.bloggs@example.com, "
                              "reason: a public mailbox in this test}\n")
    root = make_site({"content/services/a.md": page(
        "Mail jo.bloggs&#64;example.com or 07700&nbsp;900123.",
        front="redaction:\n  - {value: \"07700 900123\", reason: the duty phone}\n")},
        config=allow)
    result = build(root)
    assert not errors(result), [(d.location, d.message) for d in errors(result)]
    assert "07700" in site_text(root)


def test_an_exception_on_one_page_does_not_cover_another(make_site):
    root = make_site({
        "content/services/a.md": page("Call 07700&nbsp;900123.", front=(
            "redaction:\n  - {value: \"07700 900123\", reason: the duty phone}\n")),
        "content/services/b.md": page("Call 07700&nbsp;900123.")})
    result = build(root)
    [found] = [d for d in errors(result) if d.code == "redaction.phone"]
    assert found.path == "content/services/b.md"


def test_a_file_linked_from_the_body_is_inspected_and_unchecked_types_refused(make_site):
    root = make_site({"content/services/a.md": page("See [the notes](notes.wpd)."),
                      "content/services/notes.wpd": b"WPC binary QQ123456C"})
    result = build(root)
    [found] = [d for d in errors(result) if d.code == "attachment.unchecked-type"]
    assert found.path == "content/services/notes.wpd"
    assert "export it as pdf" in found.hint.lower()
    assert not (root / "site").exists()


def test_a_per_file_exception_publishes_an_unchecked_type_but_never_script(make_site):
    exception = "redaction:\n  - {file: notes.wpd, reason: the original legacy file, checked}\n"
    root = make_site({"content/services/a.md": page("See [the notes](notes.wpd).",
                                                    front=exception),
                      "content/services/notes.wpd": b"WPC binary"})
    assert not errors(build(root))
    assert (root / "site/services/notes.wpd").read_bytes() == b"WPC binary"

    svg = "redaction:\n  - {file: map.svg, reason: a map}\n"
    root = make_site({"content/services/b.md": page("See [the map](map.svg).", front=svg),
                      "content/services/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'>"
                                                  "<script>alert(1)</script></svg>"})
    result = build(root)
    [found] = [d for d in errors(result) if d.code == "attachment.unchecked-type"]
    assert "never published" in found.message


def test_an_incremental_build_scans_only_changed_outputs(make_site, monkeypatch):
    monkeypatch.setenv("OPCC_WORKERS", "1")
    root = make_site({f"content/services/p{n}.md": page(f"Page {n}.") for n in range(6)})
    assert not errors(build(root))
    scanned: list[str] = []
    original = egress.scan_output

    def counting(scanner, path, data, seen):
        scanned.append(path)
        return original(scanner, path, data, seen)

    monkeypatch.setattr(egress, "scan_output", counting)
    (root / "content/services/p3.md").write_text(page("Mail jo.bloggs&#64;example.com."),
                                                 encoding="utf-8")
    result = build(root)
    assert [d.code for d in errors(result)] == ["redaction.email"]
    assert scanned == ["services/p3/index.html"]
    assert "jo.bloggs&#64;example.com" not in site_text(root)


DATASET = """title: Contracts
description: {description}
class: services
published: 2024-01-01
resources:
  - name: contracts
    path: contracts.csv
    schema:
      fields:
        - {{name: ref, type: string}}
        - {{name: note, type: string, description: "{field}"}}
"""


@pytest.mark.parametrize("description, field, code, line", [
    ("Queries to jo.bloggs\\x40example.com please.", "A note.", "redaction.email", 2),
    ("Contracts let.", "Ask on 07700\\u00a0900123", "redaction.phone", 11),
    ("Contracts let.", "NI QQ12\\u00ad3456C style", "redaction.ni-number", 11),
], ids=["dataset description", "field description phone", "field description NI number"])
def test_dataset_and_field_descriptions_are_checked(make_site, description, field, code, line):
    root = make_site({"datasets/contracts/datapackage.yaml":
                      DATASET.format(description=f'"{description}"', field=field),
                      "datasets/contracts/contracts.csv": "ref,note\nC1,fine\n"})
    result = build(root)
    found = [d for d in errors(result) if d.code == code]
    assert [(d.path, d.line) for d in found] == [("datasets/contracts/datapackage.yaml", line)], \
        [(d.location, d.message) for d in result.diagnostics]
    assert "/datasets/contracts/" in found[0].message
