"""The rate limiter protocol: wait for a slot under every limit, or give up with RateLimited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Limit:
    """``limit`` units per ``per`` seconds in a sliding window, or per UTC day; this request
    takes ``cost`` units of it."""

    key: str
    limit: int
    per: float
    window: str = "sliding"
    cost: int = 1
    # Background work (a sync): its waits never hold up live calls queued for the same windows.
    background: bool = False


# A granted slot counts while its request is in flight, past its window if need be (the provider
# counts a request when it arrives); one held this long was never released (a worker died) and frees.
IN_FLIGHT_HOLD_SECONDS = 120.0


class Permit(Protocol):
    """A granted slot. ``release()`` after the response arrives moves the slot's time to then.

    Counting from the response, not the send, is what keeps a sliding window honest at the
    provider: the provider saw the request no later than we saw its answer. Until then the slot
    counts, for ``IN_FLIGHT_HOLD_SECONDS`` at most.
    """

    async def release(self) -> None: ...


class RateLimiter(Protocol):
    """Grants slots under several limits at once, waiting up to ``max_wait`` seconds."""

    async def acquire(self, limits: list[Limit], max_wait: float) -> Permit:
        """Wait until each limit's cost fits under it and take them all; else ``RateLimited``."""
        ...

    async def close(self) -> None: ...
