"""The egress gate: the last check before anything is written, over the files themselves.

Every output about to be published is checked as the public will read it:

- text outputs (HTML, XML, JSON, CSV, text, CSS, JS) are cut into readable blocks
  (extract.py), normalised (normalise.py) and scanned, every attribute and the output's
  own path included;
- copied files are inspected in full by the attachment inspectors, unless the build has
  already inspected them as attachments or published them from the dataset stage (which
  scans every cell it writes);
- a finding is traced to the source file and line it comes from (trace.py), and a value
  the source-level scan already reported there is not reported twice.

Each distinct value is one error per source, listing the outputs it reaches. The site's
allow list (in the scanner) and the owning page's or dataset's exceptions apply. Outputs
found clean are remembered by the hash of their bytes (with the scanner's fingerprint),
so an incremental build scans only what changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from opcc.build import parallel
from opcc.build.cache import CACHE_DIR
from opcc.diagnostics import Diagnostic, error, warning
from opcc.kinds.pages import Attachment
from opcc.redaction import Finding, Scanner, canonical
from opcc.redaction.egress.extract import blocks
from opcc.redaction.egress.normalise import published_text
from opcc.redaction.egress.trace import Tracer
from opcc.redaction.gate import NO_RULES, LocalRules, hint_for, scan_attachment, scan_file

MEMO_FILE = "egress-clean.json"
TEXT_SUFFIXES = frozenset({"html", "htm", "xhtml", "xml", "rss", "atom", "json", "geojson",
                           "webmanifest", "jsonld", "csv", "tsv", "txt", "md", "ics", "css",
                           "js", "mjs", "svg", "vcf", "map", "opml", "kml", "gpx"})
BLOCK_SEPARATOR = "\x00"  # the scanner never matches across it
MARKUP_SUFFIXES = frozenset({"html", "htm", "xhtml", "xml", "rss", "atom", "svg"})
MAX_LISTED = 5


@dataclass(frozen=True)
class Owner:
    """The source an output is made from, and its exceptions to the gate."""
    source: str
    rules: LocalRules = NO_RULES


@dataclass
class EgressGate:
    root: Path
    scanner: Scanner
    owners: Mapping[str, Owner]  # output path -> its page, record or dataset
    organisation: tuple[str, ...] = ()
    inspected: frozenset[Path] = frozenset()  # attachments the build already inspected
    reported: frozenset[tuple[str, int | None, str]] = frozenset()  # (path, line, code)
    clean: set[str] = field(default_factory=set)  # digests of outputs found clean
    digests: dict[str, str] = field(default_factory=dict)

    def check(self, outputs: Mapping[str, bytes | Path], complete: bool = True
              ) -> list[Diagnostic]:
        """Diagnostics for the outputs; `complete` when they are the whole site (the memo
        then keeps only their digests), else an incremental build's changed outputs."""
        remembered = load_memo(self.root, self.scanner.fingerprint)
        self.clean = set(remembered)
        texts, files = self._split(outputs)
        found = self._scan_texts(outputs, texts)
        problems = self._diagnostics(found)
        problems += self._inspect_files(outputs, files)
        if complete:
            current = {self.digests[path] for path in texts if path not in found}
            self.clean &= current
        if self.clean != remembered:
            save_memo(self.root, self.scanner.fingerprint, self.clean)
        return problems

    def _split(self, outputs: Mapping[str, bytes | Path]) -> tuple[list[str], list[str]]:
        texts, files = [], []
        cache = (self.root / CACHE_DIR).resolve()
        static = (self.root / "templates" / "static").resolve()
        for path, data in outputs.items():
            if isinstance(data, bytes):
                texts.append(path)
                continue
            resolved = Path(data).resolve()
            if resolved.is_relative_to(cache) or resolved in self.inspected:
                continue  # certified by the dataset stage, or inspected as an attachment
            if resolved.is_relative_to(static) and suffix(path) in TEXT_SUFFIXES:
                texts.append(path)
            else:
                files.append(path)
        return texts, files

    def _scan_texts(self, outputs, paths: list[str]) -> dict[str, list[Finding]]:
        digests = self.digests = {path: digest(read(outputs[path])) for path in paths}
        pending = [path for path in paths if digests[path] not in self.clean]
        scanner = self.scanner
        seen = SeenClean()

        def scan_chunk(chunk: list[str]) -> list[list[Finding]]:
            return [scan_output(scanner, path, read(outputs[path]), seen) for path in chunk]

        results = dict(zip(pending, parallel.map_chunks(scan_chunk, pending)))
        for path, findings in results.items():
            if not findings:
                self.clean.add(digests[path])
        return {path: findings for path, findings in results.items() if findings}

    def _source_scans(self, found: dict[str, list[Finding]]) -> list[Diagnostic]:
        """The page and record sources behind outputs with findings, scanned as typed:
        where a value is written as published, this gives its exact line and column."""
        owners = {owner.source: owner for path in found
                  if (owner := self.owners.get(path)) and owner.source.endswith(".md")}
        return [diagnostic for source in sorted(owners)
                for diagnostic in scan_file(self.scanner, self.root, source,
                                            owners[source].rules)]

    def _diagnostics(self, found: dict[str, list[Finding]]) -> list[Diagnostic]:
        at_source = self._source_scans(found)
        reported = self.reported | {(d.path, d.line, d.code) for d in at_source}
        return at_source + self._output_diagnostics(found, reported)

    def _output_diagnostics(self, found: dict[str, list[Finding]],
                            reported: frozenset) -> list[Diagnostic]:
        tracer = Tracer(self.root)
        groups: dict[tuple, list[str]] = {}
        samples: dict[tuple, Finding] = {}
        for path in sorted(found):
            owner = self.owners.get(path)
            for finding in found[path]:
                if owner is not None and owner.rules.allows(finding):
                    continue
                source, line = tracer.trace(finding.value, owner.source if owner else None)
                if (source, line, finding.code) in reported:
                    continue
                key = (source or f"site/{path}", line, finding.code,
                       canonical(finding.value, finding.code))
                samples.setdefault(key, finding)
                groups.setdefault(key, []).append(path)
        return [self._diagnostic(key, samples[key], paths) for key, paths in groups.items()]

    @staticmethod
    def _diagnostic(key: tuple, finding: Finding, paths: list[str]) -> Diagnostic:
        source, line = key[0], key[1]
        listed = ", ".join(f"/{p}" for p in paths[:MAX_LISTED])
        more = f" and {len(paths) - MAX_LISTED} more" if len(paths) > MAX_LISTED else ""
        make = warning if finding.severity == "warning" else error
        return make(finding.code, f"{finding.label} '{finding.masked}' would be published in "
                     f"{listed}{more}", path=source, line=line, hint=hint_for(finding))

    def _inspect_files(self, outputs, paths: list[str]) -> list[Diagnostic]:
        problems = []
        for path in sorted(paths):
            source = Path(outputs[path])
            owner = self.owners.get(path)
            attachment = Attachment(file=source.name, title=source.name, source=source.resolve(),
                                    url="/" + path, size=0, type_label="")
            problems += scan_attachment(self.scanner, self.root, attachment,
                                        self.organisation, owner.rules if owner else NO_RULES)
        return problems


