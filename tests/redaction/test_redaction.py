"""Personal-data detectors: the labelled corpus, format rules, masking, allow-list,
protected names, the example site and speed."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from fixtures_redaction import PROTECTED_NAMES, SALT, corpus_scanner, load_corpus, score_corpus
from hypothesis import given, settings
from hypothesis import strategies as st

from opcc import redaction
from opcc.redaction import (
    CODES,
    Scanner,
    canonical,
    hash_name,
    load_protected_names,
    load_protected_names_file,
    mask,
    normalise_name,
    protected_names_text,
    valid_iban,
    valid_nhs_number,
    valid_uk_number,
    write_protected_names,
)
from tests.conftest import REPO

OFFICE_ALLOW = [
    {"value": "NE55 1AA", "reason": "the office's postal address"},
    {"value": "01632 960100", "reason": "the office's switchboard"},
    {"pattern": r"[a-z]+@northshire-opcc\.example\.org", "reason": "the office's mailboxes"},
]


def found(text: str, context: str = "", scanner: Scanner | None = None) -> set[tuple[str, str]]:
    return {(f.code, f.value) for f in (scanner or Scanner()).scan(text, context)}


# --------------------------------------------------------------------------- the corpus

@pytest.fixture(scope="module")
def scores():
    return score_corpus()


@pytest.mark.parametrize("code", CODES)
def test_corpus_precision_and_recall_per_detector(scores, code):
    score = scores[code]
    assert score.precision >= 0.95, f"{code} false positives: {score.false_positives}"
    assert score.recall >= 0.95, f"{code} missed: {score.missed}"


@pytest.mark.parametrize("code", CODES)
def test_corpus_has_enough_examples_per_detector(code):
    section = load_corpus()["detectors"][code]
    assert len(section["positives"]) >= 12
    assert len(section["negatives"]) >= 8


def test_common_negatives_fire_nothing():
    scanner = corpus_scanner()
    fired = {text: found(text, scanner=scanner) for text in load_corpus()["common_negatives"]}
    assert {text: hits for text, hits in fired.items() if hits} == {}


# --------------------------------------------------------------------------- format rules

@pytest.mark.parametrize("text", ["QQ123456C", "QQ 12 34 56 C", "AB123456A", "CR123456B"])
def test_ni_numbers_including_the_reserved_prefix(text):
    assert found(text) == {("redaction.ni-number", text)}


@pytest.mark.parametrize("prefix", ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "DA", "FA", "IA",
                                    "UA", "VA", "AD", "AF", "AI", "AO", "AU", "AV"])
def test_ni_prefixes_never_issued_do_not_fire(prefix):
    assert found(f"{prefix}123456A") == set()


def test_nhs_modulus_11():
    assert valid_nhs_number("9434765919")
    assert not valid_nhs_number("9434765918")
    assert not valid_nhs_number("9434765910")
    # a prefix whose check would be 10 has no valid number at all
    prefix = next(p for p in (f"40100{n:04d}" for n in range(200))
                  if sum(int(d) * w for d, w in zip(p, range(10, 1, -1))) % 11 == 1)
    assert not any(valid_nhs_number(prefix + str(d)) for d in range(10))
    assert found("NHS number 943 476 5919") == {("redaction.nhs-number", "943 476 5919")}
    assert found("943 476 5918") == set()


def test_bare_ten_digits_need_nhs_context():
    assert found("Transaction 9434765919") == set()
    assert found("NHS 9434765919") == {("redaction.nhs-number", "9434765919")}
    assert found("9434765919", context="nhs_number") == {("redaction.nhs-number", "9434765919")}


def test_cards_need_luhn_and_an_issuer():
    assert found("4111 1111 1111 1111") == {("redaction.payment-card", "4111 1111 1111 1111")}
    assert found("4111 1111 1111 1112") == set()
    assert found("8000 0000 0000 0002") == set()  # passes Luhn, no such issuer


def test_iban_mod_97():
    assert valid_iban("GB82 WEST 1234 5698 7654 32")
    assert not valid_iban("GB82 WEST 1234 5698 7654 31")


@pytest.mark.parametrize("number, ok", [
    ("01632960100", True), ("07700900123", True), ("02079460000", True), ("08001234567", True),
    ("0800123456", True), ("0169774567", True), ("03001231234", True), ("09098790123", True),
    ("0207946000", False), ("04123456789", False), ("06123456789", False), ("00441632960", False),
    ("0770090012", False), ("077009001234", False),
])
def test_uk_number_ranges_and_lengths(number, ok):
    assert valid_uk_number(number) is ok


@pytest.mark.parametrize("text, value", [
    ("01632 960100", "01632 960100"), ("+44 (0)1632 960100", "+44 (0)1632 960100"),
    ("(01632) 960100", "(01632) 960100"), ("07700 900 123", "07700 900 123"),
    ("+447700900123", "+447700900123"), ("0161-496-0000", "0161-496-0000"),
])
def test_phone_formats_including_ofcom_drama_ranges(text, value):
    assert found(f"call {text} today") == {("redaction.phone", value)}


def test_phone_like_references_and_amounts_do_not_fire():
    for text in ("Invoice 07700900123", "£1,263.61", "1001752233", "T00012345", "46296351 - 1",
                 "FOI-2024-0042", "0.01632960100"):
        assert found(text) == set(), text


def test_email_includes_example_domains_not_file_names():
    assert found("x j.doe@example.com y") == {("redaction.email", "j.doe@example.com")}
    assert found("logo@2x.png @handle user@localhost") == set()


def test_date_of_birth_only_with_context():
    assert found("Paid on 12/03/1985") == set()
    assert found("DOB: 12/03/1985") == {("redaction.date-of-birth", "12/03/1985")}
    assert found("1985-03-12", context="date_of_birth") == {("redaction.date-of-birth",
                                                             "1985-03-12")}
    assert found("born out of consultation on 12/03/2012") == set()


def test_vehicle_age_identifiers_follow_the_calendar():
    valid = redaction.valid_age_identifier
    assert valid(2) and valid(51) and not valid(1) and not valid(50)
    assert valid(25, date(2025, 3, 1)) and not valid(25, date(2025, 2, 28))
    assert valid(75, date(2025, 9, 1)) and not valid(75, date(2025, 8, 31))
    assert not valid(26, date(2025, 12, 31)) and not valid(76, date(2025, 12, 31))


def test_postcode_and_plate_are_told_apart():
    assert found("AB12 CDE") == {("redaction.vehicle-registration", "AB12 CDE")}
    assert found("NE55 4BD") == {("redaction.postcode", "NE55 4BD")}
    assert found("PCC 2024 ISO 9001 SI 2011/3050") == set()


def test_bank_details_need_context():
    assert found("12-34-56 12345678") == set()
    assert found("sort code 12-34-56 a/c 12345678") == {
        ("redaction.bank-account", "12-34-56 a/c 12345678")}


# --------------------------------------------------------------------------- masking

@pytest.mark.parametrize("value, code, masked", [
    ("john@example.com", "redaction.email", "j…@e…e.com"),
    ("QQ123456C", "redaction.ni-number", "QQ 12 … C"),
    ("QQ 12 34 56 C", "redaction.ni-number", "QQ 12 … C"),
    ("NE55 1AA", "redaction.postcode", "NE55 …"),
    ("4111 1111 1111 1111", "redaction.payment-card", "…1111"),
    ("Avery Quenby", "redaction.protected-name", "A… Q…"),
])
def test_mask_examples(value, code, masked):
    assert mask(value, code) == masked


def test_no_finding_shows_a_whole_value():
    scanner = corpus_scanner()
    corpus = load_corpus()
    for code, section in corpus["detectors"].items():
        for item in section["positives"]:
            for finding in scanner.scan(item["text"], item.get("context", "")):
                shown = finding.describe() + " " + finding.masked
                compact = re.sub(r"\W", "", finding.value).casefold()
                assert finding.value not in shown, (code, finding)
                assert compact not in re.sub(r"\W", "", shown).casefold(), (code, finding)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 -+()@.ABCDEFGHJKLMNPQRSTWXYZabcdez:/£,\n", max_size=80))
def test_scan_never_fails_and_spans_match_values(text):
    for finding in Scanner().scan(text):
        written = text[finding.start:finding.end]
        if "\n" in written and finding.code != "redaction.obfuscated-email":
            # a value broken over two lines is reported rejoined, at its place in the text
            assert "\n" not in finding.value
            assert re.sub(r"[\s-]", "", written) == re.sub(r"[\s-]", "", finding.value)
        else:
            assert written == finding.value
        if len(re.sub(r"\W", "", finding.value)) >= 6:
            assert finding.value not in finding.masked


def test_scan_cells_matches_scanning_each_cell():
    cells = ["Acme Ltd", "07700 900123", "", "QQ123456C\x00x", "AB12 CDE", "n/a", "DOB 1/2/80"]
    scanner = Scanner()
    one_by_one = [(i, f.code, f.value) for i, cell in enumerate(cells)
                  for f in scanner.scan(cell.replace("\x00", " "), "notes")]
    together = [(i, f.code, f.value) for i, f in scanner.scan_cells(cells, "notes")]
    assert together == one_by_one
    assert len(together) == 4


def test_cells_do_not_lend_each_other_context():
    # "Invoice" in one cell must not make the next cell's number a reference,
    # and "DOB" in one cell must not make the next cell's date a date of birth.
    hits = Scanner().scan_cells(["Invoice", "07700900123", "DOB", "12/03/1985"])
    assert [(i, f.code) for i, f in hits] == [(1, "redaction.phone")]


# --------------------------------------------------------------------------- allow-list

def test_allow_values_compare_after_normalising():
    scanner = Scanner(allow=OFFICE_ALLOW)
    text = ("Call 01632 960100 or +44 1632 960100 or 01632-960-100; write to nt1 1aa; "
            "email foi@northshire-opcc.example.org")
    assert scanner.scan(text) == []
    assert found("call 01632 960101", scanner=scanner) == {("redaction.phone", "01632 960101")}
    assert found("j.doe@example.org", scanner=scanner) == {("redaction.email", "j.doe@example.org")}


def test_canonical_phone_forms_agree():
    forms = ["01632 960100", "+44 1632 960100", "+44 (0)1632 960100", "0044 1632 960100"]
    assert {canonical(f, "redaction.phone") for f in forms} == {"01632960100"}


def test_bad_allow_items_are_plain_errors():
    with pytest.raises(ValueError, match="allow item 1: the pattern is not a valid"):
        Scanner(allow=[{"pattern": "([a-z", "reason": "x"}])
    with pytest.raises(ValueError, match="allow item 2 needs a 'value' or a 'pattern'"):
        Scanner(allow=[{"value": "x"}, {"reason": "missing"}])


# --------------------------------------------------------------------------- protected names

def test_protected_name_file_holds_no_name_and_round_trips(tmp_path):
    path = tmp_path / "protected-names.txt"
    write_protected_names(["# staff who asked", "Avery Quenby", "", "Zoë Ashgrove"], path)
    text = path.read_text(encoding="utf-8")
    for word in ("avery", "quenby", "zoë", "zoe", "ashgrove"):
        assert word not in text.casefold()
    salt, hashes = load_protected_names(path)
    assert len(hashes) == 2 and hash_name("AVERY  quenby", salt) in hashes
    names = load_protected_names_file(path)
    assert names.word_counts == (2,)
    scanner = Scanner(protected_hashes=names.hashes, salt=names.salt,
                      word_counts=names.word_counts)
    hits = scanner.scan("Seen: avery   QUENBY and zoe ashgrove, not Avery Sample.")
    assert [(f.code, f.value, f.masked) for f in hits] == [
        ("redaction.protected-name", "avery   QUENBY", "a… Q…"),
        ("redaction.protected-name", "zoe ashgrove", "z… a…")]


def test_names_can_be_added_to_an_existing_file(tmp_path):
    path = tmp_path / "names.txt"
    write_protected_names(["Avery Quenby"], path)
    before = load_protected_names_file(path)
    write_protected_names(["Mary-Jane O'Brien-Tull"], path, add=True)
    after = load_protected_names_file(path)
    assert after.salt == before.salt and before.hashes < after.hashes
    assert after.word_counts == (2, 5)
    scanner = Scanner(protected_hashes=after.hashes, salt=after.salt,
                      word_counts=after.word_counts)
    assert {f.value for f in scanner.scan("avery quenby; MARY JANE OBRIEN TULL")} == {
        "avery quenby", "MARY JANE OBRIEN TULL"}


def test_a_name_holding_a_break_word_is_refused():
    with pytest.raises(ValueError, match="name 2 holds 'of'"):
        protected_names_text(["Avery Quenby", "Tom of Ely"])


def test_name_normalising_ignores_case_spacing_punctuation_and_accents():
    assert normalise_name("Mary-Jane O'Brien") == normalise_name("MARY JANE OBRIEN") == \
        normalise_name("mary jane o brien") == "maryjaneobrien"
    assert normalise_name("Zoë") == normalise_name("ZOE")


def test_salt_changes_every_hash():
    assert hash_name("Avery Quenby", "a") != hash_name("Avery Quenby", "b")
    text_one = protected_names_text(["Avery Quenby"])
    text_two = protected_names_text(["Avery Quenby"])
    assert text_one != text_two  # a fresh random salt each time


def test_names_across_a_surname_first_order():
    scanner = corpus_scanner()
    assert found("QUENBY, Avery", scanner=scanner) == {("redaction.protected-name",
                                                        "QUENBY, Avery")}


def test_bad_protected_names_file_names_the_line(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("salt: abc\nwords: 2\nAvery Quenby\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"names.txt:3: expected a 64-digit SHA-256 hash"):
        load_protected_names(path)
    path.write_text("0" * 64 + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no 'salt:' line"):
        load_protected_names(path)
    with pytest.raises(ValueError, match="does not exist"):
        load_protected_names(tmp_path / "missing.txt")


def test_scanner_from_settings_reads_the_file_relative_to_the_site(tmp_path):
    write_protected_names(PROTECTED_NAMES, tmp_path / "names.txt", salt=SALT)
    scanner = Scanner.from_settings(OFFICE_ALLOW, "names.txt", root=tmp_path)
    assert found("Zoe Ashgrove, 01632 960100", scanner=scanner) == {
        ("redaction.protected-name", "Zoe Ashgrove")}


# --------------------------------------------------------------------------- the example site

def site_texts() -> list[tuple[str, str, str]]:
    """(path, context, text) for every page and every dataset cell, column by column."""
    items = []
    for path in sorted((REPO / "content").rglob("*.md")):
        items.append((str(path.relative_to(REPO)), "", path.read_text(encoding="utf-8")))
    for path in sorted((REPO / "datasets").rglob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        for number, name in enumerate(rows[0]):
            cells = [row[number] for row in rows[1:] if number < len(row)]
            items.append((str(path.relative_to(REPO)), name, cells))
    return items


def scan_site(scanner: Scanner) -> list[tuple[str, str, str]]:
    hits = []
    for path, context, text in site_texts():
        if isinstance(text, list):
            hits += [(path, f.code, f.value) for _, f in scanner.scan_cells(text, context)]
        else:
            hits += [(path, f.code, f.value) for f in scanner.scan(text)]
    return hits


def test_example_site_fires_only_on_the_offices_own_contact_details():
    values = {value for _, _, value in scan_site(Scanner())}
    assert values == {"NE55 1AA", "01632 960100", "foi@northshire-opcc.example.org",
                      "enquiries@northshire-opcc.example.org", "dpo@northshire-opcc.example.org"}


def test_example_site_is_clean_with_the_offices_allow_list():
    assert scan_site(Scanner(allow=OFFICE_ALLOW)) == []
