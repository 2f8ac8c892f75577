"""Benchmark: the cost of the redaction gate on the reference site, against rendering.

    python bench/bench_gate.py [--site DIR] [--quick] [--runs 3] [--before REV]

Builds the reference site (bench/make_reference_site.py, seed 1; written to --site if
missing) cold with `opcc build --clean --timings`, --runs times, and prints the median
seconds of each stage, then the gate's share: the source-level redaction stage, the
egress gate over every output, and the rendering stages they are compared with. With
--before REV (a git revision, e.g. the commit before the egress gate) the same build is run
with that revision's generator (checked out into a temporary worktree) in the same run, so
the two are measured on the same machine under the same load. Then one page's body is
edited and the incremental rebuild's egress stage is timed (it scans only changed outputs).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGE = re.compile(r"^\s+(.+?)\s+([0-9.]+) s$")
GATE_STAGES = ("redaction gate", "egress gate")
RENDER_STAGES = ("pages rendered", "site pages rendered")


def ensure_site(site: Path, quick: bool) -> None:
    if (site / "site.yaml").exists():
        return
    size = ["--pages", "1000", "--foi", "1000", "--months", "12", "--rows", "100000"] \
        if quick else []
    subprocess.run([sys.executable, str(REPO / "bench/make_reference_site.py"), str(site),
                    *size], check=True)


def package(checkout: Path) -> str:
    """The checkout's package: `opcc`, or `generator` before the restructure."""
    return "opcc" if (checkout / "opcc").is_dir() else "generator"


def timed_build(site: Path, generator: Path, clean: bool = True) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(generator)}
    command = [sys.executable, "-m", package(generator), "build", "--timings"]
    command += ["--clean"] if clean else []
    done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True)
    stages = {}
    for line in done.stdout.splitlines() + done.stderr.splitlines():
        match = STAGE.match(line)
        if match:
            stages[match.group(1)] = float(match.group(2))
    if not stages:
        raise SystemExit(f"no timings from {generator}:\n"
                         f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return stages


def median_stages(site: Path, generator: Path, runs: int) -> dict[str, float]:
    results = [timed_build(site, generator) for _ in range(runs)]
    return {stage: statistics.median(r.get(stage, 0.0) for r in results)
            for stage in results[0]}


def report(label: str, stages: dict[str, float]) -> None:
    gate = sum(stages.get(s, 0.0) for s in GATE_STAGES)
    render = sum(stages.get(s, 0.0) for s in RENDER_STAGES)
    total = sum(stages.values())
    print(f"\n## {label}\n")
    print("| stage | seconds |\n|---|---:|")
    for stage, seconds in stages.items():
        print(f"| {stage} | {seconds:.2f} |")
    print(f"\nredaction stages (source + egress): {gate:.2f} s; rendering: {render:.2f} s; "
          f"gate / rendering = {gate / render if render else 0:.2f}; total {total:.2f} s")


def incremental_seconds(site: Path, generator: Path) -> float:
    """Wall time of the rebuild after one page's body changes (only its outputs scanned)."""
    page = sorted((site / "content").rglob("*.md"))[-1]
    original = page.read_text("utf-8")
    env = {**os.environ, "PYTHONPATH": str(generator)}
    try:
        page.write_text(original + "\nOne more sentence for the benchmark.\n", "utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", package(generator), "build"], cwd=site, env=env,
                       capture_output=True, check=False)
        return time.perf_counter() - started
    finally:
        page.write_text(original, "utf-8")
        timed_build(site, generator, clean=False)


def worktree(revision: str, folder: Path) -> Path:
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder),
                    revision], check=True, capture_output=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--quick", action="store_true", help="the 1,000-page site")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", help="a git revision to compare with")
    options = parser.parse_args()
    site = options.site or Path(f"/tmp/opcc-reference{'-quick' if options.quick else ''}")
    ensure_site(site, options.quick)
    print(f"# Redaction gate on {site} ({options.runs} runs, median)")
    report("this tree", median_stages(site, REPO, options.runs))
    if options.before:
        with tempfile.TemporaryDirectory() as scratch:
            before = worktree(options.before, Path(scratch) / "before")
            try:
                report(f"before ({options.before})", median_stages(site, before, options.runs))
            finally:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                str(before)], capture_output=True)
        timed_build(site, REPO)  # leave the site built by this tree
    print(f"\nincremental rebuild after one page's body is edited: "
          f"{incremental_seconds(site, REPO):.2f} s wall time")


if __name__ == "__main__":
    main()
