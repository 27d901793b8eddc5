"""A list answered as NDJSON (``application/x-ndjson``): each record on a line of its own, as it came."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

NDJSON = "application/x-ndjson"


def ndjson_lines(records: Sequence[msgspec.Raw]) -> bytes:
    """The records, one a line; a record the provider sent over several lines is put on one."""
    if not records:
        return b""
    joined = b"\n".join(records)
    if joined.count(b"\n") != len(records) - 1 or b"\r" in joined:
        # Line breaks inside JSON are only ever whitespace between tokens (strings escape them).
        joined = b"\n".join(bytes(r).replace(b"\r", b" ").replace(b"\n", b" ") for r in records)
    return joined + b"\n"
