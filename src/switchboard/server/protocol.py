"""uvicorn's httptools protocol with a deadline for a request's headers (N6).

uvicorn times out only an idle keep-alive connection: one that never sends a byte, or sends
half a request line and stops, stays open for ever, and a few thousand of them exhaust the
server's file descriptors. Here every request's headers must be complete within
``SWITCHBOARD_HEADER_TIMEOUT`` seconds of the connection opening (or of the first byte after the
previous answer), and the bytes before them stay under ``SWITCHBOARD_MAX_HEADER_BYTES``; the
connection is closed otherwise (with a 408 or 431 when the client had started a request).
The body has its own bound (``SWITCHBOARD_REQUEST_BODY_TIMEOUT``, in ``api/middleware``); a request
whose body is all here is marked (``BODY_COMPLETE``), so reading it arms no timer: nearly every request
comes in one piece, and a timer armed and cancelled per request shows on the call path (issue 24).

An answer of known length leaves in one write: uvicorn writes the head and the body apart, two
``send`` syscalls on the socket (each a trip through the TCP stack, the peer's wake-up included);
``OneWrite`` holds the head until the body's first bytes and sends them together.
"""

from __future__ import annotations

import asyncio
import logging
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from switchboard.api.middleware import BODY_COMPLETE
from switchboard.settings import Settings

log = logging.getLogger(__name__)

# The request line and the headers' framing come on top of the header bytes api.middleware.Edge counts.
_LINE_ALLOWANCE = 16 * 1024


@cache
def _limits() -> tuple[float, int]:
    """(seconds, bytes) from the settings, read once per worker process."""
    settings = Settings()
    return settings.header_timeout, settings.max_header_bytes + _LINE_ALLOWANCE


def _answer(status: bytes) -> bytes:
    return b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


# What uvicorn answers in plain text ("Invalid HTTP request received.") when httptools cannot read a request: a
# broken request line or header, a byte a URL may not hold, chunked framing that does not parse. Said as every
# other refusal is, in JSON with nosniff; the connection closes (the rest of the bytes cannot be framed).
_UNREADABLE = (
    b'{"Message":"The request is not HTTP/1.1 Switchboard can read (its request line, a header or its chunked '
    b'framing is malformed); nothing was done"}'
)
_UNREADABLE_ANSWER = (
    b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\n"
    b"content-length: " + str(len(_UNREADABLE)).encode() + b"\r\nconnection: close\r\n\r\n" + _UNREADABLE
)


class OneWrite:
    """The transport as one request's cycle sees it: the head of an answer of known length waits for the
    body's first write and goes with it; every other write (a 100 Continue, a chunked head) goes at once."""

    __slots__ = ("_cycle", "_head", "_headed", "_transport")

    def __init__(self, transport: asyncio.Transport, cycle: RequestResponseCycle) -> None:
        self._transport = transport
        self._cycle = cycle
        self._head: bytes | None = None
        self._headed = False  # the head was written (held or sent): every later write is body

    def write(self, data: bytes) -> None:
        head = self._head
        if head is not None:
            self._head = None
            self._transport.write(head + data)
            return
        cycle = self._cycle
        # The first write once the response started is its head (a 100 Continue comes before). Held
        # only for an answer of known length (a content-length made it not chunked) that has a body to
        # write: a HEAD answer's body is never written, so its head goes at once. Body chunks all go at once.
        if cycle.response_started and not self._headed:
            self._headed = True
            if cycle.chunked_encoding is False and not cycle.response_complete and cycle.scope["method"] != "HEAD":
                self._head = data
                return
        self._transport.write(data)

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def _flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def __getattr__(self, name: str) -> Any:  # anything else a cycle may reach for, as the transport has it
        return getattr(self._transport, name)


