"""A call's answer as a tool result: JSON as structured content plus text, cut to a size bound.

A model's context window is the scarce thing: an answer over the bound keeps the first records
that fit and says how to ask for the rest (a page at a time, or narrower filters).
"""

from __future__ import annotations

from typing import Any

import orjson

from switchboard.catalog.models import CursorLinkPagination, LinkHeaderPagination, PageNumberPagination
from switchboard.catalog.registry import Method

# Room kept under the bound for the note and the wrapper keys.
_NOTE_ROOM = 1024


def shaped(
    data: bytes, complete: bool, content_type: str, method: Method, bound: int
) -> tuple[dict[str, Any], str, bool]:
    """``(structured, text, truncated)`` for an answer whose first bytes are ``data``."""
    document: Any = None
    parsed = False
    if complete and "json" in content_type:
        try:
            document = orjson.loads(data) if data else None
            parsed = True
        except orjson.JSONDecodeError:
            parsed = False
    if parsed and len(data) <= bound:
        return _as_object(document), data.decode(), False
    if not parsed:
        text = data.decode(errors="replace")
        if complete and len(data) <= bound:
            return {"text": text}, text, False
        note = _note(method, None, None, len(data), bound, complete)
        cut = text[: bound - _NOTE_ROOM]
        return {"text": cut, "truncated": note}, f"{note}\n{cut}", True
    records, total = _records(document)
    kept = _fit(document, records, bound - _NOTE_ROOM)
    trimmed = _with_records(document, records, kept)
    note = _note(method, kept, total, len(data), bound, complete)
    structured = _as_object(trimmed)
    structured["truncated"] = note
    return structured, f"{note}\n{orjson.dumps(trimmed).decode()}", True


def _as_object(document: Any) -> dict[str, Any]:
    # MCP structured content is an object; arrays and scalars ride under "result".
    return dict(document) if isinstance(document, dict) else {"result": document}


def _records(document: Any) -> tuple[str | None, int]:
    """Where the record list is (None: the document itself) and how many records it holds."""
    if isinstance(document, list):
        return None, len(document)
    if isinstance(document, dict):
        lists = [(k, v) for k, v in document.items() if isinstance(v, list)]
        if lists:
            key, value = max(lists, key=lambda kv: len(kv[1]))
            return key, len(value)
    return None, 0


def _with_records(document: Any, key: str | None, count: int) -> Any:
    if key is None:
        return document[:count] if isinstance(document, list) else None
    return {**document, key: document[key][:count]}


def _fit(document: Any, key: str | None, limit: int) -> int:
    """The most records (a prefix) whose encoding fits ``limit`` bytes: binary search."""
    items = document if key is None else document.get(key) if isinstance(document, dict) else None
    if not isinstance(items, list):
        return 0
    low, high = 0, len(items)
    while low < high:
        middle = (low + high + 1) // 2
        if len(orjson.dumps(_with_records(document, key, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def _note(method: Method, kept: int | None, total: int | None, size: int, bound: int, complete: bool) -> str:
    measured = f"{size} bytes" if complete else f"over {size} bytes"
    shown = f"{kept} of {total} records shown; " if kept is not None and total else ""
    return (
        f"The answer was cut to fit {bound} bytes ({shown}the whole is {measured}). "
        f"To see the rest, {_how_to_page(method)}."
    )


def _how_to_page(method: Method) -> str:
    """The method's own paging or filtering inputs, named, so a model can ask for the next piece."""
    pagination = method.pagination
    targets = set(method.parameter_by_target)
    wanted: list[str] = []
    if isinstance(pagination, PageNumberPagination):
        wanted = [pagination.page_param, pagination.size_param]
    elif isinstance(pagination, CursorLinkPagination | LinkHeaderPagination):
        wanted = [p for p in (pagination.size_param, pagination.cursor_param) if p]
    named = [w for w in wanted if w in targets]
    if named:
        return f"call again with {' and '.join(named)} to fetch one page at a time, or narrow it with filters"
    filters = [p.definition.target for p in method.parameters if p.definition.in_ == "query"][:6]
    if filters:
        return f"narrow the request with {', '.join(filters)}"
    return "ask for a single record by its id"
