"""What sending one request costs on this machine: an aiohttp GET from its start to its bytes on the wire.

A server in a process of its own answers after 2 ms, so the answer is never in during the measured
part: the request's set-up, its write and eight turns of the loop (what the paging loop gives a fetch
before it shapes the previous page). Three placements: the server on the other core, on the same core,
and wherever the scheduler puts it. On a virtual machine, waking a sleeping peer on another virtual CPU
is part of the cost; the floor and every client pay it too.

    .venv/bin/python -m bench.dispatch [--requests 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time

import aiohttp
import uvloop

from bench.common import machine
from tests.harness import free_port

SERVER = """
import asyncio, sys
from aiohttp import web
async def answer(request):
    await asyncio.sleep(0.002)
    return web.Response(body=b"x" * 100)
app = web.Application()
app.router.add_get("/", answer)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)
"""


async def dispatch_us(url: str, requests: int) -> tuple[float, float]:
    """Microseconds from a GET's start through eight loop turns, and for eight turns alone."""
    timeout = aiohttp.ClientTimeout(total=None, connect=10, sock_read=30)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=512), timeout=timeout) as session:

        async def get() -> bytes:
            async with session.get(url, params=[("page", "2")], headers={"Authorization": "Bearer x"}) as response:
                return await response.read()

        for _ in range(50):  # the connection, the caches
            await get()
        sent = turns = 0.0
        for _ in range(requests):
            started = time.perf_counter()
            fetch = asyncio.ensure_future(get())
            for _ in range(8):
                await asyncio.sleep(0)
            sent += time.perf_counter() - started
            started = time.perf_counter()
            for _ in range(8):
                await asyncio.sleep(0)
            turns += time.perf_counter() - started
            await fetch
    return sent * 1e6 / requests, turns * 1e6 / requests


def _until_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server on port {port} did not start in 30 s") from None
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    cores = sorted(os.sched_getaffinity(0))
    placements = {"other core": ({cores[-1]}, {cores[0]}), "same core": ({cores[0]}, {cores[0]}), "unpinned": None}
    print(f"machine: {machine()}")
    print(f"{'server':>12} {'GET to the wire, us':>20} {'8 loop turns, us':>17}")
    for name, placement in placements.items():
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)])
        try:
            if placement is not None:
                os.sched_setaffinity(server.pid, placement[0])
                os.sched_setaffinity(0, placement[1])
            _until_listening(port)
            sent, turns = uvloop.run(dispatch_us(f"http://127.0.0.1:{port}/", args.requests))
        finally:
            server.terminate()
            server.wait(10)
            os.sched_setaffinity(0, set(cores))
        print(f"{name:>12} {sent:>20.0f} {turns:>17.1f}")


if __name__ == "__main__":
    main()
