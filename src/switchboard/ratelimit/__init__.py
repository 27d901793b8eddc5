"""Rate limiting: a protocol, the in-process default and (for scale-out) Redis."""

from switchboard.ratelimit.base import Limit, Permit, RateLimiter
from switchboard.ratelimit.factory import create_rate_limiter
from switchboard.ratelimit.memory import InMemoryRateLimiter
from switchboard.ratelimit.redis import RedisRateLimiter

__all__ = ["InMemoryRateLimiter", "Limit", "Permit", "RateLimiter", "RedisRateLimiter", "create_rate_limiter"]
