"""Upstream faults that tests switch on per request: slow, hung, reset, erroring or misbehaving answers.

A test arms a fault on an emulator and clears it afterwards::

    emu.faults.arm(Fault(kind="error", status=503, path_prefix="/v2/people", times=1))
    ...
    emu.faults.clear()

``Faults.middleware`` goes right after the emulator's ``record_middleware`` (so faulted
requests are still recorded) and does nothing while no fault is armed. Kinds:

==================  ==========================================================================
``slow``            wait ``delay`` seconds, then answer normally
``hang``            never answer (until the client gives up, the fault is cleared or 10 min)
``held``            wait until the test lets it go (``release()`` or ``clear()``), then answer as the other
                    faults the request hit say, or normally: an interleaving made in order, not by sleeps
                    (``wait_held()`` tells when the request is there)
``reset``           abort the connection (TCP RST) without answering
``error``           ``status`` (500, 502, 503, ...) with a JSON body; ``Retry-After: retry_after`` if set
``rate_limited``    429 with ``Retry-After: retry_after`` (seconds, an HTTP date, or anything at all)
``malformed_json``  ``status`` (default 200) with a JSON body cut short
``truncated``       a Content-Length larger than the body sent, then the connection is closed
``html``            ``status`` (200 or 502, ...) with a ``text/html`` error page
``repeat_next``     the real page, its next-page pointer aimed at the page itself
``endless_next``    the real page, its next-page pointer always aimed at a new page
``oversized_page``  the real page, its records repeated up to ``size`` (more than asked for)
``foreign_link``    the real page, with a ``Link`` header whose ``rel="next"`` is on another host
``inflating``       ``status`` (default 200) with a gzip body (``Content-Encoding: gzip``) that inflates
                    to ``size`` bytes of JSON whitespace: a few kB on the wire, gigabytes in memory
``cookie``          the real answer, with a ``Set-Cookie`` as a load balancer or CDN in front of an
                    API sets one (AWSALB, __cf_bm): ``lb_session=sticky-N``, N counting the cookies set
==================  ==========================================================================

The three page faults need the emulator's ``Pager`` (how its pages point to the next one).
"""

from __future__ import annotations

import asyncio
import functools
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args
from urllib.parse import urlencode

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

Kind = Literal[
    "slow",
    "held",
    "hang",
    "reset",
    "error",
    "rate_limited",
    "malformed_json",
    "truncated",
    "html",
    "repeat_next",
    "endless_next",
    "oversized_page",
    "foreign_link",
    "cookie",
    "inflating",
]
KINDS: frozenset[str] = frozenset(get_args(Kind))
# Faults that answer instead of the emulator; the others delay or rewrite its real answer.
_ANSWERING = frozenset({"hang", "reset", "error", "rate_limited", "malformed_json", "truncated", "html", "inflating"})
_PAGE_FAULTS = frozenset({"repeat_next", "endless_next", "oversized_page"})
HANG_LIMIT = 600.0

# What a proxy or load balancer in front of an API sends when the API behind it is down.
_HTML = (
    "<!DOCTYPE html>\n<html><head><title>Service Temporarily Unavailable</title></head>\n"
    "<body><h1>Service Temporarily Unavailable</h1><p>The server encountered a temporary error. "
    "Please try again in 30 seconds.</p><hr><address>nginx</address></body></html>\n"
)


@dataclass
class Fault:
    """One armed fault: what happens, to which requests, how many times.

    ``times=None`` hits every matching request; ``skip`` lets that many matching requests
    through first (to fault page 3, say).
    """

    kind: Kind
    path_prefix: str = "/"
    method: str | None = None
    times: int | None = 1
    skip: int = 0
    status: int | None = None
    delay: float = 0.0
    retry_after: str | None = None
    size: int = 0
    fired: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; choose one of {', '.join(sorted(KINDS))}")

    def matches(self, request: web.Request) -> bool:
        if self.method is not None and request.method != self.method.upper():
            return False
        return request.path.startswith(self.path_prefix)


class Pager(Protocol):
    """How an emulator's list pages point to the next page, for the page faults."""

    def repeat(self, request: web.Request, page: dict[str, Any]) -> None:
        """Aim ``page``'s next pointer at ``page`` itself."""
        ...

    def advance(self, request: web.Request, page: dict[str, Any]) -> None:
        """Aim ``page``'s next pointer at a page not asked for yet."""
        ...


