"""Method calls: ``/v1.0/account/connectors/{id}/methods/{methodId}`` (and ``/body``, ``/test/``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Request
from starlette.responses import Response, StreamingResponse

from switchboard.api.allow_list import PartnerAccess, check_caller
from switchboard.api.deps import AccountIdDep, PartnerAccessDep, ServicesDep
from switchboard.api.errors import error_response
from switchboard.api.middleware import request_id
from switchboard.api.schemas import CallById, CallByName, Id, TestCallOut
from switchboard.api.services import Services
from switchboard.engine.inputs import CallInputs, InputsById, InputsByName, InputsByQuery
from switchboard.engine.outputs import CallResult
from switchboard.engine.trace import Redactor
from switchboard.errors import SwitchboardError
from switchboard.observability import CallContext
from switchboard.observability.tracing import span

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Method calls"])

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# What any call may answer beside Switchboard's own 4xx (api.openapi adds those to every operation).
_FAILURES: dict[int | str, dict[str, Any]] = {
    403: {"description": "The caller's IP address is not on the partner's allow list", "content": _ERROR},
    502: {"description": "The third party could not be reached or sent something unusable", "content": _ERROR},
    504: {"description": "The third party did not answer in time", "content": _ERROR},
    "4XX": {"description": "The third party's own error, relayed with Source: Upstream", "content": _ERROR},
    "5XX": {"description": "The third party's own error, relayed with Source: Upstream", "content": _ERROR},
}
_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The third party's answer, shaped by the method (JSON; XML or text if the method answers so)",
        "content": {"application/json": {"schema": {}}, "*/*": {"schema": {}}},
    },
    **_FAILURES,
}
_TEST_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"description": "The answer, with the requests sent and the responses received", "model": TestCallOut},
    **_FAILURES,
}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling, for which account: what every call endpoint resolves first."""

    request: Request
    svc: Services
    partner: PartnerAccess
    account: str


async def caller(request: Request, svc: ServicesDep, partner: PartnerAccessDep, account: AccountIdDep) -> Caller:
    return Caller(request, svc, partner, account)


CallerDep = Annotated[Caller, Depends(caller)]


@router.post("/{connector_id}/methods/{method_id}", responses=_ANSWER)
async def call_method(
    who: CallerDep, connector_id: Id, method_id: str, body: Annotated[CallById | None, Body()] = None
) -> Response:
    """Call a method with Parameters, Fields and Mergefields keyed by numeric Id."""
    return await _call(who, connector_id, method_id, _by_id(body), "rest")


@router.get("/{connector_id}/methods/{method_id}", responses=_ANSWER)
async def call_method_legacy(who: CallerDep, connector_id: Id, method_id: str) -> Response:
    """The legacy GET: values in the query string, keyed by Id or TargetName."""
    return await _call(who, connector_id, method_id, InputsByQuery(dict(who.request.query_params)), "legacy")


@router.post("/{connector_id}/methods/{method_id}/body", responses=_ANSWER)
async def call_method_body(
    who: CallerDep, connector_id: Id, method_id: str, body: Annotated[CallByName | None, Body()] = None
) -> Response:
    """Call a method with a RequestBody string and Parameters/Mergefields keyed by TargetName."""
    values = body or CallByName()
    inputs = InputsByName(values.request_body, values.parameters, values.mergefields)
    return await _call(who, connector_id, method_id, inputs, "body")


@router.post("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method(
    who: CallerDep, connector_id: Id, method_id: str, body: Annotated[CallById | None, Body()] = None
) -> Response:
    """Call a method and answer, beside its response, the requests sent and answers received (redacted)."""
    return await _call(who, connector_id, method_id, _by_id(body), "test", trace=True)


@router.get("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method_legacy(who: CallerDep, connector_id: Id, method_id: str) -> Response:
    """``/test/`` with values in the query string."""
    return await _call(who, connector_id, method_id, InputsByQuery(dict(who.request.query_params)), "test", trace=True)


def _by_id(body: CallById | None) -> InputsById:
    values = body or CallById()
    return InputsById(values.parameters, values.mergefields, values.fields)


async def _call(
    who: Caller, connector_id: int, method_ref: str, inputs: CallInputs, kind: str, *, trace: bool = False
) -> Response:
    """One trace (when tracing is on) for the store lookup and the call."""
    with span("switchboard.request", **{"switchboard.request_id": request_id(who.request), "switchboard.kind": kind}):
        return await _resolve_and_call(who, connector_id, method_ref, inputs, kind, trace=trace)


async def _resolve_and_call(
    who: Caller, connector_id: int, method_ref: str, inputs: CallInputs, kind: str, *, trace: bool
) -> Response:
    """Steps 1-2 (resolve the account connector, guard the caller's address); the engine does the rest."""
    svc = who.svc
    started = time.perf_counter()
    with span("store.open_connection"):
        connection = await svc.connections.open(who.partner.id, who.account, connector_id)
    store_seconds = time.perf_counter() - started
    if not connection.connector.definition.is_partner_integration:
        check_caller(who.request, who.partner, svc.settings.trusted_proxies)
    context = CallContext(request_id(who.request), who.partner.id, who.account, kind)
    if not trace:
        result = await svc.recorder.call(svc.engine, context, connection, method_ref, inputs)
        result.timings["store"] = store_seconds
        return _response(result)
    try:
        result = await svc.recorder.call(svc.engine, context, connection, method_ref, inputs, trace=True)
    except SwitchboardError as exc:
        return error_response(exc, {"Exchanges": exc.exchanges})
    redactor = result.redactor or Redactor([])
    answer = await result.read()
    body: dict[str, Any] = {
        "Status": result.status,
        "Response": redactor.body(answer),
        "Exchanges": [redactor.exchange(e) for e in result.exchanges],
    }
    return Response(orjson.dumps(body), media_type="application/json")


def server_timing(timings: dict[str, float]) -> str:
    """``store;dur=0.02, limiter;dur=0.01, upstream;dur=0.9`` (milliseconds): where a call's time went."""
    return ", ".join(f"{name};dur={seconds * 1000:.3f}" for name, seconds in sorted(timings.items()))


def _response(result: CallResult) -> Response:
    headers = {"Server-Timing": server_timing(result.timings)}
    if result.chunks is not None:
        return StreamingResponse(
            result.chunks, status_code=result.status, media_type=result.content_type, headers=headers
        )
    return Response(result.body, status_code=result.status, media_type=result.content_type, headers=headers)
