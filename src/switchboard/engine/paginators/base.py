"""The paginator protocol, and the base class whose ``advance()`` guards every paging loop."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from typing import Any, Protocol
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from multidict import CIMultiDictProxy

from switchboard.engine import paths
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

PageKey = tuple[str, str, tuple[tuple[str, str], ...], bytes]


class Paginator(Protocol):
    """Turns a method's request into the request for each page, until ``advance`` gives None."""

    records_path: str
    empty_pages: bool

    def is_single_page(self, request: OutboundRequest) -> bool:
        """True when the caller asked for one page explicitly (then it alone comes back)."""
        ...

    def first(self, request: OutboundRequest) -> OutboundRequest: ...

    def advance(
        self,
        request: OutboundRequest,
        document: Any,
        received: int | None = None,
        headers: CIMultiDictProxy[str] | None = None,
        last: bytes | None = None,
    ) -> OutboundRequest | None:
        """The request for the page after ``request``'s, whose envelope is ``document``; None at the end.

        ``received``: how many records the page held, when ``document`` no longer holds them;
        ``headers``: the page's response headers (the ``Link`` header's next page); ``last``: the
        page's last record, raw JSON (Stripe's cursor is its id).
        """
        ...

    def clear_next(self, document: Any) -> None:
        """Remove the next-page pointer from ``document`` (every page is in the answer)."""
        ...

    def pages_ahead(
        self, request: OutboundRequest, document: Any, following: OutboundRequest, most: int
    ) -> list[OutboundRequest]:
        """The pages after ``request``'s, from ``following`` on (at most ``most``), when its envelope
        tells how many there are; else []."""
        ...

    def expect(self, requests: list[OutboundRequest]) -> None:
        """Pages fetched ahead: a next pointer back to one of them is a repeat."""
        ...

    def total(self, document: Any) -> int | None:
        """How many records the whole list holds, as the page whose envelope is ``document`` says (where the
        definition names a ``total``); else None."""
        ...


class BasePaginator(ABC):
    """Owns the loop guards, so no strategy can page for ever.

    A strategy says only where the next page is (``next_request``). ``advance`` refuses a next
    page that is the page just fetched (no progress) or any page fetched before (a repeated
    token), whatever the order of its query parameters, and ends the list at a page with no
    records unless the definition says empty pages are normal (``empty_pages``); the engine also
    caps pages, records, bytes and time.
    """

    records_path: str
    # Set from the definition by ``paginator_for``: whether an empty page may be followed by more, and
    # where a page says it is the last (``end``).
    empty_pages = False
    end: str | None = None

    def __init__(self) -> None:
        self._seen: set[PageKey] = set()
        # The engine's pages arrive with their records split off the envelope (engine.pages):
        # strategies that stop on a short page (no next pointer: Xero, Jira) count them here.
        self._received: int | None = None
        # The page's response headers, for strategies whose pointer is there (``Link``).
        self._headers: CIMultiDictProxy[str] | None = None
        # The page's last record (raw JSON), for strategies whose cursor is one of its fields.
        self._last: bytes | None = None

    @abstractmethod
    def is_single_page(self, request: OutboundRequest) -> bool: ...

    @abstractmethod
    def first(self, request: OutboundRequest) -> OutboundRequest: ...

    @abstractmethod
    def next_request(self, request: OutboundRequest, document: Any) -> OutboundRequest | None:
        """Where the next page is, read from ``document``; None on the last page."""

    @abstractmethod
    def clear_pointers(self, document: Any) -> None:
        """Remove the strategy's next-page pointers from ``document``."""

    def clear_next(self, document: Any) -> None:
        self.clear_pointers(document)
        if self.end is not None and isinstance(document, dict) and paths.lookup(document, self.end)[0]:
            paths.assign(document, self.end, True)  # every page is in the answer: this one is the last

    def advance(
        self,
        request: OutboundRequest,
        document: Any,
        received: int | None = None,
        headers: CIMultiDictProxy[str] | None = None,
        last: bytes | None = None,
    ) -> OutboundRequest | None:
        self._received, self._headers, self._last = received, headers, last
        if self.end is not None and paths.read(document, self.end) is True:
            return None  # the last page, whatever pointer it still has
        following = self.next_request(request, document)
        if following is None:
            return None
        if not self.empty_pages and self.records_on_page(document) == 0:
            return None  # a page with no records ends the list, whatever its next pointer says
        current = page_key(request)
        self._seen.add(current)
        key = page_key(following)
        if key == current:
            raise UpstreamProtocolError(self.stalled_message(request, following), status=502)
        if key in self._seen:
            raise UpstreamProtocolError("Pagination repeated a cursor; stopping to avoid a loop", status=502)
        self._seen.add(key)
        return following

    def pages_ahead(
        self, request: OutboundRequest, document: Any, following: OutboundRequest, most: int
    ) -> list[OutboundRequest]:
        return []  # only strategies that read a total know the later pages

    def expect(self, requests: list[OutboundRequest]) -> None:
        self._seen.update(page_key(r) for r in requests)

    def total(self, document: Any) -> int | None:
        return None  # only strategies whose definition names a total know it

    def records_on_page(self, document: Any) -> int:
        """How many records the page held: as the engine counted them, else as ``document`` has them."""
        if self._received is not None:
            return self._received
        records = paths.read(document, self.records_path)
        return len(records) if isinstance(records, list) else 0

    def stalled_message(self, request: OutboundRequest, following: OutboundRequest) -> str:
        """The error when the next page is the page just fetched."""
        return "Pagination repeated a cursor; stopping to avoid a loop"


def with_extra_query(request: OutboundRequest, extra: dict[str, str]) -> OutboundRequest:
    """``request`` with the pagination's ``extra_query`` values the call did not set itself."""
    updates = {k: v for k, v in extra.items() if request.query_value(k) is None}
    return request.with_query(updates) if updates else request


def sized_first(
    request: OutboundRequest, extra: dict[str, str], size_param: str | None, size: int | None
) -> OutboundRequest:
    """The first page's request: the ``extra_query`` values, and the page size unless the call set its own."""
    request = with_extra_query(request, extra)
    if size_param and size and request.query_value(size_param) is None:
        return request.with_query({size_param: str(size)})
    return request


def follow_link(request: OutboundRequest, link: str) -> OutboundRequest:
    """``request`` sent to ``link`` (resolved against its URL, query from the link), on its origin only.

    A link to another scheme, host or port is refused, so a third party cannot make Switchboard
    send its credentials elsewhere.
    """
    current, target = urlsplit(request.url), urlsplit(urljoin(request.url, link))
    if (target.scheme, target.netloc) != (current.scheme, current.netloc):
        raise UpstreamProtocolError(
            f"The next link points to another host ({target.netloc}); refusing to follow it", status=502
        )
    url = urlunsplit((target.scheme, target.netloc, target.path, "", ""))
    return replace(request, url=url, query=tuple(parse_qsl(target.query, keep_blank_values=True)))


def count_at(document: Any, path: str | None) -> int | None:
    """A whole, non-negative number at ``path`` (a total), else None: paging then goes one page at a time."""
    return whole(paths.read(document, path) if path else None)


def whole(value: Any) -> int | None:
    """``value`` as a non-negative int (a number or its digits), else None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 0 else None


def page_key(request: OutboundRequest) -> PageKey:
    """A page's identity: the same URL and parameters in any order, and the same body, are the same page
    (a cursor in the body, Notion's, tells its pages apart)."""
    return request.method, request.url, tuple(sorted(request.query)), request.body or b""
