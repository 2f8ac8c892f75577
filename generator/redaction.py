"""Personal-data detectors and the redaction scanner.

Every published string goes through `Scanner.scan`, which runs one detector per kind of
UK personal data and returns a `Finding` for each hit. Each detector follows the real
format rules (National Insurance prefixes, NHS modulus 11, card Luhn and issuer ranges,
Ofcom number ranges, postcode positions, DVLA plate formats), so amounts, transaction
numbers, ISO dates and FOI or decision references do not fire.

Codes and what they need:

- redaction.email: an address with a dot in the domain (file names such as logo@2x.png are not).
- redaction.phone: a UK number, national (01, 02, 03, 055/056, 07, 08, 09) or +44/0044,
  with spaces, hyphens or brackets. A bare run of digits after a reference word
  (invoice, transaction, order, ref…) and no phone word is treated as a reference.
- redaction.ni-number: two prefix letters (Q, D, F, I, U, V rules and the never-issued
  pairs), six digits, suffix A-D; the reserved prefixes QQ, OO, FY, CR, MW and NC count too.
- redaction.postcode: the strict outward and inward patterns; upper or lower case, not mixed.
- redaction.vehicle-registration: current (AB12 CDE with a valid age identifier) and
  Northern Ireland (ABZ 1234) plates anywhere; prefix (A123 BCD) and suffix (ABC 123D)
  plates only near a vehicle word (car, vehicle, reg…), as they look like stock codes.
  Capitals only; a month or a common acronym as the letters ("RP27 JUL") does not count.
- redaction.nhs-number: ten digits in an issued range that pass modulus 11; a bare run of
  ten digits only when "NHS" is written just before it (or in the column name).
- redaction.payment-card: 13-19 digits with a known issuer prefix that pass Luhn.
- redaction.bank-account: a sort code with an 8-digit account number near "sort code",
  "account" or "bank"; "bank account number 12345678"; or a GB IBAN passing mod 97.
- redaction.date-of-birth: a date right after "DOB", "date of birth", "born (on)" or
  "birth date", or any date when the column name says date of birth.
- redaction.protected-name: a name from the protected-names file (see below).

`scan(text, context)` takes an optional context, such as a CSV column name, which is read
as if it came just before the text: a "date_of_birth" column makes every date in it fire.

Allow-list items (from site.yaml `redaction.allow`) are `{"value": ..., "reason": ...}`,
compared after normalising (phone numbers by their national digits, others ignoring case,
spaces and punctuation), or `{"pattern": ..., "reason": ...}`, a regular expression that
must match the whole value as found (case is ignored).

Protected-names file. Plain UTF-8 text, written by `write_protected_names`:

    # comment lines start with '#'
    salt: 5f0c…  (32 hex digits, random per file)
    words: 2,3   (the numbers of words in the names, so the scanner knows its windows)
    9b1c…        (one SHA-256 hex digest per line, sorted)

A digest is sha256(salt + normalised name). Normalising folds case, strips accents and
joins the letters of every word with nothing between them, so "Mary-Jane O'Brien",
"MARY JANE OBRIEN" and "mary jane o brien" hash alike. The file holds no name.
The scanner hashes every run of 1 to N words of the text (N the largest on the `words:` line), in
both orders for two words ("Quenby, Avery"); runs never start at or cross a common word
such as "the" or "of" (NAME_BREAKS), and a name holding one is refused when hashing.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

Span = tuple[int, int]

EMAIL = "redaction.email"
PHONE = "redaction.phone"
NI_NUMBER = "redaction.ni-number"
POSTCODE = "redaction.postcode"
VEHICLE = "redaction.vehicle-registration"
NHS_NUMBER = "redaction.nhs-number"
CARD = "redaction.payment-card"
BANK = "redaction.bank-account"
DATE_OF_BIRTH = "redaction.date-of-birth"
PROTECTED_NAME = "redaction.protected-name"

LABELS = {
    EMAIL: "email address",
    PHONE: "UK phone number",
    NI_NUMBER: "National Insurance number",
    POSTCODE: "UK postcode",
    VEHICLE: "vehicle registration",
    NHS_NUMBER: "NHS number",
    CARD: "payment card number",
    BANK: "bank account details",
    DATE_OF_BIRTH: "date of birth",
    PROTECTED_NAME: "protected name",
}
CODES = tuple(LABELS)


@dataclass(frozen=True)
class Finding:
    code: str  # "redaction.email" …
    label: str  # "email address"
    masked: str  # safe to print
    start: int  # offsets into the scanned text
    end: int
    value: str  # the full value: NEVER put it in a message; for allow-list matching only

    def describe(self) -> str:
        """A plain-English sentence that never holds the full value."""
        return f"{self.label} {self.masked} found"


# --------------------------------------------------------------------------- helpers

# Python's re skips fast to a pattern's first character class, but not past a leading
# lookbehind, so the "nothing just before" checks come after the first character.
_FIRST_DIGIT = r"\d(?<![\w+£$€.,/\\-]\d)"  # a first digit not inside a word, amount or reference
_NO_NUMBER_AFTER = r"(?!\w|[.,/-]\d)"
_NOTHING_BEFORE = r"(?<![A-Za-z0-9].)"  # after the first character: no letter or digit before it


def _compact(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


CELL_SEPARATOR = "\x00"  # joins the cells of a column; no detector reads across it


def _before(text: str, start: int, context: str, width: int = 40) -> str:
    """Lower-cased text just before `start` in its cell, with the context in front."""
    head = text[max(0, start - width):start]
    head = head[head.rfind(CELL_SEPARATOR) + 1:]
    if context:
        head = f"{context.replace('_', ' ').replace('-', ' ')} {head}"
    return head.lower()


def _mentions(text: str, context: str, words: Sequence[str]) -> bool:
    """A cheap first check that a detector's context words occur at all."""
    low = f"{context} {text}".lower()
    return any(word in low for word in words)


