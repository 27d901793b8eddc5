"""The lowest layer: outbound requests and answers as values, and the transport that sends them.

The transport itself, ``aiohttp_transport.AiohttpTransport``, is imported from its module: here it would
load aiohttp into every process that only reads requests and answers as values (the call log writer).
"""

from switchboard.http.request import IDEMPOTENT_VERBS, OutboundRequest
from switchboard.http.response import Budget, UpstreamResponse
from switchboard.http.transport import AsyncTransport

__all__ = ["IDEMPOTENT_VERBS", "AsyncTransport", "Budget", "OutboundRequest", "UpstreamResponse"]
