"""Scheme stage: the publication-scheme profile (what the law requires each body to publish,
and when), a site's changes to it, and compliance: which items are up to date, due soon,
overdue or missing.

The profiles are data (opcc/profiles/*.yaml); the due rules are code (rules/).
"""

from opcc.scheme.compliance import (
    DUE_SOON_DAYS,
    STATUS_WORDS,
    STATUSES,
    Fulfilment,
    ItemStatus,
    assess,
    by_group,
    check_item_keys,
    compliance_diagnostics,
    publication_period,
    summary_counts,
    summary_sentence,
)
from opcc.scheme.model import (
    GROUP_TITLES,
    GROUPS,
    Item,
    LegalBasis,
    Obligation,
    Profile,
    Publication,
    SchemeClass,
)
from opcc.scheme.overrides import FREQUENCIES, apply_overrides
from opcc.scheme.profiles import BUILT_IN_PROFILES, ProfileError, load_profile
from opcc.scheme.rules.base import add_months

__all__ = [
    "BUILT_IN_PROFILES", "DUE_SOON_DAYS", "FREQUENCIES", "GROUPS", "GROUP_TITLES",
    "STATUSES", "STATUS_WORDS", "Fulfilment", "Item", "ItemStatus", "LegalBasis", "Obligation",
    "Profile",
    "ProfileError", "Publication", "SchemeClass", "add_months", "apply_overrides", "assess",
    "by_group", "check_item_keys", "compliance_diagnostics",
    "load_profile", "publication_period", "summary_counts", "summary_sentence"]