def _not_mixed_case(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    return all(c.isupper() for c in letters) or all(c.islower() for c in letters)


# --------------------------------------------------------------------------- email

_FILE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "doc", "docx", "xls",
                    "xlsx", "csv", "txt", "html", "htm", "css", "js", "json", "md", "zip"}
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%+-.'")
_LOCAL = re.compile(r"[A-Za-z0-9_%+-]+(?:[.'][A-Za-z0-9_%+-]+)*")
_DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?P<tld>[A-Za-z]{2,24})"
                     r"(?![\w-]|\.[A-Za-z0-9])")


def _local_start(text: str, at: int) -> int:
    start = at
    while start > 0 and text[start - 1] in _LOCAL_CHARS:
        start -= 1
    while start < at and text[start] in ".'":
        start += 1  # a quote or full stop before the address is punctuation
    return start


def find_emails(text: str, context: str = "") -> Iterator[Span]:
    """Found from each '@' outwards: far faster than a pattern tried at every letter."""
    at = text.find("@")
    while at != -1:
        start = _local_start(text, at)
        domain = _DOMAIN.match(text, at + 1)
        if domain and start < at and _LOCAL.fullmatch(text, start, at) \
                and domain["tld"].lower() not in _FILE_EXTENSIONS:
            yield start, domain.end()
        at = text.find("@", at + 1)


# --------------------------------------------------------------------------- phone

_PHONE_START = re.compile(
    r"(?=[+(0])(?<![\w+£$€.,/\\-])"  # a lookahead first keeps the fast skip to + ( or 0
    r"(?:(?P<intl>\(?(?:\+|00)[ \u00a0]?44\)?[ \u00a0-]?(?:\(0\)[ \u00a0-]?)?)0?"  # (+44) (0)
    r"|(?P<open>\()?0)(?=\d)")
_PHONE_GROUP = re.compile(r"(?P<digits>\d+)(?P<sep>\)[ \u00a0-]?|[ \u00a0-])?")
_REFERENCE_WORDS = re.compile(
    r"(?<![a-z])(?:invoice|inv|ref|reference|transaction|trans|order|po|receipt|account|acct|"
    r"a/c|customer|case|crime|urn|voucher|payment|document|doc|batch|journal|cheque|id|"
    r"number|no)(?![a-z])")
_PHONE_WORDS = re.compile(
    r"(?<![a-z])(?:tel|telephone|phone|mobile|mob|call|ring|fax|text|sms|whatsapp|contact)(?![a-z])")


def valid_uk_number(national: str) -> bool:
    """A UK number in national form (leading 0) in an Ofcom-allocated range and length."""
    if not national.startswith("0") or len(national) not in (10, 11) or not national.isdigit():
        return False
    second = national[1]
    if second in "2379":
        return len(national) == 11
    if second == "1":
        return True  # most are 11 digits; a few small exchanges have 10
    if second == "5":
        return national[2] in "56" and len(national) == 11
    if second == "8":
        return len(national) == 11 or national.startswith(("0800", "0500"))
    return False


def _phone_groups(text: str, pos: int) -> list[tuple[int, str, str]]:
    """(end, digits so far, separator after) for each run of digits from `pos`."""
    groups, digits = [], ""
    for _ in range(6):
        match = _PHONE_GROUP.match(text, pos)
        if not match:
            break
        digits += match["digits"]
        groups.append((match.end("digits"), digits, match["sep"] or ""))
        if not match["sep"] or len(digits) > 11:
            break
        pos = match.end()
    return groups


