"""`opcc dataset import` and `opcc foi import`: real exports into clean sources."""
