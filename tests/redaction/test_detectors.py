"""The detector registry and the detectors' newer rules: real postcode areas, addresses
written out ("jo at example dot com", a warning), and values broken over two lines."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from makers.wrapped import WRAPPED, make_wrapped_pdf, make_wrapped_text

from opcc import redaction
from opcc.redaction import (
    CODES,
    LABELS,
    POSTCODE_AREAS,
    WARNING_CODES,
    Scanner,
    canonical,
    detectors,
    layout,
    line_and_column,
    mask,
    plain_address,
)
from opcc.redaction.detectors import DETECTORS, Detector
from opcc.redaction.inspectors import inspect_attachment
from tests.conftest import REPO

ORGANISATION = ("Office of the Police and Crime Commissioner for Northshire", "Northshire OPCC")
OBFUSCATED = "redaction.obfuscated-email"


def found(text: str, context: str = "", scanner: Scanner | None = None) -> set[tuple[str, str]]:
    return {(f.code, f.value) for f in (scanner or Scanner()).scan(text, context)}


# --------------------------------------------------------------------------- the registry

def test_every_detector_module_is_registered_once():
    modules = {name for _, name, _ in pkgutil.iter_modules(detectors.__path__)} - {"base"}
    assert all(isinstance(d, Detector) for d in DETECTORS)
    by_module = {name: importlib.import_module(f"{detectors.__name__}.{name}").DETECTOR
                 for name in modules}
    assert set(by_module.values()) == set(DETECTORS)
    assert len({d.code for d in DETECTORS}) == len(DETECTORS) == len(modules)


def test_codes_labels_and_severities_come_from_the_registry():
    assert CODES == tuple(d.code for d in DETECTORS)
    assert LABELS == {d.code: d.label for d in DETECTORS}
    assert WARNING_CODES == {OBFUSCATED}
    for detector in DETECTORS:
        assert detector.code.startswith("redaction.") and detector.label
        assert detector.severity in ("error", "warning")
        assert detector.fewest_digits >= 0


def test_findings_carry_their_detectors_severity():
    [error] = Scanner().scan("call 07700 900123")
    [warning] = Scanner().scan("write to jo at example dot com")
    assert (error.code, error.severity) == ("redaction.phone", "error")
    assert (warning.code, warning.severity) == (OBFUSCATED, "warning")


# --------------------------------------------------------------------------- postcode areas

def test_postcode_areas_are_the_real_ones():
    assert len(POSTCODE_AREAS) == 126  # 121 geographic, GY IM JE, and BF BX
    assert {"AB", "BF", "BX", "E", "GY", "IM", "JE", "SW", "W", "ZE"} <= POSTCODE_AREAS
    assert not {"NT", "US", "UT", "XX", "QQ"} & POSTCODE_AREAS


@pytest.mark.parametrize("area", sorted(POSTCODE_AREAS))
def test_every_real_area_fires(area):
    value = f"{area}1 1AB"
    assert found(f"Lives at {value}.") == {("redaction.postcode", value)}


@pytest.mark.parametrize("text", ["Stock code US0 2BG", "Part UT40 4XL, black", "NT1 1AA",
                                  "Item KQ12 3AB", "XX1 1AA", "Bin FX9 9ZZ", "VT5 6PB"])
def test_codes_shaped_like_postcodes_outside_any_area_do_not_fire(text):
    assert found(text) == set()


def test_every_two_letter_non_area_is_refused():
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pairs = [a + b for a in letters for b in letters if a + b not in POSTCODE_AREAS]
    hits = {p for p in pairs if ("redaction.postcode", f"{p}1 1AB") in found(f"x {p}1 1AB y")}
    assert hits == set()


@pytest.mark.parametrize("text, value", [
    ("SW1A 1AA", "SW1A 1AA"), ("GIR 0AA", "GIR 0AA"), ("ec1a1bb", None), ("W1A 0AX", "W1A 0AX"),
    ("BFPO 63, BF1 4FB", "BF1 4FB"), ("bx1 1lt", "bx1 1lt"), ("JE2 3XP", "JE2 3XP")])
def test_real_postcodes_still_fire(text, value):
    assert found(text) == ({("redaction.postcode", value)} if value else set())


def test_the_example_office_postcode_is_a_real_area_and_allowed_via_site_yaml():
    site = (REPO / "site.yaml").read_text(encoding="utf-8")
    [postcode] = re.findall(r"^\s+- (\w+ \w+)$\n\s+foi_email", site, re.MULTILINE)
    assert postcode[:2] in POSTCODE_AREAS and found(postcode) == {("redaction.postcode", postcode)}
    assert Scanner(allow=[{"value": postcode}]).scan(f"write to {postcode}") == []


# --------------------------------------------------------------------------- written-out addresses

@pytest.mark.parametrize("text, value, plain", [
    ("email jo at example dot com today", "jo at example dot com", "jo@example.com"),
    ("name [at] example [dot] com", "name [at] example [dot] com", "name@example.com"),
    ("name(at)example(dot)org", "name(at)example(dot)org", "name@example.org"),
    ("NAME AT EXAMPLE DOT CO DOT UK", "NAME AT EXAMPLE DOT CO DOT UK", "NAME@EXAMPLE.CO.UK"),
    ("reply to name @ example . com", "name @ example . com", "name@example.com"),
    ("jo.bloggs at example.org wrote", "jo.bloggs at example.org", "jo.bloggs@example.org"),
    ("<jo (at) example.com>", "jo (at) example.com", "jo@example.com"),
    ("tom {at} mail {dot} example {dot} net.", "tom {at} mail {dot} example {dot} net",
     "tom@mail.example.net"),
    ("jo at\nexample dot com", "jo at\nexample dot com", "jo@example.com"),
    ("Contact Jo At Example Dot Com", "Jo At Example Dot Com", "Jo@Example.Com"),
])
def test_addresses_written_out_are_warnings(text, value, plain):
    [finding] = Scanner().scan(text)
    assert (finding.code, finding.value, finding.severity) == (OBFUSCATED, value, "warning")
    assert plain_address(finding.value) == plain
    local, domain = plain.split("@")
    assert local not in finding.masked and domain not in finding.masked
    assert finding.masked.endswith(plain.rpartition(".")[2])


@pytest.mark.parametrize("text", [
    "Meet at the station dot matrix display", "We launched at the dot com boom",
    "Find us at example dot com", "Visit us at www dot example dot com",
    "The meeting is at 10.30 at the town hall.", "I was at home. Net result: none",
    "Tickets @ £5 each", "e.g. at gov.uk", "version 2.0 at example.com",
    "See the report at northshire dot example", "Look at google dot com",
    "Arrive at Gate 3. Com", "staff at the hq dot", "pay at least 2 dot points",
])
def test_prose_with_at_and_dot_is_not_an_address(text):
    assert found(text) == set()


def test_a_warning_never_hides_an_error_on_the_same_text():
    assert found("jo@example.co dot uk") == {("redaction.email", "jo@example.co")}
    assert found("jo@example.com") == {("redaction.email", "jo@example.com")}


def test_allow_list_values_and_patterns_cover_the_written_out_form():
    allow = Scanner(allow=[{"value": "foi@example.org"},
                           {"pattern": r"[a-z]+@northshire-opcc\.example\.org"}])
    assert allow.scan("foi at example dot org; press [at] northshire-opcc [dot] example "
                      "[dot] org") == []
    assert found("jo at example dot org", scanner=allow) == {(OBFUSCATED, "jo at example dot org")}
    assert canonical("FOI AT Example DOT org", OBFUSCATED) == "foi@example.org"
    assert mask("jo [at] example [dot] com", OBFUSCATED) == "j…@e…e.com"


# --------------------------------------------------------------------------- text as laid out

@pytest.mark.parametrize("text, code, value", [
    ("Contact j.smith@northshire\n.gov.uk now", "redaction.email", "j.smith@northshire.gov.uk"),
    ("Contact j.smith@northshire.\ngov.uk now", "redaction.email", "j.smith@northshire.gov.uk"),
    ("Contact j.smith@north\nshire.gov.uk now", "redaction.email", "j.smith@northshire.gov.uk"),
    ("Copy to jo.blog-\ngs@example.com", "redaction.email", "jo.bloggs@example.com"),
    ("Copy to jo.blog-  \r\n  gs@example.com", "redaction.email", "jo.bloggs@example.com"),
    ("ring 07700\n900123 after noon", "redaction.phone", "07700900123"),
    ("ring 07700 \n 900123 after noon", "redaction.phone", "07700 900123"),
    ("tel 0161-496-\n0000", "redaction.phone", "0161-496-0000"),
    ("call (01632)\n960555", "redaction.phone", "(01632)960555"),
    ("NI number QQ 12 34\n56 C", "redaction.ni-number", "QQ 12 3456 C"),
    ("NI number QQ 12 34 56\nC given", "redaction.ni-number", "QQ 12 34 56C"),
    ("lives at SW1A\n2AA now", "redaction.postcode", "SW1A2AA"),
    ("card 4111 1111\n1111 1111 used", "redaction.payment-card", "4111 11111111 1111"),
    ("DOB: 12/03/\n1985", "redaction.date-of-birth", "12/03/1985"),
])
def test_a_value_broken_over_two_lines_is_found_where_it_starts(text, code, value):
    [finding] = Scanner().scan(text)
    assert (finding.code, finding.value) == (code, value)
    assert "\n" in text[finding.start:finding.end]
    assert line_and_column(text, finding.start)[0] == 1
    assert re.sub(r"[\s-]", "", text[finding.start:finding.end]) == re.sub(r"[\s-]", "", value)
    assert value not in finding.masked and finding.masked not in ("", "…")


@pytest.mark.parametrize("text, expected", [
    ("Email jo@example.com\nPhone us", {("redaction.email", "jo@example.com")}),
    ("Contact jo@example.com.\nWe reply", {("redaction.email", "jo@example.com")}),
    ("Please write to\njo@example.com", {("redaction.email", "jo@example.com")}),
    ("Tel 07700 900123\n07700 900124", {("redaction.phone", "07700 900123"),
                                        ("redaction.phone", "07700 900124")}),
    ("j.smith@northshire.gov\n.uk", {("redaction.email", "j.smith@northshire.gov.uk")}),
    ("needs_real\n@pytest.mark.parametrize", set()),
    ("2019\n2020\n2021\n", set()), ("Total 1,263\n61 items", set()),
    ("Paid 07700\nInvoice 900123", set()),
])
def test_line_breaks_do_not_double_report_or_glue_whole_values(text, expected):
    assert found(text) == expected


def test_wrapped_values_are_allowed_like_any_other():
    scanner = Scanner(allow=[{"value": "01632 960100"}])
    assert scanner.scan("switchboard 01632\n960100") == []


def test_cells_keep_their_wrapped_values_in_their_own_cell():
    hits = Scanner().scan_cells(["Acme", "ring 07700\n900123", "QQ 12\n34 56 C"], "notes")
    assert [(i, f.code, f.value) for i, f in hits] == [
        (1, "redaction.phone", "07700900123"), (2, "redaction.ni-number", "QQ 1234 56 C")]
    assert hits[0][1].start == 5


def test_wrapped_prose_opens_no_window():
    prose = ("The commissioner approved the community safety fund grants for 2025/26.\n"
             "Payment of £1,263.61 to Castle Hotels Group, transaction T00012345.\n"
             "Decision PCC-D-2026-007 was published under the Order 2011. The panel met\n"
             "on 16 January and again on 24 September to review the precept of 4.99%.\n") * 50
    assert layout._breaks(prose) == []


def test_a_wrapped_text_file_names_the_line_each_value_starts_on(tmp_path):
    path = make_wrapped_text(tmp_path / "letter.txt")
    findings = inspect_attachment(path, Scanner(), ORGANISATION)
    assert sorted((f.code, f.location) for f in findings) == [
        ("redaction.email", "line 3"), ("redaction.email", "line 9"),
        ("redaction.ni-number", "line 7"), (OBFUSCATED, "line 12"), ("redaction.phone", "line 5")]
    assert_no_value_shown(findings)


def test_a_narrow_pdf_column_is_read_as_laid_out(tmp_path):
    path = make_wrapped_pdf(tmp_path / "column.pdf")
    findings = inspect_attachment(path, Scanner(), ORGANISATION)
    codes = {(f.code, f.location) for f in findings if f.code.startswith("redaction.")}
    assert codes == {("redaction.email", "page 1"), ("redaction.phone", "page 1"),
                     ("redaction.ni-number", "page 1")}
    assert_no_value_shown(findings)


def assert_no_value_shown(findings) -> None:
    for finding in findings:
        shown = re.sub(r"\W", "", f"{finding.message} {finding.location}").casefold()
        for *_, value in WRAPPED:
            assert re.sub(r"\W", "", value).casefold() not in shown, finding


def test_the_package_still_exports_what_the_generator_imports():
    for name in ("AllowList", "CODES", "Finding", "LABELS", "PROTECTED_NAME", "Scanner",
                 "canonical", "hash_name", "line_and_column", "load_protected_names",
                 "load_protected_names_file", "mask", "normalise_name", "protected_names_text",
                 "valid_age_identifier", "valid_iban", "valid_nhs_number", "valid_uk_number",
                 "write_protected_names", "WARNING_CODES"):
        assert hasattr(redaction, name), name
