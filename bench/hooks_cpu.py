"""Issue 22: the server's CPU per provider event, stage by stage (robust on a shared machine).

Three runs of ``--events`` Salesloft-signed events at ``--rate`` into one worker (SQLite), each
server's CPU (its process and its children's, from /proc) taken from just before the first event
to the end of the work it causes, divided by the events:

- ``receive+store``: the webhook worker off (``SWITCHBOARD_WEBHOOK_WORKER=false``): verify, store, ack;
- ``+ forward``: the worker on, no partner endpoint: routed, ``provider.event`` written, nothing to send;
- ``+ deliver``: an endpoint (this script's receiver): each event also signed, sent and recorded.

Each stage's cost is the difference between successive runs. The per-process split (the serving
process, and each child by its module) shows what runs off the serving loop.

    .venv/bin/python -m bench.hooks_cpu [--rate 300] [--events 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

import aiohttp
import uvloop
from aiohttp import web

from bench.common import emulator, machine, receiver, switchboard
from bench.hooks import send


def processes(pid: int) -> dict[str, float]:
    """CPU seconds of ``pid`` (``server``) and of each child, named by its ``-m`` module."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if stat.parent.name != str(pid) and fields[1] != str(pid):
                continue
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        name = "server" if stat.parent.name == str(pid) else argv[argv.index(b"-m") + 1].decode().rsplit(".", 1)[-1]
        found[name] = found.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return found


async def settle(pid: int, *, quiet: float = 2.0, limit: float = 300.0) -> None:
    """Until the server and its children use under 2% of a core for ``quiet`` seconds (the backlog done)."""
    deadline = time.monotonic() + limit
    last, still = sum(processes(pid).values()), 0.0
    while time.monotonic() < deadline and still < quiet:
        await asyncio.sleep(0.5)
        now = sum(processes(pid).values())
        still = still + 0.5 if now - last < 0.01 else 0.0
        last = now


async def one_run(mode: str, rate: int, events: int, port: int) -> dict[str, float]:
    env = {
        "SWITCHBOARD_HOOK_REQUESTS_PER_MINUTE": str(rate * 120),
        "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8",
        "SWITCHBOARD_WEBHOOK_WORKER": "false" if mode == "receive+store" else "true",
        "SWITCHBOARD_CALL_LOG": "false",
    }
    with emulator() as emu, switchboard(emu.url, emu.api_key, env=env) as sb:
        async with aiohttp.ClientSession(headers=sb.headers()) as session:
            if mode == "+ deliver":
                hook = {"Url": f"http://127.0.0.1:{port}/hook"}
                async with session.post(f"{sb.url}/v1.0/webhooks", json=hook) as answer:
                    assert answer.status == 201, await answer.text()
            async with session.get(f"{sb.url}/v1.0/account/connectors/{sb.connection}") as answer:
                shown = await answer.json()
        await send(shown["HookUrl"], shown["HookToken"], 50, 2)  # warm up (imports, caches, the child's start)
        await settle(sb.process.pid)
        before = processes(sb.process.pid)
        await send(shown["HookUrl"], shown["HookToken"], rate, events // rate)
        await settle(sb.process.pid)
        after = processes(sb.process.pid)
    return {name: (after[name] - before.get(name, 0.0)) * 1000 / events for name in after}


async def run(rate: int, events: int) -> None:
    async def receive(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=204)

    runner, port = await receiver(receive)
    rows = [(mode, await one_run(mode, rate, events, port)) for mode in ("receive+store", "+ forward", "+ deliver")]
    await runner.cleanup()
    print(f"machine: {machine()}; {events} events at {rate}/s per run; CPU ms per event")
    names = sorted({n for _, r in rows for n in r}, key=lambda n: (n != "server", n))
    print("| run | total | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for mode, figures in rows:
        cells = " | ".join(f"{figures.get(n, 0.0):.3f}" for n in names)
        print(f"| {mode} | {sum(figures.values()):.3f} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=int, default=300)
    parser.add_argument("--events", type=int, default=3000)
    args = parser.parse_args()
    uvloop.run(run(args.rate, args.events))


if __name__ == "__main__":
    main()