@dataclass(frozen=True)
class PageNumberPager:
    """Numbered pages: ``?page=N``, next page number at a dot path (``metadata.paging.next_page``)."""

    page_param: str = "page"
    next_path: str = "metadata.paging.next_page"

    def _current(self, request: web.Request) -> int:
        try:
            return int(request.query.get(self.page_param, "1"))
        except ValueError:
            return 1

    def repeat(self, request: web.Request, page: dict[str, Any]) -> None:
        _put(page, self.next_path, self._current(request))

    def advance(self, request: web.Request, page: dict[str, Any]) -> None:
        _put(page, self.next_path, self._current(request) + 1)


@dataclass(frozen=True)
class CursorLinkPager:
    """A link to the next page at a dot path (``_links.next.href``), host-relative."""

    next_path: str = "_links.next.href"
    # The endless fault tells its links apart with this extra query parameter.
    counter_param: str = "fault_page"

    def repeat(self, request: web.Request, page: dict[str, Any]) -> None:
        _put(page, self.next_path, request.path_qs)

    def advance(self, request: web.Request, page: dict[str, Any]) -> None:
        query = [(k, v) for k, v in request.query.items() if k != self.counter_param]
        try:
            count = int(request.query.get(self.counter_param, "1"))
        except ValueError:
            count = 1
        query.append((self.counter_param, str(count + 1)))
        _put(page, self.next_path, f"{request.path}?{urlencode(query)}")


