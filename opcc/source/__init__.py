"""Reading what people write: YAML with positions, read the way non-programmers expect."""
