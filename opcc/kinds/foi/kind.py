"""FOI responses as a registered kind: content/foi/YEAR/REFERENCE.md, a page per
request, the disclosure log with its filters, statistics and feed, and the log as open
data; the log fulfils the ICO model scheme's disclosure-log item."""

from __future__ import annotations

from opcc.kinds.base import Kind, OpenData, ReadContext
from opcc.kinds.foi import data as foi_data
from opcc.kinds.foi import records as foi
from opcc.kinds.foi.log_dataset import foi_log_dataset
from opcc.kinds.foi.reader import load_foi
from opcc.kinds.foi.render import FoiRenderer, attachment_files
from opcc.kinds.foi.views import LOG_URL
from opcc.kinds.pages import FOI_DIR
from opcc.scheme import Fulfilment

DISCLOSURE_LOG_ITEM = "ico-disclosure-log"


def read(context: ReadContext) -> tuple[list, list]:
    records, found = load_foi(context.root, context.config.foi.reference_pattern,
                              context.today, include_drafts=context.include_drafts)
    return [r for r in records if context.include_drafts or not r.draft], found


class FoiKindRenderer(FoiRenderer):
    def __init__(self, site, records: list):
        super().__init__(site, records, site.bodies, site.config.foi.sample)
        self.all_records = records

    def render_record(self, record) -> bytes:
        return self.render_request(record)

    def site_pages(self) -> dict[str, bytes]:
        outputs = self.render_site_pages()
        outputs.update(attachment_files(self.all_records))
        return outputs


def fulfils(records: list) -> dict[str, list[Fulfilment]]:
    return {DISCLOSURE_LOG_ITEM: [Fulfilment(
        "FOI disclosure log", LOG_URL, f"content/{FOI_DIR}",
        max(r.last_updated for r in records), min(r.responded for r in records), "page")]}


def open_data(records: list, config) -> OpenData:
    dataset, table = foi_log_dataset(records, config)
    problems = foi_data.validate_log(foi_data.log_rows(records, config.base_url),
                                     table.resource.schema)
    return OpenData(dataset, table, tuple(problems))


FOI = Kind(name="foi", folder=FOI_DIR, scheme_class=foi.FOI_CLASS, record_type=foi.FoiRecord,
           read=read,
           renderer=FoiKindRenderer, fulfils=fulfils, open_data=open_data,
           search_label="FOI response", section=("/foi/", LOG_URL, "FOI disclosure log"))
