"""uvicorn's settings for Switchboard, and the command line ``switchboard serve`` hands over to."""

from __future__ import annotations

import os
import sys
from typing import Any

import uvicorn

from switchboard.observability.logs import configure_logging
from switchboard.settings import Settings

APP = "switchboard.api.app:create_app"


def uvicorn_config(host: str, port: int, **extra: Any) -> dict[str, Any]:
    """What every uvicorn Switchboard runs is given (``serve``, ``demo``)."""
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-For from loopback; Switchboard
    # decides itself whom to believe (SWITCHBOARD_TRUSTED_PROXIES) and needs the real peer for that.
    return {
        "host": host,
        "port": port,
        "loop": "uvloop",
        # httptools with a deadline for each request's headers (N6): see server/protocol.py.
        "http": "switchboard.server.protocol:HeaderDeadlineProtocol",
        "access_log": False,
        "proxy_headers": False,
        **extra,
    }


def handover(host: str, port: int, workers: int, access_log: bool) -> None:
    """Replace this process (the same pid, so signals still reach the server) with the serving one."""
    sys.stdout.flush()
    sys.stderr.flush()
    args = [host, str(port), str(workers), "1" if access_log else "0"]
    os.execv(sys.executable, [sys.executable, "-m", "switchboard.server", *args])  # noqa: S606 (our interpreter)


def serve(argv: list[str]) -> None:
    """Run uvicorn with the arguments ``handover`` passed (host, port, workers, access log 1/0)."""
    host, port, workers, access_log = argv
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    uvicorn.run(
        APP,
        factory=True,
        workers=int(workers),
        log_config=None,
        log_level=settings.log_level.lower(),
        **uvicorn_config(host, int(port), access_log=access_log == "1"),
    )
