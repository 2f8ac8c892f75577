"""Writing an import: each table's CSV (replacing the file it replaces, never the
unchanged ones), then the new resources listed in the descriptor, its comments and
layout kept, and the empty placeholder `opcc new dataset` made removed.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

from opcc.diagnostics import warning
from opcc.importers.diff import read_rows
from opcc.importers.reports import ImportResult, TableReport
from opcc.importers.target import ImportTarget
from opcc.source import yaml_reader as yaml_source


def write_all(result: ImportResult, root: Path, target: ImportTarget,
              today: date | None = None) -> None:
    """Write each table's CSV that changed and the enrichers' files (the supplier
    register), then list the new resources in the descriptor and bring its `updated` and
    `period` up to date (called only when the import has no errors: all or nothing)."""
    changed = [r for r in result.tables if r.action != "unchanged"]
    for report in changed:
        _replace(root / report.path, report.data)
        result.written.append(report.path)
    for relative, data in sorted(result.extra_files.items()):
        path = root / relative
        if not path.is_file() or path.read_bytes() != data:
            _replace(path, data)
            result.written.append(relative)
    listed = {str(r.get("name")) for r in target.resources}
    entries = [_entry(report, target) for report in result.tables
               if report.resource not in listed]
    placeholders = _placeholders(root, target, {r.resource for r in result.tables})
    if entries or placeholders:
        _update_descriptor(result, target, entries, placeholders)
        for entry in target.resources:
            if entry.get("name") in placeholders and result.descriptor_changed:
                (target.folder / str(entry.get("path"))).unlink(missing_ok=True)
    if changed:
        names = [str(r.get("name")) for r in target.resources] + [e["name"] for e in entries]
        refresh_dates(result, target, today or date.today(), names)


def _replace(final: Path, data: bytes) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = final.with_name(final.name + ".importing")
    temp.write_bytes(data)
    os.replace(temp, final)


def covered_period(names: list[str]) -> str | None:
    """'April 2024 to March 2025' from the months in the resources' names."""
    months = sorted(m for name in names for m in re.findall(r"\d{4}-\d{2}", name)
                    if 1 <= int(m[5:]) <= 12)
    if not months:
        return None
    first, last = _month_words(months[0]), _month_words(months[-1])
    return first if first == last else f"{first} to {last}"


def _month_words(month: str) -> str:
    from opcc.importers.naming import MONTH_NAMES
    return f"{MONTH_NAMES[int(month[5:]) - 1]} {month[:4]}"


def refresh_dates(result: ImportResult, target: ImportTarget, today: date,
                  names: list[str]) -> None:
    """Set the descriptor's `updated:` to today and `period:` to the months its resources
    cover, on their own lines; a warning naming the lines when they can't be edited."""
    wanted = {"updated": today.isoformat(), "period": covered_period(names)}
    text = target.descriptor.read_text("utf-8-sig")
    lines = text.splitlines(keepends=True)
    stuck = []
    for key, value in wanted.items():
        if value is None:
            continue
        found = [i for i, line in enumerate(lines) if re.match(rf"{key}:(\s|$)", line)]
        if len(found) != 1 or target.descriptor.suffix == ".json" or \
                not re.fullmatch(rf"{key}:\s*[^\s>|#'\"][^#]*(#.*)?\s*", lines[found[0]]):
            stuck.append(f"{key}: {value}" + (f" (line {found[0] + 1})" if found else ""))
            continue
        newline = "\r\n" if lines[found[0]].endswith("\r\n") else "\n"
        lines[found[0]] = f"{key}: {value}{newline}"
    updated = "".join(lines)
    if updated != text:
        target.descriptor.write_text(updated, encoding="utf-8")
        result.descriptor_changed = True
        result.notes.append(f"set updated: {wanted['updated']}"
                            + (f" and period: {wanted['period']}" if wanted["period"] else "")
                            + f" in {target.relative}")
    if stuck:
        result.diagnostics.append(warning(
            "dataset.import-descriptor", "the descriptor's dates could not be brought up to "
            "date automatically", path=target.relative,
            hint="set these lines by hand: " + "; ".join(stuck)))


def _entry(report: TableReport, target: ImportTarget) -> dict:
    return {"name": report.resource, "path": Path(report.path).name,
            "title": report.title or report.resource, "schema": target.schema_value}


