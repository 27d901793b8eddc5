"""Failed sign-ins per client address and per Client ID from that address, in a sliding window (in-process).

Partner client secrets are long and random, so guessing one is hopeless; the throttle keeps a
flood of wrong secrets (the console's sign-in, ``POST /oauth/token``) from costing the server a
hash per attempt without end and from being free to try. Each worker counts its own attempts: a
deployment of N workers allows N times the limit, still a bound.

A Client ID is counted per address, not across addresses: it is no secret (every token answer and
the console show it), so a count of its own would let anyone who knows it lock its partner out of
new tokens with a few wrong secrets every window. Each address still has its own overall bound.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from switchboard.errors import RateLimited

MAX_KEYS = 100_000  # beyond this many addresses and ids at once, the oldest windows are dropped
MAX_KEY_CHARS = 200  # a Client ID longer than any real one is counted by its first characters


@dataclass(frozen=True, slots=True)
class SignInLimits:
    """How many failures each address, and each Client ID from one address, may have within ``window`` seconds."""

    per_address: int = 20
    per_client: int = 10
    window: float = 300.0


class SignInThrottle:
    """Counts failures per key; a key at its limit waits until its oldest failure leaves the window."""

    def __init__(self, limits: SignInLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def check(self, address: str, client_id: str) -> None:
        """``RateLimited`` (429, with the wait) while the address, or the Client ID from it, is at its limit."""
        wait = max(
            self._wait(_key("address", address), self.limits.per_address),
            self._wait(_client_key(address, client_id), self.limits.per_client),
        )
        if wait > 0:
            raise RateLimited(
                f"Too many wrong Client ID and Client Secret pairs from this address; "
                f"try again in {max(1, round(wait))} s",
                retry_after=wait,
            )

    def failed(self, address: str, client_id: str) -> None:
        now = self._clock()
        for key, limit in (
            (_key("address", address), self.limits.per_address),
            (_client_key(address, client_id), self.limits.per_client),
        ):
            found = self._failures.get(key)
            if found is None:
                if len(self._failures) >= MAX_KEYS:
                    self._drop_oldest(now)
                found = self._failures[key] = deque(maxlen=max(1, limit))
            found.append(now)

    def _wait(self, key: str, limit: int) -> float:
        found = self._failures.get(key)
        if not found:
            return 0.0
        now = self._clock()
        while found and found[0] <= now - self.limits.window:
            found.popleft()
        if not found:
            del self._failures[key]
            return 0.0
        return found[0] + self.limits.window - now if len(found) >= limit else 0.0

    def _drop_oldest(self, now: float) -> None:
        expired = [k for k, q in self._failures.items() if not q or q[-1] <= now - self.limits.window]
        for key in expired or _first_half(self._failures):
            del self._failures[key]


def _key(kind: str, value: str) -> str:
    return f"{kind}:{value.strip()[:MAX_KEY_CHARS]}"


def _client_key(address: str, client_id: str) -> str:
    return f"client:{address.strip()[:MAX_KEY_CHARS]}:{client_id.strip()[:MAX_KEY_CHARS]}"


def _first_half(keys: Iterable[str]) -> list[str]:
    listed = list(keys)
    return listed[: len(listed) // 2]
