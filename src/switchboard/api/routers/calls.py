"""Method calls: ``/v1.0/account/connectors/{id}/methods/{methodId}`` (and ``/body``, ``/test/``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Request
from starlette.responses import Response, StreamingResponse

from switchboard.api.allow_list import PartnerAccess, check_caller
from switchboard.api.connections import authenticator_for, oauth_app
from switchboard.api.deps import AccountIdDep, PartnerAccessDep, ServicesDep
from switchboard.api.errors import error_response
from switchboard.api.schemas import CallById, CallByName, Id, TestCallOut
from switchboard.api.services import Services
from switchboard.catalog.registry import Method
from switchboard.engine.binding import BoundInputs, bind_by_id, bind_by_name, bind_query
from switchboard.engine.bodies import parse_request_body
from switchboard.engine.call import LimitScope
from switchboard.engine.outputs import CallResult
from switchboard.engine.trace import Redactor
from switchboard.errors import NotFound, SwitchboardError

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Method calls"])

Binder = Callable[[Method], BoundInputs]
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
    return await _call(who, connector_id, method_id, _by_id(body))


@router.get("/{connector_id}/methods/{method_id}", responses=_ANSWER)
async def call_method_legacy(who: CallerDep, connector_id: Id, method_id: str) -> Response:
    """The legacy GET: values in the query string, keyed by Id or TargetName."""
    return await _call(who, connector_id, method_id, _by_query(who.request))


@router.post("/{connector_id}/methods/{method_id}/body", responses=_ANSWER)
async def call_method_body(
    who: CallerDep, connector_id: Id, method_id: str, body: Annotated[CallByName | None, Body()] = None
) -> Response:
    """Call a method with a RequestBody string and Parameters/Mergefields keyed by TargetName."""
    values = body or CallByName()
    return await _call(who, connector_id, method_id, lambda m: _bind_body(who.svc, m, values))


@router.post("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method(
    who: CallerDep, connector_id: Id, method_id: str, body: Annotated[CallById | None, Body()] = None
) -> Response:
    """Call a method and answer, beside its response, the requests sent and answers received (redacted)."""
    return await _call(who, connector_id, method_id, _by_id(body), trace=True)


@router.get("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method_legacy(who: CallerDep, connector_id: Id, method_id: str) -> Response:
    """``/test/`` with values in the query string."""
    return await _call(who, connector_id, method_id, _by_query(who.request), trace=True)


def _by_id(body: CallById | None) -> Binder:
    values = body or CallById()
    return lambda m: bind_by_id(m, values.parameters, values.mergefields, values.fields)


def _by_query(request: Request) -> Binder:
    query = dict(request.query_params)
    return lambda m: bind_query(m, query)


def _bind_body(svc: Services, method: Method, values: CallByName) -> BoundInputs:
    connector = svc.registry.by_key[method.connector_key].definition
    body_format = method.definition.body_format or connector.body_format
    tree = parse_request_body(values.request_body, body_format)
    return bind_by_name(method, values.parameters, values.mergefields, tree)


async def _call(who: Caller, connector_id: int, method_ref: str, bind: Binder, *, trace: bool = False) -> Response:
    request, svc, partner, account_api_id = who.request, who.svc, who.partner, who.account
    started = time.perf_counter()
    target = await svc.call_target(partner.id, account_api_id, connector_id)
    store_seconds = time.perf_counter() - started
    connector = svc.registry.by_key.get(target.connector_key)
    if connector is None:
        raise NotFound(f"Account connector {connector_id} uses connector {target.connector_key}, no longer available")
    if not connector.definition.is_partner_integration:
        check_caller(request, partner, svc.settings.trusted_proxies)
    method = connector.method(method_ref)
    inputs = bind(method)
    auth = authenticator_for(svc, connector, target)
    app = oauth_app(svc.secrets, target) if connector.definition.auth_of("oauth2") else None
    # A partner's own OAuth app is one client to the provider: its limits span all accounts.
    partner_app = str(target.partner_id) if app is not None and app.owner == "partner" else None
    scope = LimitScope(account_connector_id=target.account_connector_id, partner_app=partner_app)
    if not trace:
        result = await svc.engine.call(connector, method, inputs, auth, scope)
        result.timings["store"] = store_seconds
        return _response(result)
    redactor = Redactor(auth.secrets())
    try:
        result = await svc.engine.call(connector, method, inputs, auth, scope, trace=True)
    except SwitchboardError as exc:
        return error_response(exc, {"Exchanges": [redactor.exchange(e) for e in exc.exchanges]})
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