def _phone_at(text: str, match: re.Match) -> Span | None:
    """The longest valid phone number starting at a candidate, or None."""
    groups = _phone_groups(text, match.end())
    for index in range(len(groups) - 1, -1, -1):
        end, digits, sep = groups[index]
        trimmed = index < len(groups) - 1
        if trimmed and sep.strip(" \u00a0"):
            continue  # only cut a run at a plain space
        if not trimmed and re.match(r"\w|[.,/-]\d", text[end:end + 2]):
            return None
        if valid_uk_number("0" + digits):
            if match["open"] and ")" not in text[match.start():end]:
                return None
            return match.start(), end
    return None


def find_phones(text: str, context: str = "") -> Iterator[Span]:
    for match in _PHONE_START.finditer(text):
        span = _phone_at(text, match)
        if span is None:
            continue
        value = text[span[0]:span[1]]
        if value.isdigit() and _looks_like_reference(text, span[0], context):
            continue
        yield span


def _looks_like_reference(text: str, start: int, context: str) -> bool:
    before = _before(text, start, context, 30)
    return bool(_REFERENCE_WORDS.search(before)) and not _PHONE_WORDS.search(before)


# --------------------------------------------------------------------------- NI number

_NI = re.compile(rf"([A-Za-z]{_NOTHING_BEFORE}[A-Za-z]) ?(\d{{2}}) ?(\d{{2}}) ?(\d{{2}}) ?([A-Da-d])"
                 r"(?![A-Za-z0-9])")
_NI_FIRST = set("ABCEGHJKLMNOPRSTWXYZ")
_NI_SECOND = set("ABCEGHJKLMNPRSTWXYZ")
_NI_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NI_RESERVED = {"QQ", "OO", "FY", "CR", "MW", "NC"}  # examples and administrative prefixes


def valid_ni_prefix(prefix: str) -> bool:
    prefix = prefix.upper()
    if prefix in _NI_RESERVED:
        return True
    return prefix[0] in _NI_FIRST and prefix[1] in _NI_SECOND and prefix not in _NI_NEVER


def find_ni_numbers(text: str, context: str = "") -> Iterator[Span]:
    for match in _NI.finditer(text):
        if valid_ni_prefix(match[1]) and _not_mixed_case(match.group()):
            yield match.span()


# --------------------------------------------------------------------------- postcode

_POSTCODE = re.compile(  # upper- and lower-case classes written out: IGNORECASE is slow
    rf"[A-PR-UWYZa-pr-uwyz]{_NOTHING_BEFORE}"
    r"(?:(?:[0-9][0-9A-HJKPSTUWa-hjkpstuw]?|[A-HK-Ya-hk-y][0-9][0-9ABEHMNPRVWXYabehmnprvwxy]?)"
    r"(?P<space>[ \u00a0]?)[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}"
    r"|(?<=[Gg])(?:IR ?0AA|ir ?0aa))(?![A-Za-z0-9])")


def find_postcodes(text: str, context: str = "") -> Iterator[Span]:
    for match in _POSTCODE.finditer(text):
        value = match.group()
        if not _not_mixed_case(value):
            continue
        if not match["space"] and not value.isupper():
            continue
        yield match.span()


# --------------------------------------------------------------------------- vehicles

_NI_CODES = ("AZ|BZ|CZ|DZ|EZ|FZ|GZ|HZ|IA|IB|IG|IJ|IL|IW|JI|JZ|KZ|LZ|MZ|NZ|OI|OZ|PZ|RZ|SZ|TZ|"
             "UI|UZ|VZ|WZ|XI|XZ|YZ")
_PLATE = re.compile(  # one pass for the four formats; capitals only
    rf"[A-Y]{_NOTHING_BEFORE}(?:"
    r"(?<=[A-HK-PR-SV-Y])[A-HJ-PR-Y](?P<age>\d{2}) ?(?P<current>[A-HJ-PR-Z]{3})(?![A-Za-z0-9])"
    r"|(?<=[A-HJ-NPR-TV-Y])[1-9]\d{0,2} ?(?P<prefix>[A-HJ-PR-Y]{3})(?![A-Za-z0-9])"  # A123 BCD
    r"|(?<=[A-HJ-PR-Y])(?P<suffix>[A-HJ-PR-Y]{2}) ?[1-9]\d{0,2} ?[A-HJ-NPR-TV-Y](?![A-Za-z0-9])"
    rf"|(?<=[A-HJ-PR-Y])(?P<ni>{_NI_CODES}) ?[1-9]\d{{0,3}}(?![A-Za-z0-9/])"  # ABZ 1234
    r")")
# Three-letter words, months and acronyms that sit next to small numbers in ordinary text
# ("A4 PDF", "RP27 JUL 14", "SSD 500G"); a real plate with these letters is vanishingly rare.
_PLATE_WORDS = {"PDF", "CSV", "DOC", "XLS", "RTF", "TXT", "MAP", "PCC", "FOI", "NHS", "SSD", "HDD",
                "USB", "GDP", "VAT", "CPS", "DPA", "ICO", "LGA", "APR", "MAY", "JUN", "JUL",
                "AUG", "SEP", "OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "MON", "TUE", "WED",
                "THU", "FRI", "SAT", "SUN", "RAM", "CPU", "PHP", "API", "SQL", "ACT", "THE",
                "AND", "FOR", "PER", "NET", "TAX", "WHT", "BLK", "BLU", "RED", "GRN", "PKT",
                "BOX", "PCS", "QTY", "REF", "INV", "ORD"}
