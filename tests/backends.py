"""The scale-out backing services, for tests that run against both implementations of a protocol."""

from __future__ import annotations

import os
import uuid

import pytest
from redis.asyncio import Redis

REDIS_URL = os.environ.get("SWITCHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get("SWITCHBOARD_TEST_POSTGRES_URL", "postgresql://root@127.0.0.1:5432/test")


async def redis_or_skip() -> Redis:
    client: Redis = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return client


def unique_prefix() -> str:
    """A key prefix of its own, so test runs sharing a Redis never see each other's keys."""
    return f"sbtest:{uuid.uuid4().hex[:12]}:"
