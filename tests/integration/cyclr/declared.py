"""The same Switchboard without its fast call path: a second server whose calls go to the declared routes.

``FastCalls`` answers the call routes ahead of FastAPI, so over HTTP the declared routes in
``api/routers/calls.py`` never run. Tests that must show both edges answer alike start this
next to the main server, on the same database and secret key (``python -m
tests.integration.cyclr.declared PORT``), and send the same request to each.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from switchboard.api.app import create_app
from switchboard.api.fastpath import FastCalls
from tests.harness import SwitchboardServer, free_port


def main(port: int) -> None:
    app = create_app()
    app.user_middleware = [m for m in app.user_middleware if m.cls is not FastCalls]
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


@contextmanager
def declared_routes(switchboard: SwitchboardServer) -> Iterator[str]:
    """The URL of a server like ``switchboard`` whose call routes are FastAPI's declared ones."""
    port = free_port()
    log = (switchboard.data_dir / "declared.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.cyclr.declared", str(port)],
        env={
            **switchboard.env,
            "SWITCHBOARD_MIGRATE_ON_START": "false",
            "SWITCHBOARD_WEBHOOK_WORKER": "false",
            "SWITCHBOARD_HEALTH_WORKER": "false",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # as tests.harness: a loaded 2-core machine can take a while
        while True:
            assert process.poll() is None, (switchboard.data_dir / "declared.log").read_text()
            assert time.monotonic() < deadline, "the declared-routes server did not start in 90 s"
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main(int(sys.argv[1]))
