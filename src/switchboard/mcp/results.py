"""A call's answer as a tool result: JSON as structured content plus text, cut to a size bound.

A model's context window is the scarce thing: an answer over the bound keeps the first records
that fit and says how to ask for the rest (a page at a time, or narrower filters).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from switchboard.catalog.models import CursorLinkPagination, LinkHeaderPagination, PageNumberPagination
from switchboard.catalog.registry import Method
from switchboard.numbers import signed_int

# Room kept under the bound for the note and the wrapper keys.
_NOTE_ROOM = 1024


def shaped(
    data: bytes,
    complete: bool,
    content_type: str,
    method: Method,
    bound: int,
    arguments: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], str, bool]:
    """``(structured, text, truncated)`` for an answer whose first bytes are ``data``, called with ``arguments``."""
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
        note = _note(method, None, None, len(data), bound, complete, arguments or {})
        cut = text[: bound - _NOTE_ROOM]
        return {"text": cut, "truncated": note}, f"{note}\n{cut}", True
    records, total = _records(document)
    kept = _fit(document, records, bound - _NOTE_ROOM)
    if kept == 0:  # no list to cut (one large record), or not even its first record fits: the JSON text, cut
        room = bound - _NOTE_ROOM
        cut = data[:room].decode(errors="ignore")
        why = f"not even one of its {total} records fits" if total else "it is one record too large to show whole"
        note = (
            f"The answer was cut to fit {bound} bytes (the whole is {len(data)} bytes): {why}, "
            f"so the first {room} bytes of its JSON are shown, cut mid-way."
        )
        return {"text": cut, "truncated": note}, f"{note}\n{cut}", True
    trimmed = _with_records(document, records, kept)
    note = _note(method, kept, total, len(data), bound, complete, arguments or {})
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


def _note(
    method: Method,
    kept: int | None,
    total: int | None,
    size: int,
    bound: int,
    complete: bool,
    arguments: Mapping[str, Any],
) -> str:
    measured = f"{size} bytes" if complete else f"over {size} bytes"
    shown = f"{kept} of {total} records shown; " if kept is not None and total else ""
    return (
        f"The answer was cut to fit {bound} bytes ({shown}the whole is {measured}). "
        f"To see the rest, {_how_to_page(method, kept or 0, arguments)}."
    )


def _how_to_page(method: Method, kept: int, arguments: Mapping[str, Any]) -> str:
    """The method's own paging or filtering inputs, named, so a model can ask for the next piece.

    With the records that fit known, the values too: pages of a size that fits, and for numbered pages
    the one that starts right after the records shown (a page of the size first asked would be cut again,
    and the next page of that size would skip the records cut from this one).
    """
    pagination = method.pagination
    targets = set(method.parameter_by_target)
    if isinstance(pagination, PageNumberPagination) and {pagination.page_param, pagination.size_param} <= targets:
        exact = _next_page(pagination, kept, arguments) if kept else None
        if exact is not None:
            page, size = exact
            return (
                f"call again with {pagination.page_param}={page} and {pagination.size_param}={size} for the next "
                f"records, then {pagination.page_param}={page + 1} and on with the same {pagination.size_param}"
            )
    wanted: list[str] = []
    if isinstance(pagination, PageNumberPagination):
        wanted = [pagination.page_param, pagination.size_param]
    elif isinstance(pagination, CursorLinkPagination | LinkHeaderPagination):
        wanted = [p for p in (pagination.size_param, pagination.cursor_param) if p]
        if kept and pagination.size_param in targets and pagination.cursor_param in targets:
            return (
                f"call again with {pagination.size_param}={kept} (a page that size fits) and the same "
                f"{pagination.cursor_param} as this call (none: the first page), then with each page's next "
                f"{pagination.cursor_param}"
            )
    named = [w for w in wanted if w in targets]
    if named:
        return f"call again with {' and '.join(named)} to fetch one page at a time, or narrow it with filters"
    filters = [p.definition.target for p in method.parameters if p.definition.in_ == "query"][:6]
    if filters:
        return f"narrow the request with {', '.join(filters)}"
    return "ask for a single record by its id"


def _next_page(pagination: PageNumberPagination, kept: int, arguments: Mapping[str, Any]) -> tuple[int, int] | None:
    """``(page, size)`` whose page starts at the first record not shown, its size at most ``kept``; None if the
    call's own page and size are unreadable or no such size is near ``kept`` (pages of 1 are no advice)."""
    page, size = _int(arguments.get(pagination.page_param)), _int(arguments.get(pagination.size_param))
    if page is None:  # every page was fetched: the records shown are the list's first
        page = pagination.first_page
    size = size if size is not None and size > 0 else pagination.size
    if page < pagination.first_page:
        return None
    start = (page - pagination.first_page) * size + kept  # how many records come before the first not shown
    cap = min(kept, size)
    fits = next(d for d in range(cap, 0, -1) if start % d == 0)
    if fits * 2 < cap:
        return None
    return pagination.first_page + start // fits, fits


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return signed_int(value)
    return None
