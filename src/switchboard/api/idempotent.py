"""The call edge's glue for ``Idempotency-Key``: fingerprint the request, run the call once, replay.

Route-agnostic (a Starlette ``Request`` and a function that makes the call), so a faster call path
can reuse it; the logic lives in ``switchboard.idempotency``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from switchboard.api.errors import error_response
from switchboard.engine.outputs import CallResult
from switchboard.errors import UpstreamError
from switchboard.idempotency import Answer, Idempotency, fingerprint, valid_key

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


async def request_fingerprint(request: Request) -> str:
    """Path, query and body (JSON compared by value, so spacing and key order do not matter)."""
    raw = await request.body()
    try:
        body: object = orjson.loads(raw) if raw else None
    except orjson.JSONDecodeError:
        body = raw.decode("utf-8", errors="replace")
    return fingerprint(request.method, request.url.path, sorted(request.query_params.multi_items()), body)


async def idempotent(
    request: Request,
    idempotency: Idempotency,
    partner_id: int,
    account: str,
    key: str | None,
    call: Callable[[], Awaitable[CallResult]],
) -> Response | None:
    """The answer under the request's key (run once, replayed after), or None when it has no key.

    Upstream errors are answers too (the request reached the provider); errors raised before
    anything was sent (bad input, unknown ids) store nothing, so the caller can fix and retry.
    """
    if key is None:
        return None

    async def once() -> Answer:
        try:
            result = await call()
        except UpstreamError as exc:
            response = error_response(exc)
            return Answer(response.status_code, "application/json", bytes(response.body))
        return Answer(result.status, result.content_type, await result.read())

    answer, replayed = await idempotency.run(
        partner_id, account, valid_key(key), await request_fingerprint(request), once
    )
    headers = {REPLAYED: "true"} if replayed else {}
    return Response(answer.body, status_code=answer.status, media_type=answer.content_type, headers=headers)
