"""Run the Salesloft emulator in its own process for benchmarks: no rate limit, seeded records."""

from __future__ import annotations

import json
import signal
import sys
import threading

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    emulator = SalesloftEmulator()
    emulator.rate_limit_per_minute = 10**9  # measure Switchboard, not the vendor's limit
    people = emulator.seed("people", count)
    if accounts:
        emulator.seed("accounts", accounts)
    server = EmulatorServer(emulator).start()
    print(json.dumps({"url": server.url, "api_key": emulator.api_key, "person_id": people[0]["id"]}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
