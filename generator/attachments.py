"""Attachment inspection now lives in `generator.inspectors` (one module per format);
this module keeps the old import path working."""

from .inspectors import OLE_MAGIC, AttachmentFinding, inspect_attachment, looks_like_person
from .inspectors.inspection import HINTS, Inspection

__all__ = ["HINTS", "OLE_MAGIC", "AttachmentFinding", "Inspection", "inspect_attachment",
           "looks_like_person"]
