"""uvicorn's settings for Switchboard: what ``serve`` and ``demo`` give it."""

from __future__ import annotations

from typing import Any

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
