"""The scale-out backing services, for tests that run against both implementations of a protocol."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest
from redis.asyncio import Redis

REDIS_URL = os.environ.get("SWITCHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")


async def redis_or_fail() -> Redis:
    client: Redis = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        # Fails, never skips: a test that cannot run must say so (set SWITCHBOARD_TEST_REDIS_URL).
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return client


def scale_env(data_dir: Path, upstreams: dict[str, str], database: str, redis_url: str, **extra: str) -> dict[str, str]:
    """A scale-out server's environment: ``database``, and Redis under a key prefix of its own."""
    from tests.harness import server_env

    return server_env(
        data_dir,
        upstreams,
        SWITCHBOARD_DATABASE_URL=database,
        SWITCHBOARD_REDIS_URL=redis_url,
        SWITCHBOARD_REDIS_PREFIX=unique_prefix(),
        **extra,
    )


def unique_prefix() -> str:
    """A key prefix of its own, so test runs sharing a Redis never see each other's keys."""
    return f"sbtest:{uuid.uuid4().hex[:12]}:"


@contextmanager
def postgres_database(prefix: str = "sbtest") -> Iterator[str]:
    """A database of its own on the local PostgreSQL (SQLAlchemy URL), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_URL.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))
