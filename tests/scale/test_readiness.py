"""``GET /health/ready``, what a load balancer polls: 200 naming what it checked while PostgreSQL and Redis answer,
503 with Retry-After naming the one that does not (never its URL), within a bound even when it hangs. Each service
is reached through a proxy the test cuts, holds and mends (the services themselves are shared)."""

from __future__ import annotations

import asyncio
import time

import httpx
import redis

from tests.harness import SwitchboardServer
from tests.scale.proxied import proxies, server
from tests.tcp_proxy import TcpProxy

__all__ = ["proxies", "server"]  # the fixtures, used by name


def _ready(server: SwitchboardServer) -> httpx.Response:
    return httpx.get(f"{server.url}/health/ready", timeout=10)


def _until_ready(server: SwitchboardServer, within: float = 30) -> httpx.Response:
    deadline = time.monotonic() + within
    while (answer := _ready(server)).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    return answer


def _not_ready(answer: httpx.Response, proxy: TcpProxy) -> dict[str, object]:
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "1"
    # Which part, never where it is or who logs in: no host, port, scheme or user.
    for leak in ("127.0.0.1", str(proxy.port), "redis://", "postgresql", "root"):
        assert leak not in answer.text
    body: dict[str, object] = answer.json()
    assert body["Status"] == "unavailable"
    return body


def test_ready_names_what_it_checked(server: SwitchboardServer) -> None:
    answer = _ready(server)
    assert answer.status_code == 200, answer.text
    assert answer.json()["Status"] == "ready"
    assert answer.json()["Checked"] == {"Database": "ok", "Redis": "ok"}


def test_requests_arriving_together_share_one_check(server: SwitchboardServer, redis_url: str) -> None:
    """The route takes no token: a burst of polls must not be a burst of queries and PINGs (one each before)."""
    pings = redis.Redis.from_url(redis_url)
    before = _pings(pings)

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=BURST), timeout=10) as client:
            return await asyncio.gather(*(client.get(f"{server.url}/health/ready") for _ in range(BURST)))

    answers = asyncio.run(burst())
    assert [a.status_code for a in answers] == [200] * BURST
    sent = _pings(pings) - before
    assert 1 <= sent <= BURST // 2, f"{sent} PINGs for {BURST} polls arriving together"


BURST = 40


def _pings(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return int(stats.get("cmdstat_ping", {}).get("calls", 0))


def test_redis_away_is_503_naming_redis(server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy]) -> None:
    _, cache = proxies
    cache.cut()
    try:
        body = _not_ready(_ready(server), cache)
        assert httpx.get(f"{server.url}/health").status_code == 200  # alive all the same: not a restart
    finally:
        cache.mend()
    assert body["Checked"] == {"Database": "ok", "Redis": "unreachable"}
    assert body["Message"] == "Redis cannot be reached just now"
    assert _until_ready(server).status_code == 200


def test_postgres_away_is_503_naming_the_database(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy]
) -> None:
    database, _ = proxies
    assert _ready(server).status_code == 200  # a pooled connection, open through the proxy, is what gets cut
    database.cut()
    try:
        body = _not_ready(_ready(server), database)
    finally:
        database.mend()
    assert body["Checked"] == {"Database": "unreachable", "Redis": "ok"}
    assert body["Message"] == "The database cannot be reached just now"
    assert _until_ready(server).status_code == 200


def test_a_hung_dependency_is_503_within_the_bound(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy]
) -> None:
    """Redis taking connections and never answering: readiness answers in about CHECK_SECONDS (1.5 s), not when
    the load balancer's own check gives up."""
    _, cache = proxies
    cache.cut()
    cache.mend(hold=True)
    try:
        # The pooled connection was cut: found closed at once. The next check connects to the silent Redis.
        _not_ready(_ready(server), cache)
        started = time.monotonic()
        answer = _ready(server)
        took = time.monotonic() - started
    finally:
        cache.cut()
        cache.mend()
    body = _not_ready(answer, cache)
    assert body["Checked"] == {"Database": "ok", "Redis": "timeout"}
    assert 1.4 < took < 3.0
    assert _until_ready(server).status_code == 200