# How long a connection with no request in progress stays open once the worker is stopping: enough for a
# request already on its way (a connection just accepted, a keep-alive one being reused) to arrive and be answered.
SHUTDOWN_GRACE_SECONDS = 1.0


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """Closes a connection whose request headers do not arrive in time or in bounds."""

    _deadline: asyncio.TimerHandle | None = None
    _stopping = False
    _header_bytes = 0
    _partial = False  # bytes of a request's headers came, the headers are not complete yet
    # Between a request's headers and the end of its body. An app may answer before reading the body (a 405):
    # the bytes arriving after the answer are still that body's, not the next request's headers.
    _in_body = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        waiting = self._waiting_for_headers()
        if waiting:
            self._header_bytes += len(data)
            self._partial = True
        super().data_received(data)
        # Still partial after parsing: the headers are not complete (a chunk may carry them and a body, or the
        # end of an answered request's body and the next one's first header bytes). Armed only then: a request
        # whose headers come in one piece (nearly all) costs no timer.
        if self._partial:
            if self._deadline is None:  # the first bytes of a keep-alive connection's next request
                self._deadline = self.loop.call_later(_limits()[0], self._expired)
            if self._header_bytes > _limits()[1]:
                self._give_up(b"431 Request Header Fields Too Large", "headers over the size bound")

    def on_message_begin(self) -> None:
        super().on_message_begin()
        # Headers begun: also where a chunk ends one request's body and begins the next one's headers.
        self._partial = True

    def on_headers_complete(self) -> None:
        self._disarm()
        self._header_bytes = 0
        self._partial = False
        self._in_body = True
        before = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and self._stopping:
            cycle.keep_alive = False  # the last request on this connection: answered with Connection: close
        if cycle is not None and cycle is not before:  # a new request (not an upgrade): its answer in one write
            cycle.transport = OneWrite(self.transport, cycle)  # type: ignore[assignment]
            cycle.scope["extensions"] = {}  # the edge holds this dict from its first step; marked below

    def on_message_complete(self) -> None:
        self._in_body = False
        super().on_message_complete()
        cycle = self.cycle
        if cycle is not None and not cycle.more_body:  # uvicorn took the body as whole (not an upgrade)
            extensions = cycle.scope.get("extensions")
            if extensions is not None:
                extensions[BODY_COMPLETE] = {}

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """The worker is stopping. uvicorn closes a connection with no request in progress at once, but one just
        accepted may have its request on the way, and a keep-alive one may be in reuse this instant: closed, the
        client gets no answer at all, a reset it cannot tell from a call lost midway. Such a connection gets
        ``SHUTDOWN_GRACE_SECONDS`` for one more request, answered with ``Connection: close``."""
        self._stopping = True
        if self.cycle is None or self.cycle.response_complete:
            self.loop.call_later(SHUTDOWN_GRACE_SECONDS, self._close_if_idle)
        else:
            self.cycle.keep_alive = False

    def _close_if_idle(self) -> None:
        if (self.cycle is None or self.cycle.response_complete) and not self._partial:
            self.transport.close()
        elif self.cycle is not None:
            self.cycle.keep_alive = False  # closes once its answer is sent

    def _waiting_for_headers(self) -> bool:
        """No request in progress: the bytes arriving now are a request line or headers."""
        return (self.cycle is None or self.cycle.response_complete) and not self.pipeline and not self._in_body

    def _arm(self) -> None:
        self._header_bytes = 0
        self._partial = False
        self._deadline = self.loop.call_later(_limits()[0], self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self._waiting_for_headers():
            self._give_up(b"408 Request Timeout", "no complete request headers in time")

    def send_400_response(self, msg: str) -> None:
        """httptools could not read the request (uvicorn's ``msg`` is its own plain-text words): a JSON 400."""
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(_UNREADABLE_ANSWER)
            self.transport.close()

    def _give_up(self, status: bytes, why: str) -> None:
        self._disarm()
        if self.transport.is_closing():
            return
        log.debug("closing connection from %s: %s", self.client, why)
        if self._header_bytes or self._partial:  # a client that started a request is told why; a silent one is not
            self.transport.write(_answer(status))
        self.transport.close()
