"""Personal-data detectors and the redaction scanner.

Every published string goes through `Scanner.scan`, which runs one detector per kind of
UK personal data and returns a `Finding` for each hit. Each detector follows the real
format rules (National Insurance prefixes, NHS modulus 11, card Luhn and issuer ranges,
Ofcom number ranges, postcode areas and positions, DVLA plate formats), so amounts,
transaction numbers, ISO dates, stock codes and FOI or decision references do not fire.

Layout of the package:

- detectors/: one module per detector, each declaring its code, label, finder, fewest
  digits and any special mask or canonical form; detectors/__init__.py registers them, one
  line each (the order is the priority when two claim the same text);
- scanner.py: `Scanner`, `Finding`, `AllowList`, `mask`, `canonical`;
- layout.py: values broken over two lines ("07700" / "900123", "jo.blog-" / "gs@…");
- postcode_areas.py: the real UK postcode areas;
- names_file.py: the protected-names file (salted hashes, no names).

Codes (see each detector module for its rules): redaction.email, redaction.phone,
redaction.ni-number, redaction.postcode, redaction.vehicle-registration,
redaction.nhs-number, redaction.payment-card, redaction.bank-account,
redaction.date-of-birth, redaction.protected-name, and the warning
redaction.obfuscated-email ("jo at example dot com").

Severity: `Finding.severity` is "error" or "warning"; WARNING_CODES lists the codes that
are warnings (reported, but publishing needs no exception).
"""

from __future__ import annotations

from opcc.redaction.detectors import DETECTORS, PRIORITY, Detector
from opcc.redaction.detectors.bank import CODE as BANK
from opcc.redaction.detectors.bank import find_bank_accounts, valid_iban
from opcc.redaction.detectors.base import CELL_SEPARATOR, ERROR, WARNING, Span
from opcc.redaction.detectors.card import CODE as CARD
from opcc.redaction.detectors.card import find_cards, luhn_valid
from opcc.redaction.detectors.date_of_birth import CODE as DATE_OF_BIRTH
from opcc.redaction.detectors.date_of_birth import find_dates_of_birth
from opcc.redaction.detectors.email import CODE as EMAIL
from opcc.redaction.detectors.email import find_emails
from opcc.redaction.detectors.nhs_number import CODE as NHS_NUMBER
from opcc.redaction.detectors.nhs_number import find_nhs_numbers, valid_nhs_number
from opcc.redaction.detectors.ni_number import CODE as NI_NUMBER
from opcc.redaction.detectors.ni_number import find_ni_numbers, valid_ni_prefix
from opcc.redaction.detectors.obfuscated_email import CODE as OBFUSCATED_EMAIL
from opcc.redaction.detectors.obfuscated_email import find_obfuscated_emails, plain_address
from opcc.redaction.detectors.phone import CODE as PHONE
from opcc.redaction.detectors.phone import find_phones, valid_uk_number
from opcc.redaction.detectors.postcode import CODE as POSTCODE
from opcc.redaction.detectors.postcode import find_postcodes, in_real_area
from opcc.redaction.detectors.protected_name import CODE as PROTECTED_NAME
from opcc.redaction.detectors.protected_name import (
    NAME_BREAKS,
    hash_name,
    name_words,
    normalise_name,
)
from opcc.redaction.detectors.vehicle import CODE as VEHICLE
from opcc.redaction.detectors.vehicle import find_vehicles, valid_age_identifier
from opcc.redaction.names_file import (
    ProtectedNames,
    load_protected_names,
    load_protected_names_file,
    protected_names_text,
    write_protected_names,
)
from opcc.redaction.postcode_areas import AREAS as POSTCODE_AREAS
from opcc.redaction.scanner import (
    CODES,
    LABELS,
    WARNING_CODES,
    AllowList,
    Finding,
    Scanner,
    canonical,
    line_and_column,
    mask,
)

__all__ = [
                         "BANK",
                         "CARD",
                         "CELL_SEPARATOR",
                         "CODES",
                         "DATE_OF_BIRTH",
                         "DETECTORS",
                         "EMAIL",
                         "ERROR",
                         "LABELS",
                         "NAME_BREAKS",
                         "NHS_NUMBER",
                         "NI_NUMBER",
                         "OBFUSCATED_EMAIL",
                         "PHONE",
                         "POSTCODE",
                         "POSTCODE_AREAS",
                         "PRIORITY",
                         "PROTECTED_NAME",
                         "VEHICLE",
                         "WARNING",
                         "WARNING_CODES",
                         "AllowList",
                         "Detector",
                         "Finding",
                         "ProtectedNames",
                         "Scanner",
                         "Span",
                         "canonical",
                         "find_bank_accounts",
                         "find_cards",
                         "find_dates_of_birth",
                         "find_emails",
                         "find_nhs_numbers",
                         "find_ni_numbers",
                         "find_obfuscated_emails",
                         "find_phones",
                         "find_postcodes",
                         "find_vehicles",
                         "hash_name",
                         "in_real_area",
                         "line_and_column",
                         "load_protected_names",
                         "load_protected_names_file",
                         "luhn_valid",
                         "mask",
                         "name_words",
                         "normalise_name",
                         "plain_address",
                         "protected_names_text",
                         "valid_age_identifier",
                         "valid_iban",
                         "valid_nhs_number",
                         "valid_ni_prefix",
                         "valid_uk_number",
                         "write_protected_names",
]
