"""Public consultations as a registered kind: content/consultations/SLUG.md, a page per
consultation and the listing at /consultations/ (open ones first). A consultation's state
is computed on the build's day: upcoming, open ("closes in N days"), closed awaiting
results, closed with results. Results not published `results_weeks` after closing are a
warning. Consultations fulfil no publication-scheme item: they are listed in the class
"How we make decisions"."""

from __future__ import annotations

from opcc.config import Option
from opcc.kinds.base import Kind
from opcc.kinds.consultations import reader
from opcc.kinds.consultations.records import (
    CONSULTATIONS_CLASS,
    DEFAULT_RESULTS_WEEKS,
    FOLDER,
    LIST_URL,
    NAME,
    RECORDS,
    Consultation,
)
from opcc.kinds.consultations.render import ConsultationsRenderer

SETTINGS = {
    "results_weeks": Option("weeks after closing by which the results should be published "
                            "(later is a warning)", int, default=DEFAULT_RESULTS_WEEKS),
    "sample": Option("the consultations are illustrative examples (a notice says so)", bool,
                     default=False),
}

CONSULTATIONS = Kind(
    name=NAME, folder=FOLDER, scheme_class=CONSULTATIONS_CLASS, record_type=Consultation,
    read=reader.read, renderer=ConsultationsRenderer, search_label="Consultation",
    section=(LIST_URL, LIST_URL, "Consultations"), records=RECORDS, settings=SETTINGS,
    settings_help="consultation settings")