# Prefix (1983-2001) and suffix (1963-1983) plates look like product and stock codes
# ("C4 WHT", "AKG 451B"), so they count only near a word about vehicles.
_VEHICLE_WORDS = re.compile(
    r"(?<![a-z])(?:vehicles?|cars?|vans?|lorry|lorries|motorcycles?|motorbikes?|taxis?|"
    r"reg|registrations?|registered|plates?|number\s*plate|vrm|vrn|index|driver|driven|drove|"
    r"parked|towed|clamped)(?![a-z])")


def valid_age_identifier(age: int, today: date | None = None) -> bool:
    """Current-format age identifier issued by `today`: 02 onwards in March of each year
    (the year's last two digits) and 51 onwards in September (the year + 50)."""
    today = today or date.today()
    year = today.year % 100
    march = year if today.month >= 3 else year - 1
    september = year + 50 if today.month >= 9 else year + 49
    return 2 <= age <= march or 51 <= age <= september


def _plate_ok(text: str, match: re.Match, context: str) -> bool:
    if match["age"]:
        return valid_age_identifier(int(match["age"])) and match["current"] not in _PLATE_WORDS
    if match["ni"]:
        return match.group()[:3] not in _PLATE_WORDS
    letters = match["prefix"] or match.group()[:3]
    return letters not in _PLATE_WORDS and bool(
        _VEHICLE_WORDS.search(_before(text, match.start(), context, 40)))


def find_vehicles(text: str, context: str = "") -> Iterator[Span]:
    for match in _PLATE.finditer(text):
        if _plate_ok(text, match, context):
            yield match.span()


# --------------------------------------------------------------------------- NHS number

_NHS = re.compile(rf"({_FIRST_DIGIT}\d{{2}})([ -]?)(\d{{3}})\2(\d{{4}})" + _NO_NUMBER_AFTER)
_NHS_WORDS = re.compile(r"(?<![a-z])(?:nhs|chi|h&c|health)(?![a-z])")


