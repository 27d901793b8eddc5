"""The lowest layer: outbound requests and answers as values, and the transport that sends them."""

from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.http.request import IDEMPOTENT_VERBS, OutboundRequest
from switchboard.http.response import Budget, UpstreamResponse
from switchboard.http.transport import AsyncTransport

__all__ = ["IDEMPOTENT_VERBS", "AiohttpTransport", "AsyncTransport", "Budget", "OutboundRequest", "UpstreamResponse"]
