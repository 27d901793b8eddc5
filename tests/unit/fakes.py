"""In-memory stand-ins for the network and the clock, shared by the unit tests (never used by src)."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import orjson
from multidict import CIMultiDict, CIMultiDictProxy

from switchboard.http import Budget, OutboundRequest, UpstreamResponse

# What the transport does for one request: answer, raise, or compute the answer from the request.
Step = UpstreamResponse | Exception | Callable[[OutboundRequest], UpstreamResponse]


def answer(
    status: int = 200, body: bytes | dict[str, Any] = b"", headers: dict[str, str] | None = None
) -> UpstreamResponse:
    """An ``UpstreamResponse``; a dict body is sent as JSON."""
    fields = CIMultiDict(headers or {})
    if isinstance(body, dict):
        body = orjson.dumps(body)
        fields.setdefault("Content-Type", "application/json")
    return UpstreamResponse(status, CIMultiDictProxy(fields), body, 0.0)


class ScriptedTransport:
    """An ``AsyncTransport`` that records every request and plays its script, one step per request.

    A request beyond the script fails the test. Each send yields to the event loop first (for
    ``delay`` seconds), as a real one would, so concurrent callers interleave.
    """

    def __init__(self, *steps: Step, delay: float = 0.0) -> None:
        self.requests: list[OutboundRequest] = []
        self.closed = False
        self._steps: deque[Step] = deque(steps)
        self._delay = delay

    def add(self, *steps: Step) -> None:
        self._steps.extend(steps)

    async def send(self, request: OutboundRequest, budget: Budget) -> UpstreamResponse:
        self.requests.append(request)
        await asyncio.sleep(self._delay)
        if not self._steps:
            raise AssertionError(f"unexpected request #{len(self.requests)}: {request.method} {request.url}")
        step = self._steps.popleft()
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(request)
        return step

    async def close(self) -> None:
        self.closed = True


def form(request: OutboundRequest) -> dict[str, str]:
    """The form fields of a URL-encoded request body."""
    return dict(parse_qsl((request.body or b"").decode()))


def header(request: OutboundRequest, name: str) -> str | None:
    return next((v for k, v in request.headers if k.lower() == name.lower()), None)


class Clock:
    """A clock the test sets (``now``), for what takes ``clock=`` instead of reading the time."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
