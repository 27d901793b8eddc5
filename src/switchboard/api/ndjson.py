"""``Accept: application/x-ndjson`` on the call routes: a list's records one a line, sent as pages arrive.

The status (200) and headers are sent with the first page, so a failure after it cannot change
them: the answer then ends with one line ``{"Error": {"Message": ..., "Status": ...}}``, the
error body the call would have answered, with the status it would have had.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable

import orjson

from switchboard.api.errors import error_body
from switchboard.engine.outputs import NDJSON
from switchboard.errors import SwitchboardError

log = logging.getLogger("switchboard.api")


def wants_ndjson(accept: str | None) -> bool:
    """True when the Accept header lists ``application/x-ndjson`` (with a q above 0)."""
    if not accept or NDJSON not in accept.lower():
        return False
    for item in accept.lower().split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        if kind == NDJSON:
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
    return False


async def ending_with_error_line(
    chunks: AsyncIterator[bytes], failed: Callable[[SwitchboardError], None]
) -> AsyncIterator[bytes]:
    """``chunks`` as they come; a failure is told to ``failed`` and ends the answer with its error line."""
    try:
        async for chunk in chunks:
            yield chunk
    except SwitchboardError as exc:
        failed(exc)
        status = exc.status if 400 <= exc.status < 600 else 502
        yield orjson.dumps({"Error": {**error_body(exc), "Status": status}}) + b"\n"
    except Exception:
        log.exception("unhandled error in a streamed answer")
        message = "Switchboard failed to handle this request; the error is logged"
        yield orjson.dumps({"Error": {"Message": message, "Status": 500}}) + b"\n"
    finally:
        if isinstance(chunks, AsyncGenerator):
            await chunks.aclose()
