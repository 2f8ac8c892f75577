"""Fixture makers: each builds a file with one kind of hidden or personal data, re-opens
it with an independent reader and proves the hidden part is really there."""
