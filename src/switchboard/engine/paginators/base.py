"""The paginator protocol: the first page's request, then each next one until None."""

from __future__ import annotations

from typing import Any, Protocol

from switchboard.engine.request import OutboundRequest


class Paginator(Protocol):
    """Turns a method's request into the request for each page.

    Implementations guard the loop: a next page that repeats an earlier one is an
    ``UpstreamProtocolError`` (the engine also caps pages, records, bytes and time).
    """

    records_path: str

    def is_single_page(self, request: OutboundRequest) -> bool:
        """True when the caller asked for one page explicitly (then it alone comes back)."""
        ...

    def first(self, request: OutboundRequest) -> OutboundRequest: ...

    def next(self, request: OutboundRequest, document: Any) -> OutboundRequest | None: ...

    def clear_next(self, document: Any) -> None:
        """Remove the next-page pointer from ``document`` (every page is in the answer)."""
        ...
