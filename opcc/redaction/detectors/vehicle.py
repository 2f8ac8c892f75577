"""redaction.vehicle-registration: current (AB12 CDE with a valid age identifier) and
Northern Ireland (ABZ 1234) plates anywhere; prefix (A123 BCD) and suffix (ABC 123D) plates
only near a vehicle word (car, vehicle, reg…), as they look like stock codes. Capitals
only; a month or a common acronym as the letters ("RP27 JUL") does not count."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from opcc.redaction.detectors.base import NOTHING_BEFORE, Detector, Span, text_before

CODE = "redaction.vehicle-registration"

_NI_CODES = ("AZ|BZ|CZ|DZ|EZ|FZ|GZ|HZ|IA|IB|IG|IJ|IL|IW|JI|JZ|KZ|LZ|MZ|NZ|OI|OZ|PZ|RZ|SZ|TZ|"
             "UI|UZ|VZ|WZ|XI|XZ|YZ")
_PLATE = re.compile(  # one pass for the four formats; capitals only
    rf"[A-Y]{NOTHING_BEFORE}(?:"
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
        _VEHICLE_WORDS.search(text_before(text, match.start(), context, 40)))


def find_vehicles(text: str, context: str = "") -> Iterator[Span]:
    for match in _PLATE.finditer(text):
        if _plate_ok(text, match, context):
            yield match.span()


DETECTOR = Detector(CODE, "vehicle registration", find_vehicles, fewest_digits=1, keep=(2, 1))
