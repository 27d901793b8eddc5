"""The seam between Switchboard and the network: anything that sends an ``OutboundRequest``."""

from __future__ import annotations

from typing import Protocol

from switchboard.http.request import OutboundRequest
from switchboard.http.response import Budget, UpstreamResponse


class AsyncTransport(Protocol):
    """Sends one request and reads its answer within ``budget``.

    Network faults are raised as ``UpstreamUnavailable`` (worth retrying) or
    ``UpstreamProtocolError`` (not); any HTTP status is an answer, not an error.
    The product uses ``AiohttpTransport``; unit tests pass an in-memory one.
    """

    async def send(self, request: OutboundRequest, budget: Budget) -> UpstreamResponse: ...

    async def close(self) -> None: ...
