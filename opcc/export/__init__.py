"""`opcc export --handover DIR`: everything the office published, as data, for the body
that takes over its functions (PCCs are to be abolished in May 2028).

The package is a BagIt bag (RFC 8493, the archives' convention) whose data/ holds the
static site as published, every dataset and register as CSV with its Table Schema, the
records inventory with retention, the compliance report and a README.
"""

from opcc.export.handover import Handover, HandoverRefused, export_handover

__all__ = ["Handover", "HandoverRefused", "export_handover"]
