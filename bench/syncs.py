"""Issue 21: what syncs cost. Three figures, each on its own Switchboard (one worker, SQLite):

1. an initial sync of ``--records`` people from the Salesloft emulator: records per second, the
   server's peak RSS (sampled, and VmHWM), and the upstream requests the run made;
2. an incremental run right after, with nothing changed: its upstream requests (one is the target);
3. ``--syncs`` enabled syncs over ``--connections`` connections: the server's CPU while none is due
   (the scheduler idling), then with every sync due each minute, the lag behind schedule
   (``switchboard_sync_lag_seconds``) and the CPU those runs take.

    .venv/bin/python -m bench.syncs [--records 100000] [--syncs 1000] [--connections 100] [--seconds 120]
"""

from __future__ import annotations

import argparse
import re
import threading
import time
from typing import Any

import httpx

from bench.common import Switchboard, emulator, machine, process_cpu_seconds, status_mb, switchboard

# The defaults throughout (the worker polls every 5 s; a run asked for or created wakes it at once).
FAST: dict[str, str] = {}
WEEK = 7 * 24 * 60


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, in MB."""
    return status_mb(pid, "VmRSS"), status_mb(pid, "VmHWM")


def client(sb: Switchboard) -> httpx.Client:
    return httpx.Client(base_url=sb.url, headers=sb.headers(), timeout=60)


def wait_run(api: httpx.Client, connection: int, sync_id: int, before: str | None, limit: float) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        body: dict[str, Any] = api.get(f"/v1.0/account/connectors/{connection}/syncs/{sync_id}").json()
        if body["LastRunAt"] != before and body["LastRun"] is not None and body["State"] != "running":
            return body
        time.sleep(0.2)
    raise RuntimeError(f"no run ended within {limit:g} s")


def upstream_requests(api: httpx.Client, connection: int) -> list[int]:
    """The pages of each sync run, newest first, as the call log records them (kind sync)."""
    deadline = time.monotonic() + 30
    while True:
        calls = api.get(f"/v1.0/account/connectors/{connection}/calls", params={"limit": 10}).json()["Calls"]
        if calls or time.monotonic() > deadline:
            return [int(c["Pages"]) for c in calls if c["Kind"] == "sync"]
        time.sleep(0.2)


def initial_and_idle(records: int) -> None:
    with emulator(people=records) as emu, switchboard(emu.url, emu.api_key, env=FAST) as sb, client(sb) as api:
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], rss_mb(sb.process.pid)[0])
                time.sleep(0.05)

        before_rss = rss_mb(sb.process.pid)[0]
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        created = api.post(f"/v1.0/account/connectors/{sb.connection}/syncs", json={"Default": "people"})
        created.raise_for_status()
        sync_id = created.json()["Id"]
        cpu0, started = process_cpu_seconds(sb.process.pid), time.monotonic()
        first = wait_run(api, sb.connection, sync_id, None, 3600)
        elapsed, cpu = time.monotonic() - started, process_cpu_seconds(sb.process.pid) - cpu0
        done.set()
        sampler.join()
        run = first["LastRun"]
        assert run["Outcome"] == "completed" and run["Added"] == records, run
        print(f"initial sync of {records:,} records: {elapsed:.1f} s, {records / elapsed:,.0f} records/s, "
              f"server CPU {cpu:.1f} s ({cpu / records * 1e6:.0f} us per record); pages {run['Pages']}, "
              f"attempts {run['Attempts']}")  # fmt: skip
        print(f"server RSS: {before_rss:.0f} MB before, peak {peak[0]:.0f} MB during the run "
              f"(VmHWM {rss_mb(sb.process.pid)[1]:.0f} MB)")  # fmt: skip

        asked = api.post(f"/v1.0/account/connectors/{sb.connection}/syncs/{sync_id}/run")
        asked.raise_for_status()
        second = wait_run(api, sb.connection, sync_id, first["LastRunAt"], 600)["LastRun"]
        pages = upstream_requests(api, sb.connection)
        print(f"incremental run, nothing changed: {second['Pages']} upstream request(s) "
              f"(call log: {pages[0]} page(s)); added {second['Added']}, updated {second['Updated']}, "
              f"{second['DurationMs']:.0f} ms")  # fmt: skip


def lag_of(sb: Switchboard) -> tuple[float, float, dict[str, float]]:
    """(count, sum, buckets) of switchboard_sync_lag_seconds."""
    text = httpx.get(f"{sb.url}/metrics").text
    count = float(re.search(r"^switchboard_sync_lag_seconds_count (\S+)$", text, re.M).group(1))  # type: ignore[union-attr]
    total = float(re.search(r"^switchboard_sync_lag_seconds_sum (\S+)$", text, re.M).group(1))  # type: ignore[union-attr]
    buckets = {
        m[0]: float(m[1])
        for m in re.findall(r'^switchboard_sync_lag_seconds_bucket\{le="([^"]+)"\} (\S+)$', text, re.M)
    }
    return count, total, buckets


def idle_cpu(sb: Switchboard, seconds: float) -> float:
    """The server's CPU over ``seconds`` of doing nothing asked of it, as a share of one core."""
    cpu0, t0 = process_cpu_seconds(sb.process.pid), time.monotonic()
    time.sleep(seconds)
    return (process_cpu_seconds(sb.process.pid) - cpu0) / (time.monotonic() - t0)


