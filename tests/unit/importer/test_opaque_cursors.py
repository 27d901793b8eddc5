"""Cursors OpenAI's spec pages its lists by, read without an overlay: a ``page`` parameter that is an opaque
string the answer's ``next_page`` holds (its usage lists), and a top-level ``next`` its description calls a
cursor (its project groups, whose records have no ``id`` to page from)."""

from __future__ import annotations

from typing import Any

from tests.unit.importer.test_paging_detection import INTEGER, RECORDS, STRING, answer, pagination, query

NULLABLE_STRING: dict[str, Any] = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def test_a_string_page_parameter_is_the_cursor_its_next_page_holds() -> None:
    # GET /organization/usage/vector_stores: ?page=<"A cursor for use in pagination">&limit= answering
    # {object, data, has_more, next_page}. Read as page numbers, the first next_page was a 502.
    usage = answer(object=STRING, data=RECORDS, has_more={"type": "boolean"}, next_page=NULLABLE_STRING)
    page = query("page", description="A cursor for use in pagination. Corresponding to the `next_page` field.")
    assert pagination([query("start_time", INTEGER), query("limit", INTEGER), page], usage) == {
        "type": "cursor", "cursor_param": "page", "size_param": "limit", "records": "data", "next": "next_page",
    }  # fmt: skip
    # A numbered page (an integer) with a next_page number stays numbered.
    numbered = answer(data=RECORDS, next_page=INTEGER)
    assert pagination([query("page", INTEGER), query("per_page", INTEGER)], numbered)["type"] == "page_number"


def test_a_top_level_next_called_a_cursor_is_sent_back() -> None:
    # GET /organization/projects/{project_id}/groups: ?after=&limit= answering {data, has_more, next}, next
    # "Cursor to fetch the next page of results"; a group's id is group_id, so no last id pages it either.
    groups = {"type": "array", "items": answer(group_id=STRING, group_name=STRING)}
    cursor = {**NULLABLE_STRING, "description": "Cursor to fetch the next page of results, or `null` when none."}
    found = answer(object=STRING, data=groups, has_more={"type": "boolean"}, next=cursor)
    assert pagination([query("limit", INTEGER), query("after"), query("order")], found) == {
        "type": "cursor", "cursor_param": "after", "size_param": "limit", "records": "data", "next": "next",
    }  # fmt: skip
    # A next described as a link is still followed as one.
    linked = answer(data=RECORDS, next={"type": "string", "description": "The URL of the next page"})
    assert pagination([query("limit", INTEGER), query("after")], linked)["type"] == "cursor_link"
