"""Issue 5: calls per second with 1 and 2 workers, on SQLite and on PostgreSQL with Redis, and
the share of each call's time spent waiting on the store and the limiter (from Server-Timing).

The Salesloft emulator runs in its own process; the load generator (aiohttp, 32 concurrent,
one connection each so calls spread over the workers) in this one.

    .venv/bin/python -m bench.scale
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import uvloop

from bench.common import emulator, machine, method_uid, percentile, switchboard
from tests.backends import REDIS_URL, postgres_database, unique_prefix

CONCURRENCY = 32
CALLS = 4000


async def load(url: str, headers: dict[str, str], body: dict[str, object]) -> dict[str, float]:
    latencies: list[float] = []
    parts: dict[str, list[float]] = {"store": [], "limiter": [], "upstream": []}
    remaining = CALLS

    async def worker() -> None:
        nonlocal remaining
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                async with session.post(url, json=body, headers=headers) as response:
                    await response.read()
                    assert response.status == 200, response.status
                    timing = response.headers["Server-Timing"]
                latencies.append(time.perf_counter() - started)
                for part in timing.split(", "):
                    name, _, ms = part.partition(";dur=")
                    parts[name].append(float(ms))

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - started
    total_ms = statistics.fmean(latencies) * 1000
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        **{f"{name}_share": statistics.fmean(values) / total_ms for name, values in parts.items()},
        **{f"{name}_ms": statistics.fmean(values) for name, values in parts.items()},
    }


def main() -> None:
    print(f"machine: {machine()}; {CALLS} calls of Get person, {CONCURRENCY} concurrent")
    print(f"{'backend':>20} {'workers':>7} {'calls/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'store ms':>8} {'store %':>7} {'limiter ms':>10} {'limiter %':>9} {'upstream %':>10}")  # fmt: skip
    with emulator() as emu:
        for backend in ("sqlite", "postgres+redis"):
            for workers in (1, 2):
                with postgres_database("sbbench") if backend != "sqlite" else _nothing() as database:
                    env = {}
                    if database:
                        env = {
                            "SWITCHBOARD_DATABASE_URL": database,
                            "SWITCHBOARD_REDIS_URL": REDIS_URL,
                            "SWITCHBOARD_REDIS_PREFIX": unique_prefix(),
                        }
                    with switchboard(emu.url, emu.api_key, workers=workers, env=env) as sb:
                        time.sleep(1.5)  # let every worker finish starting
                        uid = method_uid(sb, "Get person")
                        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
                        r = uvloop.run(load(url, sb.headers(), {"Mergefields": {"person_id": emu.person_id}}))
                print(f"{backend:>20} {workers:>7} {r['rps']:>8.0f} {r['p50_ms']:>7.2f} {r['p99_ms']:>7.2f} "
                      f"{r['store_ms']:>8.3f} {r['store_share']:>6.1%} {r['limiter_ms']:>10.3f} "
                      f"{r['limiter_share']:>8.1%} {r['upstream_share']:>9.1%}")  # fmt: skip


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    main()
