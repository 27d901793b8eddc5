"""Issues 3 and 15: List accounts over 10,000 seeded accounts (100 pages) and 100,000 (1,000 pages)
through Switchboard, against a plain aiohttp client fetching the same pages from the emulator.

Each size runs in a fresh emulator and a fresh Switchboard process, so the peak resident memory
(VmHWM) is that of one call. Rate limits are off on both sides: this measures paging overhead.
The two sides alternate (plain, Switchboard, plain, ...) after one warm-up each, and each side's
median is reported, so a shared machine's swings hit both alike. The load average is printed
before and after, because the machine may be shared; on a busy machine wall times swing by
several times between repeats, so the CPU each side spends per page (user + system time from
/proc, all threads) is printed too: the plain client's own, and Switchboard's server process.

    .venv/bin/python -m bench.list_accounts [--repeats 5] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import uvloop

from bench.common import emulator, machine, method_uid, switchboard


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


async def plain_client(session: aiohttp.ClientSession, url: str, pages: int) -> float:
    """The same pages fetched one after another, bodies read, nothing parsed."""
    started = time.perf_counter()
    for page in range(1, pages + 1):
        async with session.get(f"{url}/v2/accounts", params={"page": page, "per_page": 100}) as response:
            assert response.status == 200
            await response.read()
    return time.perf_counter() - started


async def via_switchboard(session: aiohttp.ClientSession, url: str, records: int) -> tuple[float, int]:
    """One call answering every page; returns its time and the answer's size."""
    started = time.perf_counter()
    async with session.post(url, json={}, timeout=aiohttp.ClientTimeout(total=600)) as response:
        assert response.status == 200, await response.text()
        body = await response.read()
    elapsed = time.perf_counter() - started
    assert body.count(b'"domain"') == records, records
    return elapsed, len(body)


@dataclass
class Result:
    records: int
    plain: list[float]
    via: list[float]
    answer_mb: float
    plain_cpu: list[float]  # the plain client's CPU seconds per run
    via_cpu: list[float]  # Switchboard's server CPU seconds per call
    idle_mb: float
    peak_mb: float

    @property
    def ratio(self) -> float:
        return statistics.median(self.via) / statistics.median(self.plain)


def run(records: int, repeats: int) -> Result:
    pages = records // 100
    with emulator(accounts=records) as emu, switchboard(emu.url, emu.api_key) as sb:
        uid = method_uid(sb, "List accounts")
        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}"
        idle = peak_rss_mb(sb.process.pid)
        plain: list[float] = []
        via: list[float] = []
        plain_cpu: list[float] = []
        via_cpu: list[float] = []
        size = 0
        server = sb.process.pid

        async def measure() -> None:
            nonlocal size
            upstream = aiohttp.ClientSession(headers={"Authorization": f"Bearer {emu.api_key}"})
            caller = aiohttp.ClientSession(headers=sb.headers())
            async with upstream, caller:
                await plain_client(upstream, emu.url, pages)  # warm-ups: connections, caches
                await via_switchboard(caller, url, records)
                for _ in range(repeats):
                    before = time.process_time()
                    plain.append(await plain_client(upstream, emu.url, pages))
                    plain_cpu.append(time.process_time() - before)
                    before = cpu_seconds(server)
                    elapsed, size = await via_switchboard(caller, url, records)
                    via_cpu.append(cpu_seconds(server) - before)
                    via.append(elapsed)

        uvloop.run(measure())
        return Result(records, plain, via, size / 1e6, plain_cpu, via_cpu, idle, peak_rss_mb(server))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    print(f"machine: {machine()}; load average before: {load()}")
    results = [run(int(n), args.repeats) for n in args.sizes.split(",")]
    columns = ["records", "pages", "plain s", "via s", "ratio", "pages/s", "answer MB", "idle MB", "peak MB"]
    print(" ".join(f"{c:>9}" for c in columns))
    for r in results:
        pages, plain, via = r.records // 100, statistics.median(r.plain), statistics.median(r.via)
        print(
            f"{r.records:>9} {pages:>9} {plain:>9.3f} {via:>9.3f} {r.ratio:>8.2f}x "
            f"{pages / via:>9.0f} {r.answer_mb:>9.1f} {r.idle_mb:>9.1f} {r.peak_mb:>9.1f}"
        )
        ratios = ", ".join(f"{v / p:.2f}" for p, v in zip(r.plain, r.via, strict=True))
        print(f"          per-repeat ratios: {ratios}")
        plain_ms, via_ms = (statistics.median(c) * 1000 / pages for c in (r.plain_cpu, r.via_cpu))
        print(f"          CPU ms per page (median): plain client {plain_ms:.3f}, Switchboard server {via_ms:.3f}")
    if len(results) > 1:
        print(f"peak memory growth for 10x the records: {results[-1].peak_mb / results[0].peak_mb:.2f}x")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
