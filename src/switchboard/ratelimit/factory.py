"""Choose the rate limiter: in-process by default, Redis when one is configured."""

from __future__ import annotations

from typing import TYPE_CHECKING

from switchboard.ratelimit.base import RateLimiter
from switchboard.ratelimit.memory import InMemoryRateLimiter

if TYPE_CHECKING:
    from redis.asyncio import Redis


def create_rate_limiter(redis: Redis | None, prefix: str) -> RateLimiter:
    if redis is None:
        return InMemoryRateLimiter()
    from switchboard.ratelimit.redis import RedisRateLimiter  # the scale-out extra

    return RedisRateLimiter(redis, prefix)
