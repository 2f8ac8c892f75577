"""Writing: site/ replaced whole (or updated file by file), and the search index."""
