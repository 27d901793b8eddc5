"""The call edges' side of ``Idempotency-Key``: the header, and a request's fingerprint.

Both edges (the fast ASGI path and the declared routes) fingerprint the same parts the same way,
so a key first used on one is recognised on the other; ``api.calling.run_call`` does the rest
with ``switchboard.idempotency``.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson
from starlette.requests import Request

from switchboard.idempotency import fingerprint

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def fingerprint_of(method: str, path: str, query: Iterable[tuple[str, str]], raw_body: bytes) -> str:
    """Path, query and body (JSON compared by value, so spacing and key order do not matter)."""
    try:
        body: object = orjson.loads(raw_body) if raw_body else None
    except orjson.JSONDecodeError:
        body = raw_body.decode("utf-8", errors="replace")
    return fingerprint(method, path, sorted(query), body)


async def request_fingerprint(request: Request) -> str:
    return fingerprint_of(request.method, request.url.path, request.query_params.multi_items(), await request.body())
