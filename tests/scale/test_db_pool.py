"""How many PostgreSQL connections a server opens is the operator's to choose (SWITCHBOARD_DB_POOL_SIZE,
SWITCHBOARD_DB_MAX_OVERFLOW): every process of every host counts against the server's max_connections."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg
import httpx

from tests.backends import postgres_database, scale_env
from tests.harness import SwitchboardServer

PROCESSES = 3  # the worker, its call log writer, its events process


async def _connections(url: str, database: str) -> int:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        count: int = await connection.fetchval("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", database)
        return count - 1  # this one
    finally:
        await connection.close()


async def _read_at_once(url: str, token: str) -> list[int]:
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=40)) as client:
        answers = await asyncio.gather(
            *(client.get(f"{url}/v1.0/calls", headers={"Authorization": f"Bearer {token}"}) for _ in range(40))
        )
    return [a.status_code for a in answers]


def test_the_pool_is_the_operators_to_size(tmp_path: Path, redis_url: str) -> None:
    with postgres_database("sbpool") as database:
        env = scale_env(
            tmp_path, {}, database, redis_url, SWITCHBOARD_DB_POOL_SIZE="1", SWITCHBOARD_DB_MAX_OVERFLOW="1"
        )
        server = SwitchboardServer(tmp_path, env).start(ready_within=120)
        try:
            partner = server.new_partner("Pool")
            name = database.rsplit("/", 1)[1]
            most = 0
            for _ in range(3):
                task = asyncio.run(_read_at_once(server.url, partner.token))
                assert set(task) <= {200, 503}, task
                most = max(most, asyncio.run(_connections(database, name)))
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:  # idle again: what each process keeps
                most = max(most, asyncio.run(_connections(database, name)))
                time.sleep(0.5)
        finally:
            server.stop()
    assert 0 < most <= PROCESSES * 2
