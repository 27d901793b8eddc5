"""The one place that awaits the network: send an authorized request with aiohttp."""

from __future__ import annotations

import math
import time

import aiohttp
from aiohttp.http_exceptions import ContentLengthError

from switchboard.errors import UpstreamProtocolError, UpstreamUnavailable
from switchboard.http.request import OutboundRequest
from switchboard.http.response import Budget, UpstreamResponse


class AiohttpTransport:
    """The product's transport: one shared aiohttp session per process, keep-alive, explicit timeouts."""

    def __init__(self, *, connect_timeout: float, read_timeout: float) -> None:
        self._timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout, sock_read=read_timeout)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=512, limit_per_host=0, ttl_dns_cache=300, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, auto_decompress=True, skip_auto_headers=("User-Agent",)
            )
            # aiohttp resends an idempotent request once on a reset pooled connection, under our
            # retry policy, doubling its attempts (8 for max_retries 3): the executor alone retries.
            self._session._retry_connection = False
        return self._session

    async def send(self, request: OutboundRequest, budget: Budget) -> UpstreamResponse:
        """Send and read the answer; network faults become ``UpstreamUnavailable``."""
        started = time.monotonic()
        host = request.url.split("/")[2] if "://" in request.url else request.url
        # What the call has left is aiohttp's total for this request, the answer's read included: its own
        # timer, where asyncio.timeout asked for the running loop three times, a getpid system call each
        # (issue 24). Exact: aiohttp would round a total past 5 s up to the next second.
        timeout = aiohttp.ClientTimeout(
            total=max(budget.remaining(), 0.001),
            connect=self._connect_timeout,
            sock_read=self._read_timeout,
            ceil_threshold=math.inf,
        )
        try:
            async with self._client().request(
                request.method,
                request.url,
                params=list(request.query) or None,
                headers=request.headers,
                data=request.body,
                allow_redirects=False,
                timeout=timeout,
            ) as response:
                body = await self._read(response, budget)
                return UpstreamResponse(response.status, response.headers, body, time.monotonic() - started)
        except aiohttp.ConnectionTimeoutError:
            raise UpstreamUnavailable(
                f"{host} could not be reached in time (connect timeout {self._connect_timeout:g} s)", status=504
            ) from None
        except aiohttp.ServerTimeoutError:
            raise UpstreamUnavailable(
                f"{host} did not answer in time (read timeout {self._read_timeout:g} s)", status=504
            ) from None
        except TimeoutError:
            # The total above (wherever it ran out, connecting included): the whole call's time is spent.
            limit = f"{budget.seconds:g} s, its time limit" if budget.seconds is not None else "its time limit"
            raise UpstreamUnavailable(
                f"The call did not finish within {limit} (still waiting for {host})", status=504
            ) from None
        except aiohttp.ClientPayloadError as exc:
            if isinstance(exc.__cause__, ContentLengthError):
                # The connection dropped mid-answer: a network fault, worth retrying like a reset.
                raise UpstreamUnavailable(
                    f"{host} closed the connection before the answer was complete (truncated body)", status=502
                ) from None
            raise UpstreamProtocolError(f"{host} sent a malformed answer: {exc}", status=502) from None
        except aiohttp.ClientConnectorError as exc:
            raise UpstreamUnavailable(f"{host} could not be reached: {type(exc).__name__}", status=502) from None
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            raise UpstreamUnavailable(
                f"{host} closed the connection without answering ({type(exc).__name__})", status=502
            ) from None
        except aiohttp.ClientError as exc:
            raise UpstreamUnavailable(f"{host} could not be reached: {type(exc).__name__}", status=502) from None

    async def _read(self, response: aiohttp.ClientResponse, budget: Budget) -> bytes:
        length = response.content_length
        if length is not None and budget.used_bytes + length <= budget.max_bytes:
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
        if self._session is not None:
            await self._session.close()
            self._session = None
