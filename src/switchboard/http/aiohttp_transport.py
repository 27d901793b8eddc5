"""The one place that awaits the network: send an authorized request with aiohttp.

A request whose host a connection property filled (``OutboundRequest.host_properties``) goes through a
session of its own whose resolver keeps only the addresses the ``TargetPolicy`` allows; an address
written as the host itself, which aiohttp never resolves, is checked before anything is sent.
"""

from __future__ import annotations

import math
import time
from importlib import metadata
from typing import Any

import aiohttp
from aiohttp import hdrs
from aiohttp.http_exceptions import ContentLengthError

from switchboard.errors import SwitchboardError, UpstreamProtocolError, UpstreamUnavailable
from switchboard.http.request import OutboundRequest
from switchboard.http.response import Budget, UpstreamResponse
from switchboard.http.targets import GuardedResolver, TargetPolicy, TargetRefused, connect_host, property_refused

# Every request names its client: GitHub refuses one without a User-Agent, and a provider's support can tell
# Switchboard's traffic apart. A connector's or a method's own User-Agent header replaces it.
USER_AGENT = f"Switchboard/{metadata.version('switchboard')}"
# Content-Type is never aiohttp's to add: every body goes with the type the request names, and a request without
# one has none (aiohttp would send application/octet-stream with a bodiless POST, PUT or PATCH, which an API that
# checks the type, as PagerDuty's spec asks, refuses). Only those requests name the skip: a skip list makes aiohttp
# copy the request's headers once more (5 us a call, issue 24), which a bodiless GET or DELETE need not pay.
_OWN_CONTENT_TYPE = (hdrs.CONTENT_TYPE,)
_TYPED_METHODS = frozenset(aiohttp.ClientRequest.POST_METHODS)


def shared_session(connector: aiohttp.BaseConnector, **options: Any) -> aiohttp.ClientSession:
    """A session whose pool serves every tenant, so it keeps no cookies: one a third party or a receiver set in
    answer to one customer's request (a sticky session, a CDN's, a session an API opens) would go with the next
    request to that host, whoever made it. Credentials travel in each request, never in cookies."""
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(), **options)


