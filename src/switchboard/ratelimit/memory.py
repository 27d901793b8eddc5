"""The embedded rate limiter: sliding-window logs in this process."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

from switchboard.errors import RateLimited
from switchboard.ratelimit.base import IN_FLIGHT_HOLD_SECONDS, Limit

# How often a caller looks again when only in-flight slots past their time hold the window full.
OVERDUE_POLL_SECONDS = 0.02


@dataclass
class _Window:
    """A window's log as two deques of plain numbers, oldest first, with no object per entry.

    A busy window holds a minute of calls (150,000 at 2,500 calls/s): as one small list each,
    they were that many objects for the garbage collector to walk at every full collection
    (30 ms a pass). Floats and ints in a deque are not tracked. Entry ``seq`` (a permit's) sits at
    ``seq - popped``.

    A slot whose request is still in flight when its time leaves the window stays counted (in
    ``overdue``) until its answer arrives: the provider counted it when the request reached it,
    which may be later than the slot's time, so freeing it then could let one request too many in.
    """

    limit: Limit
    stamps: deque[float] = field(default_factory=deque)
    costs: deque[int] = field(default_factory=deque)
    popped: int = 0  # entries expired so far
    used: int = 0
    day: int = -1
    open: set[int] = field(default_factory=set)  # permits not yet released
    overdue: dict[int, tuple[int, float]] = field(default_factory=dict)  # seq -> (cost, slot time)

    def expire(self, now: float) -> None:
        if self.limit.window == "utc_day":
            today = int(now // 86_400)
            if today != self.day:
                self.day, self.used = today, 0
                self.popped += len(self.stamps)
                self.stamps.clear()
                self.costs.clear()
            return
        horizon = now - self.limit.per
        stamps = self.stamps
        while stamps and stamps[0] <= horizon:
            stamp = stamps.popleft()
            cost = self.costs.popleft()
            if self.popped in self.open:
                self.overdue[self.popped] = (cost, stamp)
            else:
                self.used -= cost
            self.popped += 1
        if self.overdue:
            self._drop_abandoned(horizon - IN_FLIGHT_HOLD_SECONDS)

    def _drop_abandoned(self, before: float) -> None:
        """Frees overdue slots far past any call's time bound: a permit that was never released."""
        for seq, (cost, stamp) in list(self.overdue.items()):
            if stamp <= before:
                del self.overdue[seq]
                self.open.discard(seq)
                self.used -= cost

    def add(self, now: float, cost: int, *, in_flight: bool = True) -> int:
        """Log ``cost`` at ``now``; the entry's sequence number."""
        self.stamps.append(now)
        self.costs.append(cost)
        self.used += cost
        seq = self.popped + len(self.stamps) - 1
        if in_flight and self.limit.window != "utc_day":
            self.open.add(seq)
        return seq

    def release(self, seq: int, now: float) -> None:
        """The answer to ``seq``'s request arrived at ``now``: its slot counts from then."""
        self.open.discard(seq)
        overdue = self.overdue.pop(seq, None)
        if overdue is not None:  # its time had left the window while in flight: log it again at now
            self.used -= overdue[0]
            self.add(now, overdue[0], in_flight=False)
            return
        index = seq - self.popped
        if index >= 0:  # still in the window (a deque indexes from its nearer end: these are recent)
            stamps = self.stamps
            if stamps[index] < now:
                stamps[index] = now

    def wait_for(self, cost: int, now: float) -> float:
        """Seconds until ``cost`` fits (0 if it fits now); inf if it can never fit."""
        if cost > self.limit.limit:
            return float("inf")
        if self.used + cost <= self.limit.limit:
            return 0.0
        if self.limit.window == "utc_day":
            return (self.day + 1) * 86_400 - now
        excess = self.used + cost - self.limit.limit
        for stamp, entry_cost in zip(self.stamps, self.costs, strict=True):
            excess -= entry_cost
            if excess <= 0:
                return max(stamp + self.limit.per - now, 0.001)
        return OVERDUE_POLL_SECONDS  # only slots still in flight would free it: look again soon


class _MemoryPermit:
    def __init__(self, entries: list[tuple[_Window, int]]) -> None:
        self._entries = entries

    async def release(self) -> None:
        now = time.time()
        for window, seq in self._entries:
            window.release(seq, now)


# How often background work looks again while live callers wait for one of its windows.
YIELD_SECONDS = 0.02


class InMemoryRateLimiter:
    """Sliding-window logs per key; waiters are served in arrival order (one lock per key set).

    Live callers come first: while one waits for (or queues on) a window, background work (a
    sync) takes no slot of it, so it never pushes a live call back by more than the slot it
    already holds.
    """

    def __init__(self) -> None:
        self._windows: dict[str, _Window] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._live_waiting: dict[str, int] = {}
        self._queued: dict[str, int] = {}  # live callers past the fast path, per key set: the lock's queue

    async def acquire(self, limits: list[Limit], max_wait: float) -> _MemoryPermit:
        if not limits:
            return _MemoryPermit([])
        if any(limit.background for limit in limits):
            return await self._take(limits, max_wait, background=True)
        # The common case, with no await: nobody queued for these windows and a slot free in each.
        # One queued caller sends every later one to the queue behind it, so arrival order holds.
        lock_key = _lock_key(limits)
        if not self._queued.get(lock_key):
            now = time.time()
            pairs = [(self._window(limit), limit.cost) for limit in limits]
            if all(_fits(window, cost, now) for window, cost in pairs):
                return _MemoryPermit([(window, window.add(now, cost)) for window, cost in pairs])
        keys = [limit.key for limit in limits]
        for key in keys:
            self._live_waiting[key] = self._live_waiting.get(key, 0) + 1
        self._queued[lock_key] = self._queued.get(lock_key, 0) + 1
        try:
            return await self._take(limits, max_wait, background=False)
        finally:
            if left := self._queued[lock_key] - 1:
                self._queued[lock_key] = left
            else:
                del self._queued[lock_key]
            for key in keys:
                left = self._live_waiting[key] - 1
                if left:
                    self._live_waiting[key] = left
                else:
                    del self._live_waiting[key]

    async def _take(self, limits: list[Limit], max_wait: float, *, background: bool) -> _MemoryPermit:
        deadline = time.monotonic() + max_wait
        lock_key = _lock_key(limits)
        if background:
            # A queue of its own: a sync sleeping for its share must not hold live callers behind it
            # (both check and take a slot with no await in between, so sharing the windows is safe).
            lock_key += "|background"
        lock = self._locks.get(lock_key)
        if lock is None:  # not setdefault: that would make a Lock on every call
            lock = self._locks[lock_key] = asyncio.Lock()
        async with lock:
            while True:
                now = time.time()
                pairs = [(self._window(limit), limit.cost) for limit in limits]
                for window, _ in pairs:
                    window.expire(now)
                wait = max(window.wait_for(cost, now) for window, cost in pairs)
                if background and any(limit.key in self._live_waiting for limit in limits):
                    wait = max(wait, YIELD_SECONDS)  # a live caller wants this window: it goes first
                if wait <= 0:
                    return _MemoryPermit([(window, window.add(now, cost)) for window, cost in pairs])
                remaining = deadline - time.monotonic()
                if wait > remaining:
                    raise RateLimited(
                        f"Rate limit {_names(limits)} has no free slot within {max_wait:g} s",
                        retry_after=wait,
                    )
                await asyncio.sleep(wait)

    async def close(self) -> None:
        self._windows.clear()

    def _window(self, limit: Limit) -> _Window:
        window = self._windows.get(limit.key)
        if window is None or window.limit.per != limit.per:
            window = self._windows[limit.key] = _Window(limit)
        elif window.limit is not limit and window.limit != limit:  # the same object: the common case
            window.limit = limit  # a smaller share of one window (background work) counts in the same log
        return window


def _lock_key(limits: list[Limit]) -> str:
    return limits[0].key if len(limits) == 1 else "|".join(sorted(limit.key for limit in limits))


def _fits(window: _Window, cost: int, now: float) -> bool:
    window.expire(now)
    return window.wait_for(cost, now) <= 0


def _names(limits: list[Limit]) -> str:
    return ", ".join(limit.key for limit in limits)
