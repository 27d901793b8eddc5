"""Issue 3: List accounts over 10,000 seeded accounts (100 pages) through Switchboard, against the
emulator serving the same pages to a plain client; then 100,000 (1,000 pages) for memory growth.

Each size runs in a fresh emulator and a fresh Switchboard process, so the peak resident memory
(VmHWM) is that of one call. Rate limits are off on both sides: this measures paging overhead.

    .venv/bin/python -m bench.list_accounts
"""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import uvloop

from bench.common import emulator, machine, method_uid, switchboard


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def plain_client(url: str, api_key: str, pages: int) -> float:
    """The same pages fetched one after another by aiohttp on uvloop, bodies read, nothing parsed."""

    async def fetch() -> float:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {api_key}"}) as session:
            started = time.perf_counter()
            for page in range(1, pages + 1):
                async with session.get(f"{url}/v2/accounts", params={"page": page, "per_page": 100}) as response:
                    assert response.status == 200
                    await response.read()
            return time.perf_counter() - started

    return uvloop.run(fetch())


def run(records: int) -> dict[str, float]:
    pages = records // 100
    with emulator(accounts=records) as emu, switchboard(emu.url, emu.api_key) as sb:
        direct = min(plain_client(emu.url, emu.api_key, pages) for _ in range(3))
        uid = method_uid(sb, "List accounts")
        url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}"
        idle = peak_rss_mb(sb.process.pid)
        timings: list[float] = []
        count = 0

        async def fetch() -> None:
            nonlocal count
            async with aiohttp.ClientSession(headers=sb.headers()) as session:
                for _ in range(3):
                    started = time.perf_counter()
                    async with session.post(url, json={}, timeout=aiohttp.ClientTimeout(total=600)) as response:
                        assert response.status == 200, await response.text()
                        body = await response.read()
                    timings.append(time.perf_counter() - started)
                    count = body.count(b'"domain"')

        uvloop.run(fetch())
        assert count == records, (count, records)
        via = min(timings)
        return {
            "records": records,
            "pages": pages,
            "direct_s": direct,
            "switchboard_s": via,
            "ratio": via / direct,
            "pages_per_s": pages / via,
            "idle_mb": idle,
            "peak_mb": peak_rss_mb(sb.process.pid),
        }


def main() -> None:
    print(f"machine: {machine()}")
    columns = ["records", "pages", "plain s", "via s", "ratio", "pages/s", "idle MB", "peak MB"]
    print(" ".join(f"{c:>8}" for c in columns))
    results = [run(10_000), run(100_000)]
    for r in results:
        print(
            f"{r['records']:>8} {r['pages']:>6} {r['direct_s']:>8.2f} {r['switchboard_s']:>8.2f} {r['ratio']:>5.2f}x "
            f"{r['pages_per_s']:>8.0f} {r['idle_mb']:>8.1f} {r['peak_mb']:>8.1f}"
        )
    print(f"peak memory growth for 10x the records: {results[1]['peak_mb'] / results[0]['peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
