"""Rate limiting: a protocol, the in-process default and (for scale-out) Redis."""

from switchboard.ratelimit.base import Limit, Permit, RateLimiter
from switchboard.ratelimit.factory import create_rate_limiter
from switchboard.ratelimit.memory import InMemoryRateLimiter
from switchboard.ratelimit.redis import RedisRateLimiter
from switchboard.ratelimit.scope import LimitScope, limits_for, request_cost

__all__ = [
    "InMemoryRateLimiter",
    "Limit",
    "LimitScope",
    "Permit",
    "RateLimiter",
    "RedisRateLimiter",
    "create_rate_limiter",
    "limits_for",
    "request_cost",
]