def valid_nhs_number(digits: str) -> bool:
    """Modulus 11 with weights 10…2; check 11 → 0, 10 → invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _nhs_range(digits: str) -> bool:
    """Issued ranges: 3xx (NI from 320), 4xx, 6xx, 7xx, 9xx (test and example numbers),
    and Scottish CHI numbers, which start with the date of birth (DDMMYY)."""
    if digits[0] in "4679" or "320" <= digits[:3] <= "399":
        return True
    return 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12


def find_nhs_numbers(text: str, context: str = "") -> Iterator[Span]:
    for match in _NHS.finditer(text):
        digits = match[1] + match[3] + match[4]
        if not (_nhs_range(digits) and valid_nhs_number(digits)):
            continue
        if not match[2] and not _NHS_WORDS.search(_before(text, match.start(), context, 30)):
            continue
        yield match.span()


# --------------------------------------------------------------------------- cards

_CARD = re.compile(_FIRST_DIGIT + r"(?:[ -]?\d){12,18}" + _NO_NUMBER_AFTER)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card_issuer(digits: str) -> bool:
    """Known ISO/IEC 7812 issuer ranges and their lengths."""
    n, two, four = len(digits), int(digits[:2]), int(digits[:4])
    if digits[0] == "4":
        return n in (13, 16, 19)  # Visa
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16  # Mastercard
    if two in (34, 37):
        return n == 15  # American Express
    if 3528 <= four <= 3589 or two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305:
        return 14 <= n <= 19  # JCB, Diners
    if digits[0] in "56":
        return 13 <= n <= 19  # Discover, UnionPay, Maestro
    return False


def find_cards(text: str, context: str = "") -> Iterator[Span]:
    for match in _CARD.finditer(text):
        value = match.group()
        if len(set(re.sub(r"\d", "", value))) > 1:
            continue  # mixed separators: not one number
        digits = _digits(value)
        if _card_issuer(digits) and luhn_valid(digits):
            yield match.span()


# --------------------------------------------------------------------------- bank

_SORT_CODE = re.compile(_FIRST_DIGIT + r"\d([- ])\d{2}\1\d{2}" + _NO_NUMBER_AFTER)
_ACCOUNT = re.compile(_FIRST_DIGIT + r"\d{7}" + _NO_NUMBER_AFTER)
_BANK_WORDS = re.compile(r"(?<![a-z])(?:sort\s*code|s/c|account|acc|acct|a/c|iban|"
                         r"bank(?:\s+(?:details|account|acc|acct|a/c)|\s*:))(?![a-z])")
_BANK_ACCOUNT_ONLY = re.compile(
    r"(?<![a-z])bank\s+(?:account|acc|acct|a/c)(?:\s+(?:number|no\.?|num))?\s*[:#.-]?\s*$")
_IBAN = re.compile(rf"G{_NOTHING_BEFORE}B\d{{2}} ?[A-Z]{{4}}(?: ?\d{{4}}){{3}} ?\d{{2}}(?![A-Za-z0-9])")
_PAIR_GAP = 40


def valid_iban(value: str) -> bool:
    compact = _compact(value).upper()
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def _account_near(text: str, sort_code: re.Match) -> Span | None:
    low, high = max(0, sort_code.start() - _PAIR_GAP - 8), sort_code.end() + _PAIR_GAP
    for account in _ACCOUNT.finditer(text, low):
        start, end = account.span()
        if start > high:
            break
        outside = end <= sort_code.start() or start >= sort_code.end()
        pair = min(start, sort_code.start()), max(end, sort_code.end())
        if outside and CELL_SEPARATOR not in text[pair[0]:pair[1]]:
            return pair
    return None


def find_bank_accounts(text: str, context: str = "") -> Iterator[Span]:
    if "GB" in text:
        for match in _IBAN.finditer(text):
            if valid_iban(match.group()):
                yield match.span()
    if _mentions(text, context, ("sort", "acc", "a/c", "bank")):
        yield from _sort_codes_and_accounts(text, context)


def _sort_codes_and_accounts(text: str, context: str) -> Iterator[Span]:
    for match in _SORT_CODE.finditer(text):
        pair = _account_near(text, match)
        if pair and _BANK_WORDS.search(_before(text, pair[0], context, 60)
                                       + text[pair[0]:pair[1]].lower()):
            yield pair
    for match in _ACCOUNT.finditer(text):
        if _BANK_ACCOUNT_ONLY.search(_before(text, match.start(), context, 40)):
            yield match.span()


# --------------------------------------------------------------------------- date of birth

_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?P<d1>\d{1,2})([/.-])(?P<m1>\d{1,2})\2(?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?[ -](?:of )?(?P<mon3>{_MONTHS})\.?[ -],?(?P<y3>\d{{4}}|\d{{2}})"
    rf"|(?P<mon4>{_MONTHS})\.? (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y4>\d{{4}})"
    r")(?![\w/]|[.-]\d)", re.IGNORECASE)
_DOB_WORDS = re.compile(
    r"(?<![a-z])(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s*date|birthday|born)(?![a-z])")
_DOB_GAP = re.compile(r"^(?:[\s:=,.()\-–]|on|is|was|the|of|dated)*$")


def _valid_date(match: re.Match) -> bool:
    day = match["d1"] or match["d2"] or match["d3"] or match["d4"]
    month = match["m1"] or match["m2"]
    return 1 <= int(day) <= 31 and (month is None or 1 <= int(month) <= 12)


_DOB_REACH = 40  # characters after a keyword in which the date must start


def _dob_column(context: str) -> bool:
    return bool(context) and bool(_DOB_WORDS.search(context.lower().replace("_", " ")))


def _dates_after(text: str, low: str, keyword_end: int) -> Iterator[Span]:
    """The first valid date right after a keyword, with only filler words in between."""
    window = keyword_end + _DOB_REACH + 30
    for candidate in _DATE.finditer(text, keyword_end, min(len(text), window)):
        match = _DATE.match(text, candidate.start())  # again without the window's end
        if match is None or match.start() > keyword_end + _DOB_REACH:
            return
        if _DOB_GAP.match(low[keyword_end:match.start()]) and _valid_date(match):
            yield match.span()
        return


def find_dates_of_birth(text: str, context: str = "") -> Iterator[Span]:
    if _dob_column(context):
        for match in _DATE.finditer(text):
            if _valid_date(match):
                yield match.span()
        return
    if not _mentions(text, "", ("dob", "d.o.b", "d o b", "birth", "born")):
        return
    low = text.lower()
    for keyword in _DOB_WORDS.finditer(low):
        yield from _dates_after(text, low, keyword.end())


# --------------------------------------------------------------------------- protected names

_NAME_WORD = re.compile(r"[^\W\d_]+")
# Common words that are never part of a personal name: a name window neither starts at nor
# runs across one, which halves the hashing of running text. Names holding one are refused.
NAME_BREAKS = frozenset((
    "the", "and", "of", "to", "in", "for", "is", "on", "that", "by", "with", "as", "at", "this",
    "are", "or", "from", "it", "was", "we", "our", "not", "have", "has", "be", "been", "were",
    "which", "their", "they", "its", "if", "can", "all", "any", "into", "about", "these", "those",
    "than", "there", "where", "when", "what", "your", "you", "he", "she", "his", "her", "them"))
_MAX_CACHE = 200_000


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(name: str) -> list[str]:
    """The folded words of a name: letters only, accents and case removed."""
    return [_fold(word) for word in _NAME_WORD.findall(name)]


def normalise_name(name: str) -> str:
    """Case, accents, spacing and punctuation removed: 'Mary-Jane O'Brien' -> 'maryjaneobrien'."""
    return "".join(name_words(name))


