"""Issues 3, 15 and 24: List accounts over 10,000 and 100,000 seeded accounts (100 and 1,000 pages),
plain sequential clients against Switchboard read three ways, side by side:

- ``plain``: aiohttp fetching the pages one after another from the emulator, bodies read, nothing parsed;
- ``plain cursor``: the plain client of the same API read as a cursor API: each page's next pointer
  (``metadata.paging.next_page``) read before the next request, as any client of a cursor API must,
  the cheapest way Python has (msgspec decoding that one member, the records skipped unparsed). The
  ``cursor`` side's baseline: ``plain`` knows every page's number before it reads a byte, which no
  client of a cursor API can;
- ``pages ahead``: Switchboard's Salesloft definition (``include_paging_counts``: the first page
  tells how many pages follow, fetched ``parallel`` at a time), one JSON document;
- ``cursor``: the same API paged as a cursor API (the next page read from each page: one at a time);
- ``ndjson``: ``pages ahead`` answered with ``Accept: application/x-ndjson``, read as it arrives
  (the time to the first record is printed too).

Each size runs in a fresh emulator and a fresh Switchboard process. Before each side's runs the
server's peak resident memory (VmHWM) is reset (``/proc/PID/clear_refs``), so its peak is that
side's own. Rate limits are off on both sides: this measures paging. The sides alternate (plain,
pages ahead, cursor, ndjson, plain, ...) after one warm-up each, and each side's median is
reported, so a shared machine's swings hit all alike. On a busy machine wall times swing, so the
CPU each side spends per page (user + system time from /proc, all threads) is printed too: the
plain client's own and Switchboard's server process. The load average is printed before and after.

The upstream is the Salesloft emulator in a process of its own, on the same two cores. It spends
about 0.5 ms of CPU a page rendering its answer, more than the plain client (0.2 ms), so by default
it is the bottleneck of every side: pages fetched ahead queue at its one event loop. Its CPU per page
is printed (``upstream``). ``--cached`` answers each page from memory after the warm-up (a cheap
upstream: Switchboard's own cost decides); ``--latency-ms`` makes every answer wait that long first,
without CPU, as a provider across a network does (pages ahead then pay it ``parallel`` at a time, a
plain client once a page). ``--pin`` gives the upstream a core of its own (the emulator on the last
core; Switchboard, its helper processes and this client on the others): on loopback a request's
``send()`` wakes the emulator, which otherwise takes the sender's core at once (wake-up preemption)
and stalls the paging loop.

    .venv/bin/python -m bench.list_accounts [--repeats 5] [--sizes 10000,100000] [--cached] [--latency-ms 5] [--pin]
    .venv/bin/python -m bench.list_accounts --repeats 1 --sizes 5000     # a short check
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
import msgspec
import uvloop

from bench.common import Switchboard, emulator, machine, method_uid, pin, process_cpu_seconds, status_mb, switchboard

NDJSON = "application/x-ndjson"
MARK = b'"domain"'  # once in every account record
SIDES = ("plain", "plain cursor", "pages ahead", "cursor", "ndjson")
PLAIN = ("plain", "plain cursor")  # the sides that are this process's own client, not Switchboard


class _Paging(msgspec.Struct):
    next_page: int | None


class _Metadata(msgspec.Struct):
    paging: _Paging


class _Page(msgspec.Struct):
    metadata: _Metadata


NEXT_PAGE = msgspec.json.Decoder(_Page)  # the next pointer alone: every other member is skipped unparsed


def peak_rss_mb(pid: int) -> float:
    return status_mb(pid, "VmHWM")


def reset_peak(pid: int) -> bool:
    """Start VmHWM again from the current RSS (Linux 4.0+); False where that is not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


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


async def plain_cursor_client(session: aiohttp.ClientSession, url: str, pages: int) -> float:
    """The pages fetched one after another, each page's next pointer read from it before the next request."""
    started = time.perf_counter()
    page: int | None = 1
    fetched = 0
    while page is not None:
        async with session.get(f"{url}/v2/accounts", params={"page": page, "per_page": 100}) as response:
            assert response.status == 200
            page = NEXT_PAGE.decode(await response.read()).metadata.paging.next_page
        fetched += 1
    assert fetched == pages, (fetched, pages)
    return time.perf_counter() - started


