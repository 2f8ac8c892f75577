"""The registry of personal-data detectors: one module each, one line here each.

The order is the priority when two detectors claim the same stretch of text (after length:
the longest span wins), and the order in which findings' codes are listed. To add a
detector, write a module defining `DETECTOR = Detector(...)` (see base.py) and add it below.
"""

from __future__ import annotations

from opcc.redaction.detectors import (
    bank,
    card,
    date_of_birth,
    email,
    nhs_number,
    ni_number,
    obfuscated_email,
    phone,
    postcode,
    protected_name,
    vehicle,
)
from opcc.redaction.detectors.base import ERROR, WARNING, Detector

DETECTORS: tuple[Detector, ...] = (
    email.DETECTOR,
    bank.DETECTOR,
    card.DETECTOR,
    nhs_number.DETECTOR,
    ni_number.DETECTOR,
    phone.DETECTOR,
    date_of_birth.DETECTOR,
    postcode.DETECTOR,
    vehicle.DETECTOR,
    obfuscated_email.DETECTOR,
    protected_name.DETECTOR,
)

BY_CODE: dict[str, Detector] = {detector.code: detector for detector in DETECTORS}
PRIORITY: dict[str, int] = {detector.code: rank for rank, detector in enumerate(DETECTORS)}

__all__ = ["BY_CODE", "DETECTORS", "ERROR", "PRIORITY", "WARNING", "Detector"]
