"""Record offsets (``?start=N&limit=S``): Pipedrive's ``next_start``, Jira's ``startAt`` and ``total``."""

from __future__ import annotations

from typing import Any

from switchboard.catalog.models import OffsetPagination
from switchboard.engine import paths
from switchboard.engine.paginators.base import BasePaginator, count_at, whole, with_extra_query
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest


class OffsetPaginator(BasePaginator):
    """``{type: offset, offset_param: start, size_param: limit, size: 100, records: data,
    next: additional_data.pagination.next_start, more: additional_data.pagination.more_items_in_collection}``

    The list ends when ``more`` reads false, the next offset reaches ``total``, the answer names
    no next offset (where ``next`` is given), or a page has fewer records than asked for.
    """

    def __init__(self, definition: OffsetPagination) -> None:
        super().__init__()
        self._definition = definition
        self.records_path = definition.records

    def is_single_page(self, request: OutboundRequest) -> bool:
        return request.query_value(self._definition.offset_param) is not None

    def first(self, request: OutboundRequest) -> OutboundRequest:
        request = with_extra_query(request, self._definition.extra_query)
        updates = {self._definition.offset_param: "0"}
        if request.query_value(self._definition.size_param) is None:
            updates[self._definition.size_param] = str(self._definition.size)
        return request.with_query(updates)

    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        definition = self._definition
        if definition.more is not None and paths.read(document, definition.more) is not True:
            return None
        received = self.records_on_page(document)
        size = _integer(request.query_value(definition.size_param), definition.size_param) or definition.size
        offset = _integer(request.query_value(definition.offset_param), definition.offset_param) or 0
        if definition.next is not None:
            following = paths.read(document, definition.next)
            if following is None:
                return None
            start = _integer(following, definition.next) or 0
        else:
            if received == 0 or (definition.more is None and received < size):
                return None
            start = offset + received
        total = paths.read(document, definition.total) if definition.total else None
        if isinstance(total, int) and start >= total:
            return None
        return request.with_query({definition.offset_param: str(start)})

    def pages_ahead(
        self, request: OutboundRequest, document: Any, following: OutboundRequest, most: int
    ) -> list[OutboundRequest]:
        # Steps of what the first page moved the offset by (an API may cap the size asked for).
        param = self._definition.offset_param
        total = count_at(document, self._definition.total)
        offset, start = whole(request.query_value(param) or 0), whole(following.query_value(param))
        if total is None or offset is None or start is None or start <= offset:
            return []
        step = start - offset
        end = min(total, start + step * most)
        return [following.with_query({param: str(n)}) for n in range(start, end, step)]

    def total(self, document: Any) -> int | None:
        return count_at(document, self._definition.total)

    def stalled_message(self, request: OutboundRequest, following: OutboundRequest) -> str:
        offset = request.query_value(self._definition.offset_param)
        return f"Pagination did not advance: offset {offset} points to offset {offset}"

    def clear_pointers(self, document: Any) -> None:
        for path in (self._definition.next, self._definition.more):
            if path is not None:
                paths.clear(document, path)


def _integer(value: Any, where: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise UpstreamProtocolError(f"The offset {value!r} at {where} is not a number", status=502) from None
