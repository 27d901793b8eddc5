"""Rate limiting: a protocol, the in-process default and (for scale-out) Redis."""

from typing import TYPE_CHECKING

from switchboard.ratelimit.base import Limit, Permit, RateLimiter
from switchboard.ratelimit.factory import create_rate_limiter
from switchboard.ratelimit.memory import InMemoryRateLimiter
from switchboard.ratelimit.scope import LimitScope, background_limits, limits_for, request_cost

if TYPE_CHECKING:
    from switchboard.ratelimit.redis import RedisRateLimiter


def __getattr__(name: str) -> object:
    # Redis is the scale-out extra: imported only when asked for, so the embedded default runs without it.
    if name == "RedisRateLimiter":
        from switchboard.ratelimit.redis import RedisRateLimiter

        return RedisRateLimiter
    raise AttributeError(name)


__all__ = [
    "InMemoryRateLimiter",
    "Limit",
    "LimitScope",
    "Permit",
    "RateLimiter",
    "RedisRateLimiter",
    "background_limits",
    "create_rate_limiter",
    "limits_for",
    "request_cost",
]
