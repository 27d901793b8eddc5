"""The call edges' side of ``Idempotency-Key``: the header, and a request's fingerprint.

Both edges (the fast ASGI path and the declared routes) fingerprint the same parts the same way,
so a key first used on one is recognised on the other; ``api.calling.run_call`` does the rest
with ``switchboard.idempotency``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import orjson
from starlette.requests import Request

from switchboard.errors import RequestError
from switchboard.idempotency import fingerprint

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
TWICE = f"{HEADER} was sent more than once with different values: send one key per request"


def one_key(copies: Sequence[str]) -> str | None:
    """The request's key from every copy of the header: identical copies (a proxy may repeat a header) are one
    key; copies that differ are a 400, since which one a repeat would be matched by is anyone's guess."""
    if not copies:
        return None
    if any(copy != copies[0] for copy in copies[1:]):
        raise RequestError(TWICE)
    return copies[0]


def fingerprint_of(method: str, path: str, query: Iterable[tuple[str, str]], raw_body: bytes) -> str:
    """Path, query and body (JSON compared by value, so spacing and key order do not matter)."""
    try:
        body: object = orjson.loads(raw_body) if raw_body else None
    except orjson.JSONDecodeError:
        body = raw_body.decode("utf-8", errors="replace")
    return fingerprint(method, path, sorted(query), body)


async def request_fingerprint(request: Request) -> str:
    return fingerprint_of(request.method, request.url.path, request.query_params.multi_items(), await request.body())
