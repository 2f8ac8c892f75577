"""Walking the PDF's nested structures: name and number trees, bookmarks, form fields and
their widgets, appearance, embedded-file and XFA streams, and the optional-content (layer)
settings that say which layers are switched off when the file opens."""

from __future__ import annotations

from collections.abc import Iterator

from opcc.redaction.inspectors.pdf.values import (
    as_list,
    is_name,
    listed_objects,
    lookup,
    object_number,
    text_of,
)


def tree_entries(tree, kind: str) -> Iterator[tuple]:
    """(key, value) pairs of a name tree (kind "/Names") or number tree ("/Nums")."""
    import pikepdf

    todo, seen = [tree], set()
    while todo:
        node = todo.pop()
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect
                                                        and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        pairs = as_list(lookup(node, kind))
        yield from zip(pairs[0::2], pairs[1::2])
        todo.extend(reversed(as_list(lookup(node, "/Kids"))))


def outline_items(outlines) -> Iterator:
    """Every bookmark, open or closed, in document order."""
    import pikepdf

    todo, seen = [lookup(outlines, "/First")], set()
    while todo:
        item = todo.pop()
        if not isinstance(item, pikepdf.Dictionary):
            continue
        key = item.objgen if item.is_indirect else id(item)
        if key in seen:
            continue
        seen.add(key)
        yield item
        todo.append(lookup(item, "/Next"))
        todo.append(lookup(item, "/First"))


def form_fields(fields) -> Iterator[tuple]:
    """(field, full name) for every field and widget under the form's /Fields."""
    import pikepdf

    todo = [(item, "") for item in reversed(as_list(fields))]
    seen = set()
    while todo:
        item, parent = todo.pop()
        if not isinstance(item, pikepdf.Dictionary) or (item.is_indirect
                                                        and item.objgen in seen):
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        partial = text_of(lookup(item, "/T"))
        name = ".".join(p for p in (parent, partial) if p)
        yield item, name
        todo.extend((kid, name) for kid in reversed(as_list(lookup(item, "/Kids"))))


def appearance_streams(appearance) -> Iterator:
    import pikepdf

    for key in ("/N", "/R", "/D"):
        entry = lookup(appearance, key)
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            for state in entry.values():
                if isinstance(state, pikepdf.Stream):
                    yield state


def embedded_streams(spec) -> Iterator:
    import pikepdf

    files = lookup(spec, "/EF")
    if isinstance(files, pikepdf.Dictionary):
        for stream in files.values():
            if isinstance(stream, pikepdf.Stream):
                yield stream


def xfa_streams(xfa) -> Iterator:
    import pikepdf

    for item in as_list(xfa):
        if isinstance(item, pikepdf.Stream):
            yield item


# --------------------------------------------------------------------------- layers


def hidden_optional_content(pdf) -> frozenset[int]:
    """Object numbers of the layers (OCGs) switched off when the file opens, and of the
    membership dictionaries (OCMDs) that those make invisible."""
    properties = lookup(pdf.Root, "/OCProperties")
    if properties is None:
        return frozenset()
    groups = {n for n in map(object_number, as_list(lookup(properties, "/OCGs"))) if n is not None}
    config = lookup(properties, "/D")
    on = {n for n in map(object_number, as_list(lookup(config, "/ON"))) if n is not None}
    off = {n for n in map(object_number, as_list(lookup(config, "/OFF"))) if n is not None}
    hidden = (groups - on) | off if is_name(lookup(config, "/BaseState"), "/OFF") else off
    for obj in listed_objects(pdf):
        if is_name(lookup(obj, "/Type"), "/OCMD") and not _ocmd_visible(obj, hidden):
            hidden.add(obj.objgen[0])
    return frozenset(hidden)


def _ocmd_visible(ocmd, hidden: set[int]) -> bool:
    expression = lookup(ocmd, "/VE")
    if expression is not None:
        return _expression_visible(expression, hidden, 0)
    states = [object_number(g) not in hidden for g in as_list(lookup(ocmd, "/OCGs"))]
    if not states:
        return True
    policy = str(lookup(ocmd, "/P") or "/AnyOn")
    return {"/AllOn": all(states), "/AnyOff": not all(states),
            "/AllOff": not any(states)}.get(policy, any(states))


def _expression_visible(expression, hidden: set[int], depth: int) -> bool:
    import pikepdf

    if not isinstance(expression, pikepdf.Array) or not len(expression) or depth > 20:
        return object_number(expression) not in hidden
    operator, operands = str(expression[0]), list(expression)[1:]
    states = [_expression_visible(o, hidden, depth + 1) for o in operands]
    if operator == "/Not":
        return not states[0] if states else True
    return all(states) if operator == "/And" else any(states)
