"""Scheme stage: the publication-scheme profile (classes and required items)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class SchemeClass:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    classes: tuple[SchemeClass, ...]

    @property
    def class_slugs(self) -> tuple[str, ...]:
        return tuple(c.slug for c in self.classes)

    def scheme_class(self, slug: str) -> SchemeClass | None:
        return next((c for c in self.classes if c.slug == slug), None)


BUILT_IN_PROFILES = ("opcc",)


@lru_cache(maxsize=None)
def load_profile(name: str = "opcc") -> Profile:
    """Read a built-in profile shipped in generator/profiles/."""
    text = resources.files("generator.profiles").joinpath(f"{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return Profile(
        name=data["name"],
        title=data["title"],
        classes=tuple(SchemeClass(c["slug"], c["title"], " ".join(c["description"].split()))
                      for c in data["classes"]),
    )
