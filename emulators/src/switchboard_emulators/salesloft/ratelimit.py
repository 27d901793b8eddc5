"""Salesloft's cost-based rate limit: 600 cost per minute per team, deep pages cost more.

The window is sliding (the cost of the last 60 s), which is stricter than a fixed minute: a
client cannot spend 600 at 0:59 and 600 more at 1:00. A rejected request costs nothing.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

WINDOW_SECONDS = 60.0

# (first page, cost) bands from Salesloft's docs; pages 1-100 cost 1.
_PAGE_COSTS = ((501, 30), (251, 10), (151, 8), (101, 3))


def page_cost(page: int) -> int:
    """The cost of fetching list page ``page``."""
    for first, cost in _PAGE_COSTS:
        if page >= first:
            return cost
    return 1


@dataclass(frozen=True)
class Decision:
    allowed: bool
    cost: int
    remaining: int
    retry_after: int  # whole seconds until the request would fit; 0 when allowed


class RateLimiter:
    """A sliding-window cost budget for the emulator's single team."""

    def __init__(self, limit: int = 600, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._spent: deque[tuple[float, int]] = deque()
        self._total = 0
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._spent and self._spent[0][0] <= now - WINDOW_SECONDS:
            _, cost = self._spent.popleft()
            self._total -= cost

    def remaining(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return max(self.limit - self._total, 0)

    def consume(self, cost: int) -> Decision:
        """Spend ``cost`` if it fits in the window; otherwise say when it would."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._total + cost <= self.limit:
                self._spent.append((now, cost))
                self._total += cost
                return Decision(True, cost, self.limit - self._total, 0)
            # Walk the window oldest-first until enough cost has aged out for this request.
            needed = self._total + cost - self.limit
            freed = 0
            wait = WINDOW_SECONDS
            for stamp, spent in self._spent:
                freed += spent
                if freed >= needed:
                    wait = stamp + WINDOW_SECONDS - now
                    break
            return Decision(False, cost, max(self.limit - self._total, 0), max(1, math.ceil(wait)))

    def reset(self) -> None:
        with self._lock:
            self._spent.clear()
            self._total = 0
