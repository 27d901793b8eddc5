"""Choose the rate limiter: in-process by default, Redis when one is configured."""

from __future__ import annotations

from redis.asyncio import Redis

from switchboard.ratelimit.base import RateLimiter
from switchboard.ratelimit.memory import InMemoryRateLimiter
from switchboard.ratelimit.redis import RedisRateLimiter


def create_rate_limiter(redis: Redis | None, prefix: str) -> RateLimiter:
    return RedisRateLimiter(redis, prefix) if redis is not None else InMemoryRateLimiter()