def hash_name(name: str, salt: str) -> str:
    return hashlib.sha256((salt + normalise_name(name)).encode("utf-8")).hexdigest()


class _NameMatcher:
    """Slides windows of the file's word counts over the text and hashes each candidate
    (two-word windows in both orders, for "Surname, Forename")."""

    def __init__(self, hashes: frozenset[str], salt: str, word_counts: Sequence[int]):
        self.hashes = hashes
        self.salted = hashlib.sha256(salt.encode("utf-8"))
        # every run length up to the longest name: "MaryJane OBrien" is 2 words of text
        # but "Mary-Jane O'Brien" was 4 when hashed, and both normalise alike
        self.longest = max(word_counts, default=4)
        self._seen: dict[str, bool] = {}

    def _hit(self, candidate: str) -> bool:
        known = self._seen.get(candidate)
        if known is None:
            if len(self._seen) > _MAX_CACHE:
                self._seen.clear()
            digest = self.salted.copy()
            digest.update(candidate.encode("utf-8"))
            known = self._seen[candidate] = digest.hexdigest() in self.hashes
        return known

    def find(self, text: str) -> Iterator[Span]:
        if CELL_SEPARATOR not in text:
            yield from self._find_in(text)
            return
        offset = 0
        for cell in text.split(CELL_SEPARATOR):
            for start, end in self._find_in(cell):
                yield start + offset, end + offset
            offset += len(cell) + 1

    def _find_in(self, text: str) -> Iterator[Span]:
        matches = list(_NAME_WORD.finditer(text))
        words = [_fold(m.group()) for m in matches]
        total, hit = len(words), self._hit
        for index in range(total):
            if words[index] in NAME_BREAKS:
                continue
            joined = ""
            for size in range(1, min(self.longest, total - index) + 1):
                word = words[index + size - 1]
                if word in NAME_BREAKS:
                    break
                joined += word
                if hit(joined):
                    yield matches[index].start(), matches[index + size - 1].end()
                if size == 2 and hit(word + words[index]):
                    yield matches[index].start(), matches[index + 1].end()


# --------------------------------------------------------------------------- masking

_KEEP = {  # characters kept at the start and end of the letters and digits
    PHONE: (3, 2), NHS_NUMBER: (0, 3), CARD: (0, 4), BANK: (2, 2), DATE_OF_BIRTH: (0, 2),
    VEHICLE: (2, 1),
}


def _mask_chars(compact: str, head: int, tail: int) -> str:
    while head + tail > len(compact) // 2 and (head or tail):
        if head >= tail:
            head -= 1
        else:
            tail -= 1
    return f"{compact[:head]}…{compact[len(compact) - tail:] if tail else ''}"


def _mask_email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    host, _, tld = domain.rpartition(".")
    host_mask = f"{host[0]}…{host[-1]}" if len(host) > 2 else "…"
    return f"{local[0]}…@{host_mask}.{tld}"


def _mask_postcode(value: str) -> str:
    compact = _compact(value).upper()
    return f"{compact[:-3]} …"


def _mask_name(value: str) -> str:
    return " ".join(f"{word[0]}…" for word in _NAME_WORD.findall(value))


def mask(value: str, code: str) -> str:
    """A form of the value that is safe to print: at most about a third of it shows."""
    if code == EMAIL and "@" in value:
        return _mask_email(value)
    if code == PROTECTED_NAME:
        return _mask_name(value) or "…"
    compact = _compact(value).upper()
    if code == NI_NUMBER and len(compact) == 9:
        return f"{compact[:2]} {compact[2:4]} … {compact[-1]}"
    if code == POSTCODE:
        return _mask_postcode(value)
    head, tail = _KEEP.get(code, (1, 1))
    return _mask_chars(compact, head, tail)


# --------------------------------------------------------------------------- allow-list

def canonical(value: str, code: str) -> str:
    """The form compared with allow-list values: national digits for phones, else folded."""
    if code == PHONE:
        digits = _digits(value)
        if digits.startswith("44"):
            digits = digits[2:]
        elif digits.startswith("0044"):
            digits = digits[4:]
        return "0" + digits.lstrip("0")
    if code == EMAIL:
        return value.strip().casefold()
    if code == PROTECTED_NAME:
        return normalise_name(value)
    return _compact(value).upper()


