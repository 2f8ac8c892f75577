"""`opcc new meeting --body B --date D`: a draft meeting record with every key filled in
or commented, at content/meetings/YEAR/DATE-BODY.md."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

import click

from opcc.cli.support import parse_date
from opcc.kinds.meetings.records import DEFAULT_BODIES, FOLDER
from opcc.kinds.pages import CONTENT_DIR
from opcc.source.placeholders import MARKER

VENUE = f"{MARKER}the room and the full address]"
ACCESS = f"{MARKER}step-free access, hearing loop, how to ask for anything else]"
MEETING_TEMPLATE = """\
---
body: {body}
date: {date}
time: "{time}"            # 24-hour clock: "10:00", or "10:00-12:30"
venue: "{venue}"
venue_access: "{access}"
public: true              # false: held in private
# public_interest: true   # a private meeting at which matters of significant public
#                         # interest were discussed: its minutes are published
status: scheduled         # scheduled, papers-published, minutes-published or cancelled
# notice_published: YYYY-MM-DD   # the day its date, time and place were published
# papers_published: YYYY-MM-DD
# minutes_published: YYYY-MM-DD
# webcast: https://...
agenda:
  - title: Apologies and declarations of interest
  - title: Minutes of the last meeting
#  - title: Performance report
#    papers:
#      - {{file: {date}-performance-report.pdf, title: Performance report}}
#  - title: An item considered in private
#    exempt: true
#    exemption: s43(2)     # its papers are never published
# minutes: {{file: {date}-minutes.pdf, title: Minutes}}   # or a '## Minutes' section below
# cancelled_reason: why it was cancelled (with status: cancelled)
# cancelled_on: YYYY-MM-DD
draft: true               # remove this line (or set false) to publish the meeting
---
"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "meeting"


def new_meeting_text(body: str, day: date, start: str) -> str:
    return MEETING_TEMPLATE.format(body=body, date=day.isoformat(), time=start, venue=VENUE,
                                   access=ACCESS)


def new_meeting_record(root: Path, body: str, day: date, start: str = "10:00") -> Path:
    """Write the draft; FileExistsError when the meeting already has a record."""
    target = root / CONTENT_DIR / FOLDER / str(day.year) / f"{day.isoformat()}-{slug(body)}.md"
    if target.exists():
        raise FileExistsError(f"{target.relative_to(root).as_posix()} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_meeting_text(body, day, start), encoding="utf-8")
    return target


@click.command("meeting")
@click.option("--body", required=True, help=f"The body that meets, e.g. '{DEFAULT_BODIES[1]}'.")
@click.option("--date", "day", required=True, callback=parse_date,
              help="The meeting's date, YYYY-MM-DD.")
@click.option("--time", "start", default="10:00", show_default=True,
              help="Start time, or start and end, on the 24-hour clock: 10:00 or 10:00-12:30.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".")
def new_meeting(body: str, day: date, start: str, root: Path) -> None:
    """Create content/meetings/YEAR/DATE-BODY.md (a draft)."""
    if not re.fullmatch(r"\d{1,2}:\d{2}(-\d{1,2}:\d{2})?", start):
        raise click.BadParameter("write it as 10:00 or 10:00-12:30", param_hint="--time")
    root = root.resolve()
    try:
        target = new_meeting_record(root, " ".join(body.split()), day, start)
    except FileExistsError as exc:
        click.echo(f"opcc: {exc}; nothing written", err=True)
        sys.exit(1)
    click.echo(f"created {target.relative_to(root).as_posix()} (a draft: fill in the venue "
               "and the agenda, then remove 'draft: true')")