async def one_document(session: aiohttp.ClientSession, url: str, records: int) -> float:
    """One call answering every page as one JSON document, its records counted as it arrives.

    Read as the plain client reads: every byte, nothing kept. Joining the 100 MB into one bytes object
    (``response.read()``) costs this process about 0.1 s of its own (fresh memory, page-faulted as it is
    filled), which the plain client, keeping no page, never pays.
    """
    started = time.perf_counter()
    found = 0
    tail = b""  # the last bytes of the previous chunk: a record's mark may straddle two chunks
    async with session.post(url, json={}, timeout=aiohttp.ClientTimeout(total=600)) as response:
        assert response.status == 200, await response.text()
        async for chunk in response.content.iter_any():
            found += chunk.count(MARK) + (tail + chunk[: len(MARK) - 1]).count(MARK)
            # Only the chunk's end is joined (a chunk shorter than the mark keeps the tail's start): joining
            # whole chunks copied the 100 MB once more, a cost of this client's that the plain ones do not pay.
            tail = (tail + chunk[-(len(MARK) - 1) :])[-(len(MARK) - 1) :]
    elapsed = time.perf_counter() - started
    assert found == records, (found, records)
    return elapsed


async def ndjson_lines(session: aiohttp.ClientSession, url: str, records: int) -> tuple[float, float]:
    """One NDJSON call, read a line at a time as it arrives; its time and the time to its first record."""
    started = time.perf_counter()
    first = 0.0
    lines = 0
    headers = {"Accept": NDJSON}
    async with session.post(url, json={}, headers=headers, timeout=aiohttp.ClientTimeout(total=600)) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == NDJSON, response.content_type
        async for line in response.content:
            if not lines:
                first = time.perf_counter() - started
            assert not line.startswith(b'{"Error"'), line
            lines += 1
    assert lines == records, (lines, records)
    return time.perf_counter() - started, first


@dataclass
class Side:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU seconds per run: the plain client's, else the server's
    upstream_cpu: list[float] = field(default_factory=list)  # the emulator's CPU seconds per run
    peak_mb: float = 0.0
    first_record: list[float] = field(default_factory=list)


@dataclass
class Result:
    records: int
    sides: dict[str, Side]
    idle_mb: float
    peaks_reset: bool

    def ratio(self, side: str) -> float:
        return statistics.median(self.sides[side].wall) / statistics.median(self.sides["plain"].wall)


def _install_cursor_variant(sb: Switchboard, api_key: str) -> str:
    """Install ``salesloft_cursor_bench`` on the bench account; its List accounts URL."""
    auth = {"Authorization": f"Bearer {sb.token}"}
    listing = httpx.get(f"{sb.url}/v1.0/connectors", headers=auth, params={"pageSize": 1000}).json()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == "Salesloft (cursor bench)")
    installed = httpx.post(
        f"{sb.url}/v1.0/connectors/{catalog_id}/install", json={"AuthValue": api_key}, headers=sb.headers()
    )
    installed.raise_for_status()
    methods = httpx.get(f"{sb.url}/v1.0/connectors/{catalog_id}/methods", headers=auth, params={"pageSize": 1000})
    uid = next(m["MethodUniqueIdentifier"] for m in methods.json() if m["Name"] == "List accounts")
    return f"{sb.url}/v1.0/account/connectors/{installed.json()['Id']}/methods/{uid}"


