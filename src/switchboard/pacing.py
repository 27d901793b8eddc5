"""Requests first on the serving loop: background rounds give way while requests keep arriving.

Forwarding provider events and delivering webhooks run on the loop that answers requests. At a high
rate their work and the requests' together can need more than the one core the loop has, and then
everything queues, acknowledgements included. A ``Pacer`` keeps the background's share of the loop
to ``share`` while requests arrive (each round is followed by a pause in proportion to it), and gives it
all of the loop when none have for ``quiet`` seconds: a backlog built up in a burst drains after it,
in order, and nothing is dropped.
"""

from __future__ import annotations

import asyncio
import time


class Pacer:
    """One per process, shared by the request paths (``arrived``) and the background rounds (``pace``)."""

    def __init__(self, *, share: float = 0.5, quiet: float = 0.25, max_pause: float = 1.0) -> None:
        if not 0 < share <= 1:
            raise ValueError("share must be in (0, 1]")
        self._ratio = (1 - share) / share
        self._quiet = quiet
        self._max_pause = max_pause
        self._last = float("-inf")  # monotonic time of the last request
        self.paused = 0.0  # seconds paused in all, for the figures

    def arrived(self) -> None:
        """A request came in (cheap: called on the request path)."""
        self._last = time.monotonic()

    def busy(self) -> bool:
        """Whether requests came in within the last ``quiet`` seconds."""
        return time.monotonic() - self._last < self._quiet

    async def pace(self, started: float) -> None:
        """After a background round that began at ``started`` (monotonic): pause in proportion to it
        while requests arrive, at most ``max_pause``; return at once when none do."""
        if not self.busy():
            return
        pause = min((time.monotonic() - started) * self._ratio, self._max_pause)
        if pause > 0:
            self.paused += pause
            await asyncio.sleep(pause)
