"""The registered kinds of record. Adding a kind is one module that builds a `Kind`
(see base.py) and one line in BUILT_IN."""

from __future__ import annotations

from opcc.config import KIND_SECTIONS, Option
from opcc.kinds.base import Kind
from opcc.kinds.consultations.kind import CONSULTATIONS
from opcc.kinds.decisions.kind import DECISIONS
from opcc.kinds.foi.kind import FOI
from opcc.kinds.meetings.kind import MEETINGS
from opcc.kinds.news.kind import NEWS
from opcc.kinds.pages import CONTENT_DIR, is_record_path

BUILT_IN: tuple[Kind, ...] = (FOI, NEWS, MEETINGS, CONSULTATIONS, DECISIONS)

_registered: list[Kind] = []


def kinds() -> tuple[Kind, ...]:
    return tuple(_registered)


def register(kind: Kind) -> None:
    """Add a kind (a plug-in, or a test); its folder must be free. Its own site.yaml
    section (Kind.settings), if any, is known from then on."""
    if any(k.name == kind.name or k.folder == kind.folder for k in _registered):
        raise ValueError(f"a kind named {kind.name} or using content/{kind.folder}/ exists")
    if kind.settings is not None:
        KIND_SECTIONS[kind.name] = Option(kind.settings_help or f"{kind.name} settings", dict,
                                          default={}, children=kind.settings)
    _registered.append(kind)


def unregister(name: str) -> None:
    _registered[:] = [k for k in _registered if k.name != name]
    KIND_SECTIONS.pop(name, None)


def folders() -> tuple[str, ...]:
    """The content/ folders that hold records (beside pages, when a kind's `records`
    pattern leaves some of the folder's files to be pages)."""
    return tuple(k.folder for k in _registered)


def record_patterns() -> tuple[str, ...]:
    """fnmatch patterns, relative to content/, of every kind's record files."""
    return tuple(k.pattern for k in _registered)


def is_record_source(path: str) -> bool:
    """Is `path` (relative to the site, "content/decisions/2026/OPCC-2026-001.md") a
    record's file rather than a page's?"""
    prefix = f"{CONTENT_DIR}/"
    return path.startswith(prefix) and is_record_path(path[len(prefix):], record_patterns())


def kind_of(record) -> Kind:
    for kind in _registered:
        if isinstance(record, kind.record_type):
            return kind
    raise LookupError(f"no kind for {type(record).__name__}")


for _kind in BUILT_IN:
    register(_kind)