def many(syncs: int, connections: int, seconds: int) -> None:
    per = max(1, syncs // connections)
    with emulator() as emu, switchboard(emu.url, emu.api_key, env=FAST) as sb, client(sb) as api:
        connector = api.get(f"/v1.0/account/connectors/{sb.connection}").json()["Connector"]["Id"]
        targets = [sb.connection] + [
            api.post(f"/v1.0/connectors/{connector}/install", json={"AuthValue": emu.api_key}).json()["Id"]
            for _ in range(connections - 1)
        ]
        idle_none = idle_cpu(sb, 30)
        print(f"{connections} connections, no syncs: server CPU {idle_none * 100:.2f}% of a core while idle")
        made: list[tuple[int, int]] = []
        for connection in targets:
            for n in range(per):
                body = {"Default": "people", "Name": f"people_{n}", "FrequencyMinutes": WEEK}
                answer = api.post(f"/v1.0/account/connectors/{connection}/syncs", json=body)
                answer.raise_for_status()
                made.append((connection, answer.json()["Id"]))
        deadline = time.monotonic() + 600
        while lag_of(sb)[0] < len(made) and time.monotonic() < deadline:  # every first run started
            time.sleep(1)
        time.sleep(5)  # and ended
        idle = idle_cpu(sb, 30)
        print(f"{len(made)} enabled syncs over {connections} connections, none due: server CPU {idle * 100:.2f}% "
              f"of a core while idle; RSS {rss_mb(sb.process.pid)[0]:.0f} MB")  # fmt: skip

        for connection, sync_id in made:
            api.put(f"/v1.0/account/connectors/{connection}/syncs/{sync_id}", json={"FrequencyMinutes": 1})
        count0, sum0, _ = lag_of(sb)
        cpu0, t0 = process_cpu_seconds(sb.process.pid), time.monotonic()
        time.sleep(seconds)
        count, total, buckets = lag_of(sb)
        cpu = (process_cpu_seconds(sb.process.pid) - cpu0) / (time.monotonic() - t0)
        runs = count - count0
        within = {le: value - 0 for le, value in buckets.items()}
        print(f"every sync due each minute, {seconds} s: {runs:.0f} runs ({runs / seconds:.1f}/s), "
              f"mean lag {(total - sum0) / max(runs, 1):.2f} s, server CPU {cpu * 100:.0f}% of a core")  # fmt: skip
        print("lag buckets since start (le: runs): " + ", ".join(f"{le}: {v:.0f}" for le, v in within.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--syncs", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=120)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    initial_and_idle(args.records)
    many(args.syncs, args.connections, args.seconds)


if __name__ == "__main__":
    main()