class Faults:
    """The faults armed on one emulator; thread-safe (tests arm them from another thread)."""

    def __init__(self, pager: Pager | None = None) -> None:
        self.pager = pager
        self._armed: list[Fault] = []
        self._lock = threading.Lock()
        self._generation = 0  # bumped by clear(), which releases hung requests
        self._releases = 0  # bumped by release() and clear(), which let held requests go
        self._holding = 0  # requests waiting at a held fault now
        self._changed = threading.Condition(self._lock)

    def arm(self, *faults: Fault) -> None:
        """Add faults; each applies to the requests it matches until its ``times`` are used up."""
        for fault in faults:
            if fault.kind in _PAGE_FAULTS and self.pager is None:
                raise ValueError(f"{fault.kind} needs a pager; this emulator has none")
            if fault.kind == "inflating":
                _inflating(fault.size)  # compressed now (a second a GiB), not while a client's read timer runs
        with self._lock:
            self._armed.extend(faults)

    @contextmanager
    def armed(self, *faults: Fault) -> Iterator[None]:
        """The faults armed for a ``with`` block, and every fault cleared after it, whatever happens."""
        self.arm(*faults)
        try:
            yield
        finally:
            self.clear()

    def clear(self) -> None:
        """Disarm every fault and let hung and held requests go."""
        with self._lock:
            self._armed.clear()
            self._generation += 1
            self._releases += 1

    def wait_held(self, count: int = 1, timeout: float = 30.0) -> bool:
        """Whether ``count`` requests are waiting at ``held`` faults, waiting up to ``timeout`` seconds for them (from
        a thread other than the emulator's loop)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._holding >= count, timeout)

    def release(self) -> None:
        """Let the requests held so far go on; the faults stay armed (a held fault with ``times`` left holds the
        next request it matches)."""
        with self._lock:
            self._releases += 1

    def _take(self, request: web.Request) -> list[Fault]:
        """The faults this request triggers (at most one that answers), using up their counts."""
        taken: list[Fault] = []
        answering = False
        with self._lock:
            for fault in self._armed:
                if not fault.matches(request) or (answering and fault.kind in _ANSWERING):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                if fault.times is not None and fault.fired >= fault.times:
                    continue
                fault.fired += 1
                taken.append(fault)
                answering = answering or fault.kind in _ANSWERING
        return taken

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Apply the faults armed for this request; without any, the emulator answers as usual."""
        if not self._armed:
            return await handler(request)
        faults = self._take(request)
        if not faults:
            return await handler(request)
        for fault in faults:
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            elif fault.kind == "held":
                await self._held(request)
        answering = next((f for f in faults if f.kind in _ANSWERING), None)
        if answering is not None:
            return await self._answer(answering, request)
        response = await handler(request)
        for fault in faults:
            if fault.kind in _PAGE_FAULTS:
                response = self._rewrite_page(fault, request, response)
            elif fault.kind == "foreign_link":  # a next page elsewhere: a client must not take its credentials there
                response.headers["Link"] = f'<https://elsewhere.invalid{request.path_qs}>; rel="next"'
            elif fault.kind == "cookie":  # meant for this one client: a proxy must not hand it to the next
                response.set_cookie("lb_session", f"sticky-{fault.fired}", path="/", httponly=True)
        return response

    async def _answer(self, fault: Fault, request: web.Request) -> web.StreamResponse:
        if fault.kind == "hang":
            return await self._hang(request)
        if fault.kind == "reset":
            return _reset(request)
        if fault.kind == "truncated":
            return await _truncated(request, fault.status or 200)
        if fault.kind == "malformed_json":
            return web.Response(body=b'{"data": [{"id": 1, "name": "Trun', status=fault.status or 200,
                                content_type="application/json")  # fmt: skip
        if fault.kind == "inflating":
            headers = {"Content-Encoding": "gzip"}
            return web.Response(body=_inflating(fault.size), status=fault.status or 200, headers=headers,
                                content_type="application/json")  # fmt: skip
        if fault.kind == "html":
            status = fault.status or 502
            return web.Response(text=_HTML, status=status, content_type="text/html")
        status = 429 if fault.kind == "rate_limited" else (fault.status or 500)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        body = orjson.dumps({"error": f"Injected fault: {status}"})
        return web.Response(body=body, status=status, content_type="application/json", headers=headers)

    async def _held(self, request: web.Request) -> None:
        """Until ``release()`` or ``clear()`` (or the client leaves, or ``HANG_LIMIT``); polled, as ``_hang`` is."""
        with self._changed:
            releases = self._releases
            self._holding += 1
            self._changed.notify_all()
        try:
            await _until(request, lambda: releases != self._releases, every=0.01)
        finally:
            with self._changed:
                self._holding -= 1
                self._changed.notify_all()

    async def _hang(self, request: web.Request) -> web.StreamResponse:
        generation = self._generation
        await _until(request, lambda: generation != self._generation, every=0.05)
        return web.Response(status=504, text="hung request released")

    def _rewrite_page(self, fault: Fault, request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
        if not isinstance(response, web.Response) or response.status != 200 or not isinstance(response.body, bytes):
            return response
        try:
            page = orjson.loads(response.body)
        except orjson.JSONDecodeError:
            return response
        if not isinstance(page, dict):
            return response
        assert self.pager is not None  # arm() refuses page faults without one
        if fault.kind == "repeat_next":
            self.pager.repeat(request, page)
        elif fault.kind == "endless_next":
            self.pager.advance(request, page)
        else:
            _pad_records(page, fault.size)
        headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
        return web.Response(body=orjson.dumps(page), status=200, content_type="application/json", headers=headers)


@functools.cache
def _inflating(size: int) -> bytes:
    """A gzip stream of ``size`` spaces, compressed a megabyte at a time (about 1,000 to 1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    block = b" " * (1 << 20)
    parts = [packer.compress(block[: min(len(block), size - done)]) for done in range(0, size, len(block))]
    return b"".join([*parts, packer.flush()])


def _reset(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0: close() sends a TCP RST rather than a FIN, as a crashed proxy would.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return web.Response(status=502)  # never delivered: the connection is gone


async def _truncated(request: web.Request, status: int) -> web.StreamResponse:
    body = orjson.dumps({"data": [{"id": n, "name": f"Record {n}"} for n in range(50)]})
    response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
    response.content_length = len(body) * 2
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    await asyncio.sleep(0.05)  # let the half body reach the client before the connection closes
    if request.transport is not None:
        request.transport.close()
    return response


def _pad_records(page: dict[str, Any], size: int) -> None:
    """Repeat the page's records (its first list-valued key) until it holds ``size`` of them."""
    records = next((value for value in page.values() if isinstance(value, list)), None)
    if not records:
        return
    original = list(records)
    while len(records) < size:
        records.extend(original[: size - len(records)])


def _put(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = document
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


async def _until(request: web.Request, released: Callable[[], bool], *, every: float) -> None:
    """Until ``released()``, the client leaves, or ``HANG_LIMIT``. Polled rather than slept for good: the handler
    outlives its client in aiohttp, and a sleeping handler would hold up the emulator's shutdown."""
    deadline = time.monotonic() + HANG_LIMIT
    while time.monotonic() < deadline and not released():
        transport = request.transport
        if transport is None or transport.is_closing():
            return
        await asyncio.sleep(every)
