"""The pacer: background rounds pause in proportion while requests arrive, never when none do."""

from __future__ import annotations

import time

import pytest

from switchboard.pacing import Pacer


async def test_no_pause_without_requests() -> None:
    pacer = Pacer(share=0.5, quiet=0.2)
    started = time.monotonic() - 0.3  # a round of 0.3 s
    t = time.monotonic()
    await pacer.pace(started)
    assert time.monotonic() - t < 0.05 and pacer.paused == 0.0


async def test_a_round_under_requests_is_followed_by_its_share_of_pause() -> None:
    pacer = Pacer(share=0.25, quiet=5.0, max_pause=1.0)
    pacer.arrived()
    started = time.monotonic() - 0.1  # a round of 0.1 s at a quarter's share: 0.3 s of pause
    t = time.monotonic()
    await pacer.pace(started)
    assert 0.28 <= time.monotonic() - t < 0.5
    assert pacer.paused == pytest.approx(0.3, abs=0.02)


async def test_a_pause_is_bounded_and_requests_that_stopped_release_it() -> None:
    pacer = Pacer(share=0.5, quiet=0.1, max_pause=0.2)
    pacer.arrived()
    t = time.monotonic()
    await pacer.pace(time.monotonic() - 10.0)  # a long round: still at most max_pause
    assert 0.19 <= time.monotonic() - t < 0.4
    assert not pacer.busy()  # quiet for longer than 0.1 s by now
    with pytest.raises(ValueError, match="share"):
        Pacer(share=0.0)