class AllowList:
    def __init__(self, items: Sequence[dict]):
        self.values: list[str] = []
        self.patterns: list[re.Pattern] = []
        for number, item in enumerate(items, 1):
            self._add(number, item)
        self._canon: dict[str, set[str]] = {}

    def _add(self, number: int, item: dict) -> None:
        if not isinstance(item, dict) or not ({"value", "pattern"} & set(item)):
            raise ValueError(f"redaction allow item {number} needs a 'value' or a 'pattern'")
        if "value" in item:
            self.values.append(str(item["value"]))
        if "pattern" in item:
            try:
                self.patterns.append(re.compile(str(item["pattern"]), re.IGNORECASE))
            except re.error as exc:
                raise ValueError(f"redaction allow item {number}: the pattern is not a valid "
                                 f"regular expression ({exc})") from None

    def allows(self, finding: Finding) -> bool:
        canon = self._canon.get(finding.code)
        if canon is None:
            canon = self._canon[finding.code] = {canonical(v, finding.code) for v in self.values}
        if canonical(finding.value, finding.code) in canon:
            return True
        return any(p.fullmatch(finding.value) for p in self.patterns)


# --------------------------------------------------------------------------- scanner

Finder = Callable[[str, str], Iterable[Span]]
# (code, finder, the fewest digits a hit can hold): short cells skip detectors they can't fire.
FINDERS: tuple[tuple[str, Finder, int], ...] = (
    (EMAIL, find_emails, 0),
    (BANK, find_bank_accounts, 8),
    (CARD, find_cards, 13),
    (NHS_NUMBER, find_nhs_numbers, 10),
    (NI_NUMBER, find_ni_numbers, 6),
    (PHONE, find_phones, 10),
    (DATE_OF_BIRTH, find_dates_of_birth, 3),
    (POSTCODE, find_postcodes, 1),
    (VEHICLE, find_vehicles, 1),
)
PRIORITY = {code: rank for rank, (code, _, _) in enumerate(FINDERS)}
PRIORITY[PROTECTED_NAME] = len(FINDERS)
_DIGIT = re.compile(r"\d")
_PLAIN_NUMBER = re.compile(r"[-+]?[\d,]*\.\d+|[-+]?\d{1,7}")  # amounts, counts: never personal
_SHORT = 200


def _digit_count(text: str) -> int:
    """Digits in a short text; long texts are assumed to hold enough for every detector."""
    return len(_DIGIT.findall(text)) if len(text) <= _SHORT else 1_000


class Scanner:
    """Runs every detector over a text and drops allowed values."""

    def __init__(self, allow: Sequence[dict] = (), protected_hashes: frozenset[str] = frozenset(),
                 salt: str = "", word_counts: Sequence[int] = ()):
        self.allow = AllowList(allow)
        self.names = _NameMatcher(frozenset(protected_hashes), salt, word_counts) \
            if protected_hashes else None
        # what the settings make of a scan, for build-cache keys (the detectors themselves
        # are the generator's code, which the cache keys by its own hash)
        settings = repr(([sorted((str(k), str(v)) for k, v in item.items())
                          if isinstance(item, dict) else str(item) for item in allow],
                         sorted(protected_hashes), salt, sorted(word_counts)))
        self.fingerprint = hashlib.blake2b(settings.encode("utf-8", "surrogatepass"),
                                           digest_size=16).hexdigest()

    @classmethod
    def from_settings(cls, allow: Sequence[dict] = (), protected_names: str | Path | None = None,
                      root: Path | None = None) -> Scanner:
        """A scanner from site.yaml's redaction settings (the names file relative to root)."""
        if not protected_names:
            return cls(allow)
        path = Path(protected_names)
        if root is not None and not path.is_absolute():
            path = root / path
        names = load_protected_names_file(path)
        return cls(allow, names.hashes, names.salt, names.word_counts)

    def scan(self, text: str, context: str = "") -> list[Finding]:
        if not text:
            return []
        spans: list[tuple[str, int, int]] = []
        if self.names is not None:
            spans.extend((PROTECTED_NAME, s, e) for s, e in self.names.find(text))
        spans.extend(_pattern_spans(text, context))
        findings = [self._finding(text, code, s, e) for code, s, e in _without_overlaps(spans)]
        return [f for f in findings if not self.allow.allows(f)]

    def scan_cells(self, cells: Sequence[str], context: str = "") -> list[tuple[int, Finding]]:
        """Scan many short texts (a column of a table) in one pass: (cell index, finding),
        offsets relative to the cell. Much faster than one `scan` per cell."""
        joined = CELL_SEPARATOR.join(cells)
        if joined.count(CELL_SEPARATOR) >= len(cells):
            joined = CELL_SEPARATOR.join(c.replace(CELL_SEPARATOR, " ") for c in cells)
        findings = self.scan(joined, context)
        if not findings:
            return []
        starts = list(itertools.accumulate((len(c) + 1 for c in cells), initial=0))
        results = []
        for finding in findings:
            index = bisect.bisect_right(starts, finding.start) - 1
            shift = starts[index]
            results.append((index, replace(finding, start=finding.start - shift,
                                           end=finding.end - shift)))
        return results

    @staticmethod
    def _finding(text: str, code: str, start: int, end: int) -> Finding:
        value = text[start:end]
        return Finding(code, LABELS[code], mask(value, code), start, end, value)


