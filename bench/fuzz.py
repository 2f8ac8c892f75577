"""The long fuzz run: tests/test_fuzz.py's properties with many more examples.

    python bench/fuzz.py --minutes 5 [--only NAME] [--seed N]

Each property runs in rounds of random examples until its share of the time is up; an
example that raises (or runs past tests/test_fuzz.HANG seconds) is a failure, shrunk by
Hypothesis and printed. Add what it finds to REGRESSIONS in tests/test_fuzz.py (or as a
case in tests/test_bad_input.py), fix the generator, and run again. The normal test run
uses the same properties with a few dozen examples each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests import test_fuzz as fuzz

PROPERTIES = {
    "front-matter": (st.tuples(fuzz.FRONT_MATTER, st.text(max_size=200)),
                     lambda root, v: fuzz.check_page_file(root, f"---\n{v[0]}\n---\n{v[1]}")),
    "bytes": (st.binary(max_size=2000), fuzz.check_page_file),
    "markdown": (fuzz.MARKDOWN, lambda root, body: fuzz.check_page_file(
        root, f"---\n{fuzz.GOOD_FRONT}---\n{body}")),
    "yaml": (fuzz.FRONT_MATTER, lambda root, text: fuzz.check_yaml(text)),
    "csv": (fuzz.ROWS, lambda root, rows: fuzz.check_csv(root, fuzz.csv_text(rows), rows)),
    "csv-malformed": (fuzz.ROWS, lambda root, rows: fuzz.check_csv(root, fuzz.raw_csv(rows),
                                                                    None)),
    "site-yaml": (fuzz.CONFIG, fuzz.check_config),
    "whole-build": (fuzz.WHOLE_PAGE, lambda root, page: fuzz.check_build(root, *page)),
}


def run(name: str, seconds: float, round_size: int, seed_value: int | None) -> tuple[int, list]:
    strategy, check = PROPERTIES[name]
    root = Path(tempfile.mkdtemp(prefix=f"opcc-fuzz-{name}-"))
    tried, failures, started, round_number = 0, [], time.monotonic(), 0

    @settings(max_examples=round_size, deadline=timedelta(seconds=fuzz.HANG), database=None,
              phases=[Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
              print_blob=True)
    @given(value=strategy)
    def prop(value):
        nonlocal tried
        tried += 1
        check(root, value)

    try:
        while time.monotonic() - started < seconds and not failures:
            round_number += 1
            test = seed(seed_value + round_number)(prop) if seed_value is not None else prop
            try:
                test()
            except Exception as exc:  # noqa: BLE001 - a finding, reported below
                failures.append("".join(traceback.format_exception(exc)))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return tried, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--only", choices=sorted(PROPERTIES), action="append")
    parser.add_argument("--round", type=int, default=200, help="examples per round")
    parser.add_argument("--seed", type=int)
    options = parser.parse_args()
    names = options.only or list(PROPERTIES)
    share = options.minutes * 60 / len(names)
    total, found = 0, 0
    print(f"fuzzing {len(names)} properties for {options.minutes:g} minutes "
          f"({share:.0f} s each)")
    for name in names:
        started = time.monotonic()
        tried, failures = run(name, share, options.round, options.seed)
        total += tried
        found += len(failures)
        rate = tried / max(time.monotonic() - started, 1e-9)
        print(f"  {name:<14} {tried:>7,} inputs  {rate:>7.0f}/s  "
              f"{'FAILED' if failures else 'ok'}", flush=True)
        for failure in failures:
            print(failure)
    print(f"{total:,} inputs tried, {found} failing propert{'y' if found == 1 else 'ies'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
