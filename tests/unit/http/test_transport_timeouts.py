"""The transport's three time limits, each against a real socket that makes it run out, and what each says."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from switchboard.errors import UpstreamUnavailable
from switchboard.http import Budget, OutboundRequest
from switchboard.http.aiohttp_transport import AiohttpTransport


def budget(seconds: float) -> Budget:
    return Budget(deadline=time.monotonic() + seconds, max_bytes=1_000_000, seconds=seconds)


def get(url: str) -> OutboundRequest:
    return OutboundRequest(method="GET", url=url)


@pytest.fixture
async def silent() -> AsyncIterator[str]:
    """A server that reads the request and never answers."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        await asyncio.sleep(30)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/v2/people"
    server.close()


@pytest.fixture
def unaccepting() -> Iterator[str]:
    """A listening socket whose accept queue is full: a new connection's handshake never completes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):  # the queue takes backlog + 1; the rest wait for a SYN-ACK that is not sent
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/v2/people"
    for filler in fillers:
        filler.close()
    listener.close()


async def failure(transport: AiohttpTransport, url: str, seconds: float) -> tuple[UpstreamUnavailable, float]:
    started = time.monotonic()
    try:
        with pytest.raises(UpstreamUnavailable) as raised:
            await transport.send(get(url), budget(seconds))
    finally:
        await transport.close()
    return raised.value, time.monotonic() - started


async def test_a_call_out_of_time_says_the_calls_limit(silent: str) -> None:
    error, took = await failure(AiohttpTransport(connect_timeout=5, read_timeout=30), silent, 0.5)
    assert error.status == 504
    host = silent.split("/")[2]
    assert error.message == f"The call did not finish within 0.5 s, its time limit (still waiting for {host})"
    assert 0.45 <= took < 5


async def test_a_silent_upstream_within_the_calls_time_says_the_read_timeout(silent: str) -> None:
    error, took = await failure(AiohttpTransport(connect_timeout=5, read_timeout=0.5), silent, 30)
    assert error.status == 504
    assert error.message.endswith("did not answer in time (read timeout 0.5 s)")
    assert 0.45 <= took < 5


async def test_an_unreachable_upstream_says_the_connect_timeout(unaccepting: str) -> None:
    error, took = await failure(AiohttpTransport(connect_timeout=0.5, read_timeout=30), unaccepting, 30)
    assert error.status == 504
    assert error.message.endswith("could not be reached in time (connect timeout 0.5 s)")
    assert 0.45 <= took < 5


async def test_the_calls_time_running_out_while_connecting_says_the_calls_limit(unaccepting: str) -> None:
    """The shorter limit is named: the call's, not the connect timeout it cut short."""
    error, took = await failure(AiohttpTransport(connect_timeout=5, read_timeout=30), unaccepting, 0.5)
    assert error.message.startswith("The call did not finish within 0.5 s, its time limit")
    assert 0.45 <= took < 4
