"""The transport's guard on hosts a connection property chose, against a real loopback socket that counts
the connections it accepts."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest

from switchboard.errors import AddressRefused
from switchboard.http import Budget, OutboundRequest
from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.http.targets import TargetPolicy

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]


@dataclass
class Upstream:
    port: int
    connections: list[str] = field(default_factory=list)


@pytest.fixture
async def upstream() -> AsyncIterator[Upstream]:
    """Answers ``200 []`` and counts every connection accepted."""
    found = Upstream(0)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        found.connections.append(str(writer.get_extra_info("peername")))
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    found.port = server.sockets[0].getsockname()[1]
    yield found
    server.close()


def _budget() -> Budget:
    return Budget(deadline=time.monotonic() + 10, max_bytes=1_000_000, seconds=10)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1", "0x7f.0.0.1"])
async def test_a_property_host_at_loopback_is_refused_before_connecting(upstream: Upstream, host: str) -> None:
    transport = AiohttpTransport(connect_timeout=5, read_timeout=5)
    request = OutboundRequest("GET", f"http://{host}:{upstream.port}/x", host_properties=("okta_domain",))
    with pytest.raises(AddressRefused) as refused:
        await transport.send(request, _budget())
    await transport.close()
    assert refused.value.status == 400 and refused.value.context == {"PropertyName": "okta_domain"}
    assert "okta_domain" in refused.value.message and "nothing was sent" in refused.value.message
    assert upstream.connections == []


async def test_an_operators_host_and_an_allowed_network_still_connect(upstream: Upstream) -> None:
    trusting = AiohttpTransport(connect_timeout=5, read_timeout=5)
    fixed = await trusting.send(OutboundRequest("GET", f"http://127.0.0.1:{upstream.port}/x"), _budget())
    await trusting.close()
    opened = AiohttpTransport(connect_timeout=5, read_timeout=5, hosts=TargetPolicy(LOOPBACK))
    chosen = OutboundRequest("GET", f"http://localhost:{upstream.port}/x", host_properties=("okta_domain",))
    allowed = await opened.send(chosen, _budget())
    await opened.close()
    assert (fixed.status, allowed.status) == (200, 200)
    assert len(upstream.connections) == 2
