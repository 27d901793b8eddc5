"""An opaque cursor in the body (``paging.next.after``), sent back as a query parameter or a body member."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import msgspec

from switchboard.catalog.models import CursorPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, sized_first, with_extra_query
from switchboard.errors import InputError, UpstreamProtocolError
from switchboard.http import OutboundRequest


class CursorPaginator(BasePaginator):
    """``{type: cursor, cursor_param: after, size_param: limit, size: 100, records: results,
    next: paging.next.after}``; an empty, null or absent cursor ends the list. With ``last`` the
    cursor is that field of the page's last record; with ``more``, a page whose flag is not true ends it.
    With ``cursor_in: body`` the cursor and the size are members of the JSON body (Notion's POST lists)."""

    def __init__(self, definition: CursorPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records
        self._in_body = definition.cursor_in == "body"

    def is_single_page(self, request: OutboundRequest) -> bool:
        cursor = self._definition.cursor_param
        if self._in_body:
            return _body_object(request).get(cursor) is not None
        return request.query_value(cursor) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        d = self._definition
        if not self._in_body:
            return sized_first(request, d.extra_query, d.size_param, d.size)
        request = with_extra_query(request, d.extra_query)
        if d.size_param and d.size and _body_object(request).get(d.size_param) is None:
            return with_body_members(request, {d.size_param: d.size})
        return request

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        d = self._definition
        if d.more is not None and paths.read(document, d.more) is not True:
            return None  # Stripe's has_more: false (or absent) ends the list
        where = d.next or f"the last record's {d.last}"
        cursor = paths.read(document, d.next) if d.next else self._from_last(d.last or "")
        if cursor is None or cursor == "":
            return None
        if not isinstance(cursor, str | int):
            raise UpstreamProtocolError(f"The next cursor at {where} is not a string", status=502)
        if self._in_body:
            return with_body_members(request, {d.cursor_param: cursor})
        return request.with_query({d.cursor_param: str(cursor)})

    def _from_last(self, field: str) -> Any:
        """The cursor as a field of the page's last record (Stripe: ``starting_after`` = its ``id``)."""
        if self._last is None:
            return None
        try:
            return paths.read(msgspec.json.decode(self._last), field)
        except msgspec.DecodeError:
            raise UpstreamProtocolError("The page's last record is not JSON", status=502) from None

    def clear_pointers(self, document: Any) -> None:
        if self._definition.next:
            paths.clear(document, self._definition.next)
        more = self._definition.more
        if more and isinstance(document, dict) and paths.lookup(document, more)[0]:
            paths.assign(document, more, False)  # every page is in the answer: none follows


def _body_object(request: OutboundRequest) -> dict[str, Any]:
    """The request's JSON body as an object ({} when there is none); a 400 when it is something else."""
    if not request.body:
        return {}
    try:
        body = msgspec.json.decode(request.body)
    except msgspec.DecodeError:
        body = None
    if not isinstance(body, dict):
        raise InputError("This list pages with a cursor in its JSON body, so the RequestBody must be a JSON object")
    return body


def with_body_members(request: OutboundRequest, members: dict[str, Any]) -> OutboundRequest:
    """``request`` with these top-level members set in its JSON body (made, as JSON, when it had none)."""
    body = msgspec.json.encode({**_body_object(request), **members})
    if request.body is None:
        request = request.with_header("Content-Type", "application/json")
    return replace(request, body=body)
