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


MAX_VALUES = 100_000  # values in one document, aliases expanded
MAX_DEPTH = 50  # lists and mappings inside each other
# control characters other than tab and line ends, written as escapes ("\x01"): no page,
# feed or file can carry them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def _walk(root, document: YamlDocument, line_offset: int) -> None:
    """Record positions; a loop (not recursion), and each node once (aliases share nodes)."""
    stack, seen = [(root, ())], set()
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) \
                    else str(key_node.value)
                child = path + (key,)
                document.key_positions[child] = _mark(key_node.start_mark, line_offset)
                document.value_positions[child] = _mark(value_node.start_mark, line_offset)
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = path + (index,)
                document.value_positions[child] = _mark(item.start_mark, line_offset)
                stack.append((item, child))


def _measure(root) -> tuple[int, int]:
    """(values, depth) of the document once aliases are expanded; a loop raises _AliasLoop."""
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[object, bool]] = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        if done:
            active.discard(id(node))
            children = [sizes[id(c)] for c in _children(node)]
            sizes[id(node)] = (1 + sum(size for size, _ in children),
                               1 + max((depth for _, depth in children), default=0))
            continue
        if id(node) in sizes:
            continue
        if id(node) in active:
            raise _AliasLoop(node)
        active.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _scalars(root) -> list:
    """Every scalar node once (run after _measure: there is no loop)."""
    found, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            found.append(node)
        stack.extend(_children(node))
    return found


class _AliasLoop(Exception):
    def __init__(self, node):
        super().__init__("alias loop")
        self.node = node


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


def _check_shape(node, line_offset: int) -> None:
    """Aliases may share a value, not build a loop or a 'billion laughs' expansion; and
    values nest only so deep (printing a very deep value would exhaust the stack)."""
    try:
        size, depth = _measure(node)
    except _AliasLoop as loop:
        where = _mark(loop.node.start_mark, line_offset)
        raise YamlSyntaxError("invalid YAML: an alias (*name) refers to the value that "
                              "contains it", where.line, where.column,
                              "write the value out instead of using an alias") from None
    if size > MAX_VALUES:
        raise YamlSyntaxError(f"invalid YAML: aliases (*name) expand it to more than "
                              f"{MAX_VALUES:,} values", 1 + line_offset, 1,
                              "write the values out instead of repeating aliases") from None
    for scalar in _scalars(node):
        found = _CONTROL.search(scalar.value)
        if found:
            where = _mark(scalar.start_mark, line_offset)
            raise YamlSyntaxError(f"invalid YAML: a value contains the control character "
                                  f"U+{ord(found.group()):04X}", where.line, where.column,
                                  "delete it (it is invisible; it often comes from text "
                                  "pasted from another program)")
    if depth > MAX_DEPTH:
        raise YamlSyntaxError(f"invalid YAML: values are nested more than {MAX_DEPTH} deep",
                              1 + line_offset, 1, "check the brackets are balanced; lists "
                              "and mappings inside each other need only a few levels") from None


def _reader_error(exc: yaml.reader.ReaderError, text: str, line_offset: int) -> YamlSyntaxError:
    """A character YAML does not allow (a NUL or other control character)."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
    # libyaml counts bytes, not characters: find the character itself
    before = text[:max(text.find(chr(character)), 0)]
    line = before.count("\n") + 1 + line_offset
    column = len(before) - (before.rfind("\n") + 1) + 1
    return YamlSyntaxError(f"invalid YAML: {exc.reason} (U+{character:04X})", line, column,
                           "remove the control character (often pasted from another program), "
                           "or save the file as UTF-8 text")


def load(text: str, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document, recording positions. `line_offset` is added to lines."""
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_shape(node, line_offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, line_offset) from None
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
        _walk(node, document, line_offset)
    return document
