"""Issue 24: what recording costs per call: the call log (and its log line) on and off, same calls.

    .venv/bin/python -m bench.recording [--requests 5000] [--concurrency 32]

For each variant one Switchboard (one worker, SQLite, the connector whose limit never binds) is
started against the Salesloft emulator and sent ``POST .../methods/{Get person}/body``: warm-up,
then ``--requests`` calls at ``--concurrency``. The server's CPU (user + system, its threads and
children, from /proc) is read before and after, once the call log's queue is written, so the
writer thread's work is in the figure. Variants:

* ``off``: ``SWITCHBOARD_CALL_LOG=false``, log level WARNING: metrics only;
* ``log``: the call log on (sample 1%), log level WARNING;
* ``default``: the call log on and the INFO log line per call (what users run).

The recording's own CPU per call is ``log - off`` (rows) and ``default - off`` (rows and lines).
"""

from __future__ import annotations

import argparse
import asyncio
import time

import aiohttp
import httpx
import uvloop

from bench.common import emulator, machine, method_uid, summary, switchboard
from bench.floor import cpu_seconds

VARIANTS = {
    "off": {"SWITCHBOARD_CALL_LOG": "false", "SWITCHBOARD_LOG_LEVEL": "WARNING"},
    "log": {"SWITCHBOARD_LOG_LEVEL": "WARNING"},
    "default": {"SWITCHBOARD_LOG_LEVEL": "INFO"},
}


async def load(url: str, body: dict[str, object], headers: dict[str, str], concurrency: int, total: int) -> list[float]:
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        remaining = total

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                async with session.post(url, json=body) as answer:
                    await answer.read()
                    assert answer.status == 200, answer.status
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"{'variant':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/call':>12}")
    cpu: dict[str, float] = {}
    with emulator() as emu:
        for name, env in VARIANTS.items():
            with switchboard(emu.url, emu.api_key, env=env) as sb:
                uid = method_uid(sb, "Get person")
                url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}/body"
                body: dict[str, object] = {"Mergefields": {"person_id": emu.person_id}}
                uvloop.run(load(url, body, sb.headers(), args.concurrency, min(500, args.requests)))  # warm up
                before = cpu_seconds(sb.process.pid)
                started = time.perf_counter()
                latencies = uvloop.run(load(url, body, sb.headers(), args.concurrency, args.requests))
                elapsed = time.perf_counter() - started
                # Reading the call log waits for the writer to drain: its CPU belongs in the figure.
                httpx.get(f"{sb.url}/v1.0/calls", params={"limit": 1}, headers=sb.headers(), timeout=60)
                cpu[name] = (cpu_seconds(sb.process.pid) - before) * 1000 / args.requests
                r = summary(latencies, elapsed)
                print(f"{name:>8} {r['rps']:>8.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {cpu[name]:>12.3f}")
    print(f"recording's CPU per call: call log {cpu['log'] - cpu['off']:.3f} ms, "
          f"call log and log line {cpu['default'] - cpu['off']:.3f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