def run(records: int, repeats: int, *, latency_ms: float = 0.0, cached: bool = False, pinned: bool = False) -> Result:
    pages = records // 100
    upstream = emulator(accounts=records, latency_ms=latency_ms, cached=cached)
    with upstream as emu, switchboard(emu.url, emu.api_key) as sb:
        if pinned:
            last = max(os.sched_getaffinity(0))
            rest = set(range(last)) or {last}
            pin(emu.process.pid, {last})
            pin(sb.process.pid, rest)
            pin(os.getpid(), rest)
        uid = method_uid(sb, "List accounts")
        ahead_url = f"{sb.url}/v1.0/account/connectors/{sb.connection}/methods/{uid}"
        cursor_url = _install_cursor_variant(sb, emu.api_key)
        server = sb.process.pid
        idle = status_mb(server, "VmRSS")  # resident before the first call: the floor under every peak
        sides = {name: Side() for name in SIDES}
        resets: list[bool] = []

        async def measure() -> None:
            upstream = aiohttp.ClientSession(headers={"Authorization": f"Bearer {emu.api_key}"})
            caller = aiohttp.ClientSession(headers=sb.headers())
            async with upstream, caller:
                runs: dict[str, Callable[[], Awaitable[float]]] = {
                    "plain": lambda: plain_client(upstream, emu.url, pages),
                    "plain cursor": lambda: plain_cursor_client(upstream, emu.url, pages),
                    "pages ahead": lambda: one_document(caller, ahead_url, records),
                    "cursor": lambda: one_document(caller, cursor_url, records),
                }

                async def ndjson() -> float:
                    elapsed, first = await ndjson_lines(caller, ahead_url, records)
                    sides["ndjson"].first_record.append(first)
                    return elapsed

                runs["ndjson"] = ndjson
                for name in SIDES:  # warm-ups: connections, caches
                    await runs[name]()
                sides["ndjson"].first_record.clear()
                for _ in range(repeats):
                    for name in SIDES:
                        side = sides[name]
                        upstream_before = process_cpu_seconds(emu.process.pid)
                        if name in PLAIN:
                            before = time.process_time()
                            side.wall.append(await runs[name]())
                            side.cpu.append(time.process_time() - before)
                        else:
                            resets.append(reset_peak(server))
                            before = process_cpu_seconds(server)
                            side.wall.append(await runs[name]())
                            side.cpu.append(process_cpu_seconds(server) - before)
                            side.peak_mb = max(side.peak_mb, peak_rss_mb(server))
                        side.upstream_cpu.append(process_cpu_seconds(emu.process.pid) - upstream_before)

        uvloop.run(measure())
        return Result(records, sides, idle, all(resets))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="every upstream answer waits this long first")
    parser.add_argument("--cached", action="store_true", help="the upstream answers a page asked before from memory")
    parser.add_argument("--pin", action="store_true", help="the upstream on a core of its own, the rest on the others")
    args = parser.parse_args()
    upstream = f"latency {args.latency_ms:g} ms, {'cached' if args.cached else 'rendered'} pages"
    upstream += ", on a core of its own" if args.pin else ""
    print(f"machine: {machine()}; upstream: {upstream}; load average before: {load()}")
    results = [
        run(int(n), args.repeats, latency_ms=args.latency_ms, cached=args.cached, pinned=args.pin)
        for n in args.sizes.split(",")
    ]
    columns = ["records", "side", "wall s", "vs plain", "pages/s", "CPU ms/page", "upstream", "peak MB", "1st rec s"]
    widths = [9, 12, 9, 9, 9, 12, 9, 9, 9]
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for r in results:
        pages = r.records // 100
        for name in SIDES:
            side = r.sides[name]
            wall = statistics.median(side.wall)
            cpu_ms = statistics.median(side.cpu) * 1000 / pages
            upstream_ms = statistics.median(side.upstream_cpu) * 1000 / pages
            peak = f"{side.peak_mb:.1f}" if name not in PLAIN else "-"
            first = f"{statistics.median(side.first_record):.3f}" if side.first_record else "-"
            print(
                f"{r.records:>9} {name:>12} {wall:>9.3f} {r.ratio(name):>8.2f}x {pages / wall:>9.0f} "
                f"{cpu_ms:>12.3f} {upstream_ms:>9.3f} {peak:>9} {first:>9}"
            )
        cursor = statistics.median(r.sides["cursor"].wall) / statistics.median(r.sides["plain cursor"].wall)
        print(f"          cursor against the plain cursor client: {cursor:.2f}x")
        print(f"          server resident before the runs (VmRSS): {r.idle_mb:.1f} MB")
        if not r.peaks_reset:
            print("          (VmHWM could not be reset: each peak is the process's highest so far)")
    if len(results) > 1:
        times = results[-1].records // results[0].records
        for name in SIDES[len(PLAIN) :]:
            growth = results[-1].sides[name].peak_mb / results[0].sides[name].peak_mb
            print(f"peak memory growth for {times}x the records, {name}: {growth:.2f}x")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
