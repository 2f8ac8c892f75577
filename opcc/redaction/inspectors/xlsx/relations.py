"""The package's relationships: which part points at which, and what the root reaches."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from opcc.redaction.inspectors.package import Package


@dataclass(frozen=True)
class Rel:
    rels_part: str
    id: str
    kind: str  # the last word of the relationship type: worksheet, drawing, hyperlink …
    target: str  # a part name, or the raw target of an external relationship
    external: bool


class Relations:
    """Every relationship in the package, and which parts the package root reaches."""

    def __init__(self, package: Package):
        self.by_source: dict[str, list[Rel]] = {}
        for name in package.matching(r"(?:.*/)?_rels/[^/]*\.rels"):
            source = _rels_source(name)
            self.by_source[source] = [self._rel(name, source, r)
                                      for r in package.relationships(name)]
        self.reachable = self._reachable()

    @staticmethod
    def _rel(name: str, source: str, rel: dict[str, str]) -> Rel:
        external = rel["TargetMode"].lower() == "external"
        target = rel["Target"] if external else _resolve(source, rel["Target"])
        return Rel(name, rel["Id"], rel["Type"].rstrip("/").rsplit("/", 1)[-1], target, external)

    def _reachable(self) -> set[str]:
        seen, todo = {""}, [""]
        while todo:
            for rel in self.by_source.get(todo.pop(), []):
                if not rel.external and rel.target not in seen:
                    seen.add(rel.target)
                    todo.append(rel.target)
        return seen

    def of(self, part: str) -> list[Rel]:
        return self.by_source.get(part, [])

    def get(self, part: str, rid: str) -> Rel | None:
        return next((rel for rel in self.of(part) if rel.id == rid), None)

    def first(self, part: str, kind: str) -> str | None:
        return next((r.target for r in self.of(part) if r.kind == kind and not r.external), None)


def _rels_source(rels_part: str) -> str:
    """xl/worksheets/_rels/sheet1.xml.rels -> xl/worksheets/sheet1.xml; _rels/.rels -> ''."""
    folder, name = posixpath.split(rels_part)
    parent = posixpath.dirname(folder)
    source = name[:-len(".rels")]
    return posixpath.join(parent, source) if source else ""


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("./")
