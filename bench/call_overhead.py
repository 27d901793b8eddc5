"""Issue 2: a single-page method call through Switchboard vs the same request sent straight to the emulator.

Three processes: the Salesloft emulator, Switchboard (one worker), and this load generator
(aiohttp on uvloop). Rate limits are off on both sides so the figures are pure overhead.

    .venv/bin/python bench/call_overhead.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable

import aiohttp
import uvloop

from bench.common import emulator, machine, method_uid, summary, switchboard

Send = Callable[[aiohttp.ClientSession], Awaitable[None]]


async def load(send: Send, concurrency: int, total: int) -> dict[str, float]:
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        for _ in range(min(200, total)):  # warm up connections and caches
            await send(session)
        remaining = total

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                await send(session)
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return summary(latencies, elapsed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    with emulator() as emu, switchboard(emu.url, emu.api_key) as sb:
        uid = method_uid(sb, "Get person")
        direct_url = f"{emu.url}/v2/people/{emu.person_id}"
        via_url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
        via_body = {"Mergefields": {"person_id": emu.person_id}}

        async def direct(session: aiohttp.ClientSession) -> None:
            async with session.get(direct_url, headers={"Authorization": f"Bearer {emu.api_key}"}) as r:
                await r.read()
                assert r.status == 200, r.status

        async def via(session: aiohttp.ClientSession) -> None:
            async with session.post(via_url, json=via_body, headers=sb.headers()) as r:
                await r.read()
                assert r.status == 200, r.status

        print(f"machine: {machine()}")
        print(f"{'concurrency':>11} {'path':>12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for concurrency in (1, 32):
            results = {}
            for name, send in (("direct", direct), ("switchboard", via)):
                results[name] = uvloop.run(load(send, concurrency, args.requests))
                r = results[name]
                print(f"{concurrency:>11} {name:>12} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f}")
            d, s = results["direct"], results["switchboard"]
            print(
                f"{concurrency:>11} {'ratio':>12} {s['rps'] / d['rps']:>8.2f}x "
                f"added p50 {s['p50_ms'] - d['p50_ms']:.2f} ms, added p99 {s['p99_ms'] - d['p99_ms']:.2f} ms"
            )


if __name__ == "__main__":
    main()