def _pattern_spans(text: str, context: str) -> list[tuple[str, int, int]]:
    digits = _digit_count(text)
    if (not digits and "@" not in text) or _PLAIN_NUMBER.fullmatch(text):
        return []
    spans = []
    for code, finder, fewest in FINDERS:
        if digits >= fewest:
            spans.extend((code, s, e) for s, e in finder(text, context))
    return spans


def _without_overlaps(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """One finding per stretch of text: the longest span wins, then the detector priority."""
    ordered = sorted(set(spans), key=lambda s: (-(s[2] - s[1]), PRIORITY[s[0]], s[1]))
    kept: list[tuple[int, int, str]] = []  # disjoint, sorted by start
    for code, start, end in ordered:
        index = bisect.bisect_left(kept, (start, end, code))
        if index and kept[index - 1][1] > start:
            continue
        if index < len(kept) and kept[index][0] < end:
            continue
        kept.insert(index, (start, end, code))
    return [(code, start, end) for start, end, code in kept]


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset, for diagnostics."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --------------------------------------------------------------------------- names file

@dataclass(frozen=True)
class ProtectedNames:
    salt: str
    hashes: frozenset[str]
    word_counts: tuple[int, ...]


_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def load_protected_names_file(path: str | Path) -> ProtectedNames:
    """Read a protected-names file; ValueError names the line of any mistake."""
    path = Path(path)
    salt, counts, hashes = None, (), set()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: the protected-names file does not exist; make it with "
                         "`opcc redaction hash-names`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: the protected-names file can't be read ({exc})") from None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("salt:"):
            salt = line[5:].strip()
        elif line.startswith("words:"):
            counts = _parse_counts(line[6:], path, number)
        elif _HEX64.match(line.lower()):
            hashes.add(line.lower())
        else:
            raise ValueError(f"{path}:{number}: expected a 64-digit SHA-256 hash, 'salt:' or "
                             "'words:'; write the file with `opcc redaction hash-names`")
    if not salt:
        raise ValueError(f"{path}: no 'salt:' line; write the file with `opcc redaction hash-names`")
    return ProtectedNames(salt, frozenset(hashes), counts)


def _parse_counts(text: str, path: Path, number: int) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        counts = ()
    if not counts or any(c < 1 or c > 8 for c in counts):
        raise ValueError(f"{path}:{number}: 'words:' must list word counts from 1 to 8, e.g. 2,3")
    return counts


def load_protected_names(path: str | Path) -> tuple[str, frozenset[str]]:
    names = load_protected_names_file(path)
    return names.salt, names.hashes


def _clean_names(names: Iterable[str]) -> list[str]:
    """Names from a plain list: blank lines and '#' comments skipped; ValueError names the
    first entry holding a common word that the matcher treats as a break."""
    cleaned = [n.strip() for n in names if n.strip() and not n.strip().startswith("#")]
    cleaned = [n for n in cleaned if normalise_name(n)]
    for number, name in enumerate(cleaned, 1):
        breaks = sorted(set(name_words(name)) & NAME_BREAKS)
        if breaks:
            raise ValueError(f"name {number} holds '{breaks[0]}', a common word the matcher "
                             "treats as the end of a name; write the name without it")
    return cleaned


def protected_names_text(names: Iterable[str], salt: str | None = None,
                         existing: ProtectedNames | None = None) -> str:
    """The file text for a list of names, with a fresh random salt unless one is given;
    `existing` (a loaded file) keeps its salt and hashes, so names can be added later."""
    cleaned = _clean_names(names)
    salt = existing.salt if existing else (salt or secrets.token_hex(16))
    counts = {len(name_words(n)) for n in cleaned} | set(existing.word_counts if existing else ())
    hashes = {hash_name(n, salt) for n in cleaned} | set(existing.hashes if existing else ())
    header = ["# Protected names: salted SHA-256 hashes, one per line. No name is stored here.",
              "# Made by `opcc redaction hash-names`; see generator/redaction.py for the format.",
              f"salt: {salt}", f"words: {','.join(str(c) for c in sorted(counts or {2}))}"]
    return "\n".join(header + sorted(hashes)) + "\n"


def write_protected_names(names: Iterable[str], path: str | Path, salt: str | None = None,
                          add: bool = False) -> None:
    """Write the names file; add=True keeps an existing file's salt and hashes."""
    path = Path(path)
    existing = load_protected_names_file(path) if add and path.exists() else None
    path.write_text(protected_names_text(names, salt, existing), encoding="utf-8")
