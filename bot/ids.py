"""Ids as people type them, read one way everywhere (slash options, autocomplete, the store)."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # ids are 64-bit integers in both databases


def parse_id(value: str) -> int | None:
    """The id a user typed (`12` or `#12`), or None for anything else: ASCII digits only
    (`"²".isdigit()` is true, and `int("١٢")` is 12, so neither test alone will do) and
    within a 64-bit integer (5,000 digits are not an id)."""
    value = value.strip().removeprefix("#")
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if number <= MAX_ID else None