@dataclass
class SeenClean:
    """What earlier outputs showed to be clean: raw lines of markup (templates repeat the
    header, navigation and footer on every page) and readable blocks."""
    lines: set[bytes] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)


def scan_output(scanner: Scanner, path: str, data: bytes, seen: SeenClean) -> list[Finding]:
    """The findings in one output: its readable blocks and its own path. Lines and blocks
    already found clean in another output are not read again."""
    lines = None
    if suffix(path) in MARKUP_SUFFIXES:
        data, lines = unseen_lines(data, seen.lines)
    whole = published_text(BLOCK_SEPARATOR.join([path, *blocks(path, data)]))
    unseen = set(whole.split(BLOCK_SEPARATOR))
    unseen -= seen.blocks
    fresh = sorted(unseen)
    findings = scanner.scan(BLOCK_SEPARATOR.join(fresh)) if fresh else []
    flagged = _flagged_blocks(fresh, findings)
    seen.blocks.update(text for index, text in enumerate(fresh) if index not in flagged)
    if lines is not None and not findings:
        seen.lines.update(lines)
    return findings


def unseen_lines(data: bytes, seen: set[bytes]) -> tuple[bytes, list[bytes]]:
    """The markup's lines not already seen clean, each with its neighbours (a value may
    wrap from one line to the next), runs apart joined by a block separator."""
    lines = data.split(b"\n")
    new = [index for index, line in enumerate(lines) if line not in seen]
    if len(new) == len(lines):
        return data, lines
    kept = sorted({j for i in new for j in (i - 1, i, i + 1) if 0 <= j < len(lines)})
    runs, previous = [], -2
    for index in kept:
        runs.append((b"\n" if index == previous + 1 else b"\x00") + lines[index])
        previous = index
    return b"".join(runs), [lines[index] for index in kept]


def _flagged_blocks(fresh: list[str], findings: list[Finding]) -> set[int]:
    if not findings:
        return set()
    starts, offset = [], 0
    for text in fresh:
        starts.append(offset)
        offset += len(text) + 1
    from bisect import bisect_right

    return {bisect_right(starts, f.start) - 1 for f in findings}


def suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read(data: bytes | Path) -> bytes:
    return data if isinstance(data, bytes) else Path(data).read_bytes()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_memo(root: Path, fingerprint: str) -> set[str]:
    try:
        saved = json.loads((root / CACHE_DIR / MEMO_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(saved, dict) or saved.get("fingerprint") != fingerprint:
        return set()
    return set(saved.get("clean") or ())


def save_memo(root: Path, fingerprint: str, clean: set[str]) -> None:
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        temporary = folder / f"{MEMO_FILE}.tmp"
        temporary.write_text(json.dumps({"fingerprint": fingerprint, "clean": sorted(clean)}),
                             "utf-8")
        temporary.replace(folder / MEMO_FILE)
    except OSError:
        pass  # the memo only saves time
