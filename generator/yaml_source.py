"""YAML with positions, read the way non-programmers expect.

Plain PyYAML follows YAML 1.1: `no` becomes False and `2024-04-31` raises while
building a date. Our loader keeps dates as strings (the caller validates them with
a precise message) and only treats true/false as booleans. It also records the line
and column of every key and value, so diagnostics point at the real place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster when the wheel carries it
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class StrictLoader(_BaseLoader):
    """SafeLoader without timestamp resolution and with YAML 1.2 booleans."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlDocument:
    data: Any
    # key path (tuple of keys and list indexes) -> position of the key and of the value
    key_positions: dict[tuple, Position] = field(default_factory=dict)
    value_positions: dict[tuple, Position] = field(default_factory=dict)

    def position(self, path: tuple, prefer_value: bool = True) -> Position | None:
        """Where to point for `path`; falls back to the nearest enclosing key."""
        while path:
            table = self.value_positions if prefer_value else self.key_positions
            if path in table:
                return table[path]
            if path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return None


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None, hint: str):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


def _mark(mark, line_offset: int) -> Position:
    return Position(mark.line + 1 + line_offset, mark.column + 1)


def _walk(node, path: tuple, document: YamlDocument, line_offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            child = path + (key,)
            document.key_positions[child] = _mark(key_node.start_mark, line_offset)
            document.value_positions[child] = _mark(value_node.start_mark, line_offset)
            _walk(value_node, child, document, line_offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            document.value_positions[child] = _mark(item.start_mark, line_offset)
            _walk(item, child, document, line_offset)


def _syntax_hint(problem: str, text: str, line: int | None) -> str:
    if line is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            return "YAML does not allow tab characters for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be put in quotes, e.g. title: \"Plan: 2024 to 2028\""
    if "found character" in problem and "cannot start any token" in problem:
        return "put the value in quotes"
    if "could not find expected ':'" in problem:
        return "each line should be 'key: value'; check the indentation and quotes"
    return "check the indentation, the colons after keys, and that quotes are closed"


def load(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document, recording positions. `line_offset` is added to lines."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(
            f"invalid YAML: {problem}", line, column,
            _syntax_hint(problem, text, mark.line + 1 if mark else None),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None, None,
                              "check the file is well-formed YAML") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise YamlSyntaxError(f"invalid YAML value: {exc}", None, None,
                              "put unusual values in quotes") from None
    finally:
        loader.dispose()
    document = YamlDocument(data)
    if node is not None:
        _walk(node, (), document, line_offset)
    return document
