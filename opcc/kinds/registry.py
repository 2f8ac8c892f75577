"""The registered kinds of record. Adding a kind is one module that builds a `Kind`
(see base.py) and one line in BUILT_IN."""

from __future__ import annotations

from opcc.kinds.base import Kind
from opcc.kinds.foi.kind import FOI

BUILT_IN: tuple[Kind, ...] = (FOI,)

_registered: list[Kind] = list(BUILT_IN)


def kinds() -> tuple[Kind, ...]:
    return tuple(_registered)


def register(kind: Kind) -> None:
    """Add a kind (a plug-in, or a test); its folder must be free."""
    if any(k.name == kind.name or k.folder == kind.folder for k in _registered):
        raise ValueError(f"a kind named {kind.name} or using content/{kind.folder}/ exists")
    _registered.append(kind)


def unregister(name: str) -> None:
    _registered[:] = [k for k in _registered if k.name != name]


def folders() -> tuple[str, ...]:
    """The content/ folders that hold records, not pages."""
    return tuple(k.folder for k in _registered)


def kind_of(record) -> Kind:
    for kind in _registered:
        if isinstance(record, kind.record_type):
            return kind
    raise LookupError(f"no kind for {type(record).__name__}")
