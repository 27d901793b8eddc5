"""What a failed method call tells the partner: ``call.failed`` or ``ratelimit.exhausted``.

Shared by every path that runs ``Engine.call`` (the REST routes, a fast ASGI path, MCP tools):
they hand the error here and go on answering; the event is written off the call's path.
"""

from __future__ import annotations

import time
from typing import Any

from switchboard.errors import RateLimited, SwitchboardError, UpstreamError

# A limit that frees up only this far ahead is a spent quota (a day's), not a moment's pacing.
QUOTA_SECONDS = 3600.0


def call_failure(method: str, exc: SwitchboardError) -> tuple[str, dict[str, Any]] | None:
    """The event type and data for a call that raised ``exc``; None for the caller's own mistakes.

    Only Switchboard's message, the method and statuses go in: never bodies, never secrets.
    """
    retry_after = getattr(exc, "retry_after", None)
    limited = isinstance(exc, RateLimited) or (isinstance(exc, UpstreamError) and exc.status == 429)
    if limited and retry_after is not None and retry_after >= QUOTA_SECONDS:
        resets = time.time() + float(retry_after)
        return "ratelimit.exhausted", {"Method": method, "Message": exc.message, "ResetsAt": _iso(resets)}
    if isinstance(exc, UpstreamError | RateLimited):
        data: dict[str, Any] = {"Method": method, "Status": exc.status, "Message": exc.message}
        if isinstance(exc, UpstreamError):
            data["Source"] = "Upstream"
        return "call.failed", data
    return None


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