class AiohttpTransport:
    """The product's transport: one shared aiohttp session per process, keep-alive, explicit timeouts."""

    def __init__(self, *, connect_timeout: float, read_timeout: float, hosts: TargetPolicy | None = None) -> None:
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._hosts = hosts or TargetPolicy()  # where requests to property-chosen hosts may go
        self._session: aiohttp.ClientSession | None = None
        self._guarded: aiohttp.ClientSession | None = None

    def _client(self, guarded: bool) -> aiohttp.ClientSession:
        session = self._guarded if guarded else self._session
        if session is None or session.closed:
            # Guarded: a pool apart, so no connection opened for a trusted host serves a property's host.
            resolver = GuardedResolver(self._hosts) if guarded else None
            connector = aiohttp.TCPConnector(
                limit=512, limit_per_host=0, ttl_dns_cache=300, keepalive_timeout=30, resolver=resolver
            )
            session = shared_session(connector, auto_decompress=True, headers={hdrs.USER_AGENT: USER_AGENT})
            # aiohttp resends an idempotent request once on a reset pooled connection, under our
            # retry policy, doubling its attempts (8 for max_retries 3): the executor alone retries.
            session._retry_connection = False
            if guarded:
                self._guarded = session
            else:
                self._session = session
        return session

    async def send(self, request: OutboundRequest, budget: Budget) -> UpstreamResponse:
        """Send and read the answer; network faults become ``UpstreamUnavailable``, a property's host that
        is closed to requests ``AddressRefused``."""
        started = time.monotonic()
        guarded = bool(request.host_properties)
        # The host as aiohttp reads it: an address there is connected to without a resolver, so checked here.
        if guarded and self._hosts.host_refused(connect_host(request.url)):
            raise property_refused(request.host_properties, self._hosts.why)
        # Every request gives all its limits (the sessions' default is never used). What the call has left is
        # aiohttp's total for this request, the answer's read included: its own timer, where asyncio.timeout
        # asked for the running loop three times, a getpid system call each (issue 24). Exact: aiohttp would
        # round a total past 5 s up to the next second.
        timeout = aiohttp.ClientTimeout(
            total=max(budget.remaining(), 0.001),
            connect=self._connect_timeout,
            sock_read=self._read_timeout,
            ceil_threshold=math.inf,
        )
        try:
            async with self._client(guarded).request(
                request.method,
                request.url,
                params=list(request.query) or None,
                headers=request.headers,
                data=request.body,
                skip_auto_headers=(
                    _OWN_CONTENT_TYPE if request.body is not None or request.method in _TYPED_METHODS else None
                ),
                allow_redirects=False,
                timeout=timeout,
            ) as response:
                body = await self._read(response, budget)
                return UpstreamResponse(response.status, response.headers, body, time.monotonic() - started)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise self._fault(exc, request, budget) from None

    def _fault(self, exc: BaseException, request: OutboundRequest, budget: Budget) -> SwitchboardError:
        """What a network fault tells the caller, naming the host (worked out here, not on every call)."""
        host = request.url.split("/")[2] if "://" in request.url else request.url
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            seconds = self._connect_timeout
            return UpstreamUnavailable(
                f"{host} could not be reached in time (connect timeout {seconds:g} s)", status=504
            )
        if isinstance(exc, aiohttp.ServerTimeoutError):
            seconds = self._read_timeout
            return UpstreamUnavailable(f"{host} did not answer in time (read timeout {seconds:g} s)", status=504)
        if isinstance(exc, TimeoutError):
            # The total (wherever it ran out, connecting included): the whole call's time is spent.
            limit = f"{budget.seconds:g} s, its time limit" if budget.seconds is not None else "its time limit"
            return UpstreamUnavailable(f"The call did not finish within {limit} (still waiting for {host})", status=504)
        if isinstance(exc, aiohttp.ClientPayloadError):
            if isinstance(exc.__cause__, ContentLengthError):
                # The connection dropped mid-answer: a network fault, worth retrying like a reset.
                return UpstreamUnavailable(
                    f"{host} closed the connection before the answer was complete (truncated body)", status=502
                )
            return UpstreamProtocolError(f"{host} sent a malformed answer: {exc}", status=502)
        if isinstance(exc, aiohttp.ClientConnectorError):
            if isinstance(exc.__cause__, TargetRefused):  # the guarded resolver left no address
                return property_refused(request.host_properties, self._hosts.why)
            return UpstreamUnavailable(f"{host} could not be reached: {type(exc).__name__}", status=502)
        if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientOSError):
            return UpstreamUnavailable(
                f"{host} closed the connection without answering ({type(exc).__name__})", status=502
            )
        return UpstreamUnavailable(f"{host} could not be reached: {type(exc).__name__}", status=502)

    async def _read(self, response: aiohttp.ClientResponse, budget: Budget) -> bytes:
        length = response.content_length
        # Content-Length counts the bytes on the wire: a compressed answer may inflate far past it (a 1 MB
        # gzip answer to 1 GiB), so only an uncompressed one is read whole; the rest is counted as it inflates.
        plain = response.headers.get(hdrs.CONTENT_ENCODING, "identity").lower() == "identity"
        if plain and length is not None and budget.used_bytes + length <= budget.max_bytes:
            body = await response.read()  # the common case: one read, size known and within budget
            budget.used_bytes += len(body)
            return body
        chunks: list[bytes] = []
        async for chunk in response.content.iter_chunked(65_536):
            budget.used_bytes += len(chunk)
            if budget.used_bytes > budget.max_bytes:
                raise UpstreamProtocolError(
                    f"The answer exceeds the limit of {budget.max_bytes} bytes per call", status=502
                )
            chunks.append(chunk)
        return b"".join(chunks)

    async def close(self) -> None:
        for session in (self._session, self._guarded):
            if session is not None:
                await session.close()
        self._session = self._guarded = None
