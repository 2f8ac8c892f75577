"""Policies and procedures as governance records: a page that is one of the office's own
policy documents carries a `governance:` block in its front matter (its version and
status, its author's and owner's roles, the dates it was created, ratified, last reviewed,
equality-impact assessed and is next due for review, who it applies to, related documents
and a version-control table).

- governance.py declares the block (a FrontMatterSchema), reads it and checks it; the page
  reader (kinds/pages.py) calls it once, as it calls record_keys.py;
- view.py turns it into what templates/partials/policy-governance.html shows, and its
  related documents into links the link checker follows like the body's.
"""
