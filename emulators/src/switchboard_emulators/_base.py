"""What every emulator offers: an aiohttp app, a request log and the credentials it accepts."""

from __future__ import annotations

import abc
import threading
import time
from dataclasses import dataclass, field
from typing import ClassVar

from aiohttp import web
from aiohttp.typedefs import Handler

from switchboard_emulators._faults import Faults, Pager


@dataclass(slots=True)
class RecordedRequest:
    """One request as the emulator received it, for tests to assert what was sent upstream."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    # When it arrived (time.monotonic()): pacing is judged where the provider sees it, not by a client's clock.
    received_at: float = field(default_factory=time.monotonic)
    # When its answer was ready (None while it is handled): with ``received_at``, how many were in flight at once.
    answered_at: float | None = None

    def query_values(self, name: str) -> list[str]:
        """Every value of query parameter ``name``, in order."""
        return [v for k, v in self.query if k == name]


@dataclass
class RequestLog:
    """A thread-safe, bounded log of received requests."""

    limit: int = 10_000
    _items: list[RecordedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)
            if len(self._items) > self.limit:
                del self._items[: len(self._items) - self.limit]

    def all(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Emulator(abc.ABC):
    """A third-party API stand-in: its state, its aiohttp app and its request log."""

    name: str
    # How this API's list pages point to the next one, for the page faults.
    pager: ClassVar[Pager | None] = None

    def __init__(self) -> None:
        self.requests = RequestLog()
        self.faults = Faults(self.pager)

    @abc.abstractmethod
    def create_app(self) -> web.Application:
        """A new aiohttp application serving this emulator's state.

        Implementations install ``self.record_middleware`` first so every request is logged,
        then ``self.faults.middleware`` so tests can make the API misbehave.
        """

    @abc.abstractmethod
    def credentials(self) -> dict[str, str]:
        """What a client needs to talk to it (API keys, OAuth client id/secret), for printing."""

    @web.middleware
    async def record_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Log the request (body included) before handling it."""
        body = await request.read() if request.can_read_body else b""
        recorded = RecordedRequest(
            method=request.method,
            path=request.path,
            query=list(request.query.items()),
            headers=dict(request.headers),
            body=body,
        )
        self.requests.add(recorded)
        try:
            return await handler(request)
        finally:
            recorded.answered_at = time.monotonic()
