"""One method call for the API's edges: ``run_call`` is the one function every call route goes through.

The fast ASGI path (``api.fastpath``) and the FastAPI route declarations (``api.routers.calls``,
kept for the OpenAPI document) both hand it a ``CallRequest`` and send back its ``Answer``.
Hooks that wrap a call (call log, metrics, events, dry runs, idempotency) belong here, once.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from switchboard.api.allow_list import PartnerAccess, check_address
from switchboard.api.errors import error_parts
from switchboard.api.idempotent import REPLAYED
from switchboard.api.ndjson import ending_with_error_line
from switchboard.api.services import Services
from switchboard.connections import OpenConnection
from switchboard.engine.call import CallMode
from switchboard.engine.inputs import CallInputs
from switchboard.engine.outputs import CallResult
from switchboard.engine.trace import Redactor
from switchboard.errors import SwitchboardError, UpstreamError
from switchboard.idempotency import Answer as KeyedAnswer
from switchboard.idempotency import valid_key
from switchboard.observability import CallContext
from switchboard.observability.tracing import span, tracer


@dataclass(frozen=True, slots=True)
class CallRequest:
    """Who calls which method of which account connector, with what, from where."""

    partner: PartnerAccess
    account: str
    request_id: str  # X-Request-Id: in the answer, the log line and the call log
    kind: str  # rest, body, legacy or test: which edge, for the call log
    connector_id: int
    method_ref: str
    inputs: CallInputs
    mode: CallMode = field(default_factory=CallMode)
    fingerprint: str | None = None  # of the request as sent, when it carries an Idempotency-Key
    peer: str | None = None  # the TCP peer's address
    forwarded_for: str = ""  # every X-Forwarded-For value, comma-joined


@dataclass(slots=True)
class Answer:
    """What goes back to the caller: bytes, or chunks streamed from a spool."""

    status: int
    body: bytes | None = None
    chunks: AsyncIterator[bytes] | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def call_kind(http_method: str, path: str) -> str:
    """Which edge a call came by, for the call log: ``test``, ``body``, ``legacy`` (GET) or ``rest``."""
    if "/test/" in path:
        return "test"
    if path.endswith("/body"):
        return "body"
    return "legacy" if http_method == "GET" else "rest"


def error_answer(exc: SwitchboardError, extra: dict[str, Any] | None = None) -> Answer:
    status, body, headers = error_parts(exc, extra)
    return Answer(status, body, headers=headers)


async def run_call(svc: Services, call: CallRequest) -> Answer:
    """Steps 1-2 (resolve the account connector, guard the caller's address); the engine does the rest.

    Raises the ``SwitchboardError`` that ends a plain call; a traced (``/test/``) call answers its
    error with the exchanges made so far.
    """
    if tracer() is None:  # tracing off: no span to open, nor its attributes to build
        return await _resolve_and_call(svc, call)
    with span("switchboard.request", **{"switchboard.request_id": call.request_id, "switchboard.kind": call.kind}):
        return await _resolve_and_call(svc, call)


async def _resolve_and_call(svc: Services, call: CallRequest) -> Answer:
    started = time.perf_counter()
    with span("store.open_connection"):
        connection = await svc.connections.open(call.partner.id, call.account, call.connector_id)
    store_seconds = time.perf_counter() - started
    if not connection.connector.definition.is_partner_integration:
        check_address(call.peer, call.forwarded_for, call.partner, svc.settings.trusted_proxies)
    mode = call.mode
    context = CallContext(call.request_id, call.partner.id, call.account, call.kind)
    if mode.dry_run:  # validated and built, nothing sent: not a call for the log or the metrics
        result = await svc.engine.call(connection, call.method_ref, call.inputs, mode=mode)
        if not mode.trace:
            return Answer(result.status, result.body, result.chunks, result.content_type)
        # /test/ keeps its documented shape: the dry run is the Response, nothing was exchanged.
        dry = {"Status": result.status, "Response": orjson.loads(await result.read()), "Exchanges": []}
        return Answer(200, orjson.dumps(dry))
    if not mode.trace:
        if mode.idempotency_key is not None and call.fingerprint is not None:
            return await _once_per_key(svc, context, connection, call, mode.idempotency_key, call.fingerprint)
        result = await _recorded(svc, context, connection, call)
        if result.streaming and result.chunks is not None:
            target = connection.target
            result.chunks = ending_with_error_line(
                result.chunks, lambda exc: svc.call_failures.report_target(target, call.method_ref, exc)
            )
        result.timings["store"] = store_seconds
        headers = {"Server-Timing": server_timing(result.timings)}
        if result.chunks is not None and result.length is not None:
            headers["Content-Length"] = str(result.length)  # a streamed answer of known size is not chunked
        return Answer(result.status, result.body, result.chunks, result.content_type, headers)
    try:
        result = await _recorded(svc, context, connection, call)
    except SwitchboardError as exc:
        return error_answer(exc, {"Exchanges": exc.exchanges})
    redactor = result.redactor or Redactor([])
    answer = await result.read()
    body: dict[str, Any] = {
        "Status": result.status,
        "Response": redactor.body(answer),
        "Exchanges": [redactor.exchange(e) for e in result.exchanges],
    }
    return Answer(200, orjson.dumps(body))


async def _once_per_key(
    svc: Services, context: CallContext, connection: OpenConnection, call: CallRequest, key: str, print_: str
) -> Answer:
    """Run the call once under ``key``; a repeat of the same request gets the stored answer.

    Upstream errors are answers too (the request reached the provider); errors raised before
    anything was sent (bad input, unknown ids, our own rate limit) store nothing, so the caller
    can fix and retry under the same key.
    """

    async def once() -> KeyedAnswer:
        try:
            result = await _recorded(svc, context, connection, call)
        except UpstreamError as exc:
            status, body, _ = error_parts(exc)
            return KeyedAnswer(status, "application/json", body)
        return KeyedAnswer(result.status, result.content_type, await result.read())

    # Scoped to the account's creation nonce, not its Id: an account deleted and made again under
    # the same Id does not get the old one's answers.
    account = connection.target.account_uid
    stored, replayed = await svc.idempotency.run(call.partner.id, account, valid_key(key), print_, once)
    headers = {REPLAYED: "true"} if replayed else {}
    return Answer(stored.status, stored.body, content_type=stored.content_type, headers=headers)


async def _recorded(svc: Services, context: CallContext, connection: OpenConnection, call: CallRequest) -> CallResult:
    """The engine's call through the recorder (metrics, log line, call log); a failure is also an event
    (``call.failed`` / ``ratelimit.exhausted``, written off this call's path)."""
    try:
        return await svc.recorder.call(svc.engine, context, connection, call.method_ref, call.inputs, mode=call.mode)
    except SwitchboardError as exc:
        svc.call_failures.report_target(connection.target, call.method_ref, exc)
        raise


def server_timing(timings: dict[str, float]) -> str:
    """``limiter;dur=0.010, store;dur=0.020, upstream;dur=0.900`` (milliseconds): where a call's time went."""
    return ", ".join([f"{name};dur={timings[name] * 1000:.3f}" for name in sorted(timings)])
