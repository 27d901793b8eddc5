"""Turns at writing: in arrival order, the first lane ahead of the rest, a cancelled waiter leaving cleanly."""

from __future__ import annotations

import asyncio

from switchboard.store.turns import Turns


async def test_waiters_take_turns_in_order_the_first_lane_ahead() -> None:
    turns = Turns()
    order: list[str] = []
    inside = 0

    async def take(name: str, first: bool) -> None:
        nonlocal inside
        async with turns.turn(first=first):
            inside += 1
            assert inside == 1  # one at a time
            order.append(name)
            await asyncio.sleep(0.01)
            inside -= 1

    holder = asyncio.create_task(take("holder", False))
    await asyncio.sleep(0)
    tasks = [
        asyncio.create_task(take(name, first))
        for name, first in (("rest1", False), ("first1", True), ("rest2", False), ("first2", True))
    ]
    await asyncio.gather(holder, *tasks)
    assert order == ["holder", "first1", "first2", "rest1", "rest2"]


async def test_a_cancelled_waiter_neither_holds_nor_blocks_the_turn() -> None:
    turns = Turns()
    release = asyncio.Event()
    got: list[str] = []

    async def hold() -> None:
        async with turns.turn():
            await release.wait()

    async def take(name: str) -> None:
        async with turns.turn(first=True):
            got.append(name)

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    gone = asyncio.create_task(take("gone"))
    after = asyncio.create_task(take("after"))
    await asyncio.sleep(0)
    gone.cancel()
    release.set()
    await asyncio.gather(holder, after)
    assert gone.cancelled() and got == ["after"]
    async with asyncio.timeout(1):
        async with turns.turn():  # free again
            got.append("last")
    assert got == ["after", "last"]


async def test_a_waiter_cancelled_as_it_is_handed_the_turn_passes_it_on() -> None:
    turns = Turns()
    got: list[str] = []

    async def take(name: str) -> None:
        async with turns.turn():
            got.append(name)

    async with turns.turn():
        handed = asyncio.create_task(take("handed"))
        then = asyncio.create_task(take("then"))
        await asyncio.sleep(0)  # both waiting
    handed.cancel()  # the turn is already handed to it: cancelled before it runs
    await asyncio.gather(handed, then, return_exceptions=True)
    assert handed.cancelled() and got == ["then"]