def _placeholders(root: Path, target: ImportTarget, importing: set) -> set[str]:
    """The header-only CSV `opcc new dataset` writes (named as the dataset): replaced by
    the first real data."""
    found = set()
    for entry in target.resources:
        path = target.folder / str(entry.get("path", ""))
        if entry.get("name") == target.name and target.name not in importing \
                and path.is_file() and path.suffix == ".csv":
            rows = read_rows(path)
            if rows is not None and not rows[1]:
                found.add(target.name)
    return found


def _update_descriptor(result: ImportResult, target: ImportTarget, entries: list[dict],
                       remove: set[str]) -> None:
    text = target.descriptor.read_text("utf-8-sig")
    if target.descriptor.suffix == ".json":
        data = json.loads(text)
        data["resources"] = [r for r in data.get("resources", []) if r.get("name") not in remove]
        data["resources"] += entries
        updated = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        updated = yaml_resources(text, entries, remove)
    if updated is None:
        result.diagnostics.append(warning(
            "dataset.import-descriptor", "the descriptor's resources list could not be updated "
            "automatically", path=target.relative, hint="add these resources under "
            "resources: " + "; ".join(f"name: {e['name']}, path: {e['path']}" for e in entries)))
        return
    target.descriptor.write_text(updated, encoding="utf-8")
    result.descriptor_changed = True
    result.notes += [f"added resource {e['name']} to {target.relative}" for e in entries]
    result.notes += [f"removed the empty placeholder resource {n} (made by opcc new dataset)"
                     for n in sorted(remove)]


def _scalar(value: object) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    plain = re.fullmatch(r"[A-Za-z0-9./_][A-Za-z0-9 ./_()'-]*", text) and not re.fullmatch(
        r"(?i)(true|false|yes|no|on|off|null|~|[\d.eE+-]+|\d{4}-\d{2}(-\d{2})?)", text)
    return text if plain and not text.endswith(" ") else json.dumps(text, ensure_ascii=False)


def yaml_resources(text: str, entries: list[dict], remove: set[str]) -> str | None:
    """Add entries to (and remove names from) the block `resources:` list of a YAML
    descriptor, keeping its comments and layout; None if the layout is not understood."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines)
                  if re.fullmatch(r"resources:\s*(#.*)?", line.rstrip("\r\n"))), None)
    if start is None:
        return None
    last = start
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not lines[index][0].isspace() and not stripped.startswith(("-", "#")):
            break
        if stripped and not stripped.startswith("#"):
            last = index
    body = lines[start + 1:last + 1]
    firsts = [i for i, line in enumerate(body) if re.match(r"\s*- ", line)]
    if not firsts:
        return None
    indent = re.match(r"\s*", body[firsts[0]]).group()
    firsts = [i for i in firsts if re.match(r"\s*", body[i]).group() == indent]
    items = [body[a:b] for a, b in zip(firsts, firsts[1:] + [len(body)])]
    kept = [(_item_name(item), item) for item in items if _item_name(item) not in remove]
    newline = "\r\n" if "\r\n" in text else "\n"
    added = [(e["name"], [f"{indent}- name: {_scalar(e['name'])}{newline}"] +
              [f"{indent}  {k}: {_scalar(e[k])}{newline}" for k in ("path", "title", "schema")])
             for e in entries]
    names = [n for n, _ in kept]
    merged = kept + added
    if names == sorted(names):
        merged.sort(key=lambda item: item[0] or "")
    if lines[last] and not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
        body = lines[start + 1:last + 1]
    result = "".join(lines[:start + 1] + body[:firsts[0]] +
                     [line for _, item in merged for line in item] + lines[last + 1:])
    return result if _resource_names(result) == [n for n, _ in merged] else None


def _item_name(item: list[str]) -> str | None:
    for line in item:
        match = re.match(r"\s*-?\s*name:\s*(.+?)\s*$", line)
        if match:
            value = match[1].split(" #", 1)[0].strip()
            return value.strip("\"'")
    return None


def _resource_names(text: str) -> list[str] | None:
    try:
        data = yaml_source.load(text).data
    except yaml_source.YamlSyntaxError:
        return None
    resources = data.get("resources") if isinstance(data, dict) else None
    return [str(r.get("name")) for r in resources] if isinstance(resources, list) else None
