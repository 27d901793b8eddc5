"""A ``start`` beside an ``end`` is a range filter (Ably's channel history: ``?start=&end=now&limit=&direction=``,
paged by its ``Link`` header), never an offset: imported as the list's page parameter, a call that set ``start``
to bound the history got its first page alone."""

from __future__ import annotations

from typing import Any

from tests.unit.importer.test_paging_detection import INTEGER, RECORDS, STRING, pagination, query

LINK: dict[str, Any] = {"Link": {"schema": STRING}}


def test_a_start_beside_an_end_is_no_offset() -> None:
    history = [query("start"), query("limit", INTEGER), query("end", {"type": "string", "default": "now"})]
    found = pagination(history, RECORDS, **LINK)
    assert found["type"] == "link_header", found
    assert found.get("cursor_param") != "start", found
    # A start alone is still an offset.
    assert pagination([query("start", INTEGER), query("limit", INTEGER)], RECORDS)["type"] == "offset"
