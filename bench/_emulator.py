"""Run the Salesloft emulator in its own process for benchmarks: no rate limit, seeded records.

    _emulator.py ACCOUNTS PEOPLE [LATENCY_MS] [cached]

``LATENCY_MS``: every answer waits that long first (the emulator's ``slow`` fault, no CPU spent),
as a provider across a network does. ``cached``: a GET asked before is answered from memory,
bytes as they came the first time, so the upstream spends little CPU per page (a provider's
servers are not on the bench's two cores).
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import threading

from aiohttp import web
from aiohttp.typedefs import Handler

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator


def cached(app: web.Application, latency: float) -> web.Application:
    """``app`` with a first middleware answering repeated GETs from memory (after ``latency`` s)."""
    answers: dict[tuple[str, str, str], tuple[int, bytes, str]] = {}

    @web.middleware
    async def replay(request: web.Request, handler: Handler) -> web.StreamResponse:
        key = (request.path_qs, request.headers.get("Authorization", ""), request.method)
        if request.method == "GET" and key in answers:
            status, body, content_type = answers[key]
            if latency:
                await asyncio.sleep(latency)
            return web.Response(status=status, body=body, headers={"Content-Type": content_type})
        response = await handler(request)
        if request.method == "GET" and isinstance(response, web.Response) and isinstance(response.body, bytes):
            answers[key] = (response.status, response.body, response.headers.get("Content-Type", ""))
        return response

    app.middlewares.insert(0, replay)
    return app


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    latency = float(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0.0
    emulator = SalesloftEmulator()
    emulator.rate_limit_per_minute = 10**9  # measure Switchboard, not the vendor's limit
    people = emulator.seed("people", count)
    if accounts:
        emulator.seed("accounts", accounts)
    if latency:
        emulator.faults.arm(Fault("slow", delay=latency, times=None))
    if "cached" in sys.argv[4:]:
        plain = emulator.create_app
        emulator.create_app = lambda: cached(plain(), latency)  # type: ignore[method-assign]
    server = EmulatorServer(emulator).start()
    print(json.dumps({"url": server.url, "api_key": emulator.api_key, "person_id": people[0]["id"]}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
