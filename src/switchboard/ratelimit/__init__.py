"""Rate limiting: a protocol, the in-process default and (for scale-out) Redis."""

from switchboard.ratelimit.base import Limit, Permit, RateLimiter
from switchboard.ratelimit.memory import InMemoryRateLimiter

__all__ = ["InMemoryRateLimiter", "Limit", "Permit", "RateLimiter"]
