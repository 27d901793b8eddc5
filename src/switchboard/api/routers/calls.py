"""Method calls: ``/v1.0/account/connectors/{id}/methods/{methodId}`` (and ``/body``, ``/test/``).

These declarations describe the routes in the OpenAPI document; requests to them are served by
``api.fastpath`` ahead of FastAPI (same rules, same errors, without per-request dependency solving).
Both go through ``api.calling.run_call``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from starlette.responses import Response, StreamingResponse

from switchboard.api.allow_list import PartnerAccess
from switchboard.api.bodies import JsonRoute
from switchboard.api.calling import CallRequest, call_kind, run_call
from switchboard.api.deps import AccountIdDep, PartnerAccessDep, ServicesDep
from switchboard.api.idempotent import HEADER, one_key, request_fingerprint
from switchboard.api.middleware import request_id
from switchboard.api.ndjson import wants_ndjson
from switchboard.api.schemas import CallById, CallByName, Id, TestCallOut
from switchboard.api.services import Services
from switchboard.engine.call import CallMode
from switchboard.engine.inputs import CallInputs, InputsById, InputsByName, InputsByQuery

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Method calls"], route_class=JsonRoute)

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
        "description": "The third party's answer, shaped by the method (JSON; XML or text if the method answers so). "
        "With Accept: application/x-ndjson a paged list answers one record a line as its pages arrive; "
        'a failure after the first line ends it with a line {"Error": {"Message": ..., "Status": ...}}',
        "content": {
            "application/json": {"schema": {}},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "*/*": {"schema": {}},
        },
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
    # account_api_id has checked that the token may reach the account.
    return Caller(request, svc, partner, account)


CallerDep = Annotated[Caller, Depends(caller)]


# ?dryRun=true: validate and answer the request that would be sent (secrets redacted), sending nothing.
DryRunDep = Annotated[bool, Query(alias="dryRun", description="Answer the request that would be sent; send nothing")]
DRY_RUN = "dryRun"
IdempotencyKeyDep = Annotated[
    str | None,
    Header(
        alias=HEADER,
        description="Run the call once: a repeat with this key and the same request gets the stored answer "
        "(24 h); the same key with another request is a 422",
    ),
]


@router.post("/{connector_id}/methods/{method_id}", responses=_ANSWER)
async def call_method(
    who: CallerDep,
    connector_id: Id,
    method_id: str,
    body: Annotated[CallById | None, Body()] = None,
    dry_run: DryRunDep = False,
    idempotency_key: IdempotencyKeyDep = None,
) -> Response:
    """Call a method with Parameters, Fields and Mergefields keyed by numeric Id."""
    mode = CallMode(dry_run=dry_run, idempotency_key=idempotency_key)
    return await _call(who, connector_id, method_id, _by_id(body), mode)


@router.get("/{connector_id}/methods/{method_id}", responses=_ANSWER)
async def call_method_legacy(who: CallerDep, connector_id: Id, method_id: str, dry_run: DryRunDep = False) -> Response:
    """The legacy GET: values in the query string, keyed by Id or TargetName."""
    return await _call(who, connector_id, method_id, _query(who), CallMode(dry_run=dry_run))


@router.post("/{connector_id}/methods/{method_id}/body", responses=_ANSWER)
async def call_method_body(
    who: CallerDep,
    connector_id: Id,
    method_id: str,
    body: Annotated[CallByName | None, Body()] = None,
    dry_run: DryRunDep = False,
    idempotency_key: IdempotencyKeyDep = None,
) -> Response:
    """Call a method with a RequestBody string and Parameters/Mergefields keyed by TargetName."""
    values = body or CallByName()
    inputs = InputsByName(values.request_body, values.parameters, values.mergefields)
    return await _call(who, connector_id, method_id, inputs, CallMode(dry_run=dry_run, idempotency_key=idempotency_key))


@router.post("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method(
    who: CallerDep,
    connector_id: Id,
    method_id: str,
    body: Annotated[CallById | None, Body()] = None,
    dry_run: DryRunDep = False,
) -> Response:
    """Call a method and answer, beside its response, the requests sent and answers received (redacted)."""
    return await _call(who, connector_id, method_id, _by_id(body), CallMode(trace=True, dry_run=dry_run))


@router.get("/{connector_id}/test/{method_id}", responses=_TEST_ANSWER)
async def test_method_legacy(who: CallerDep, connector_id: Id, method_id: str, dry_run: DryRunDep = False) -> Response:
    """``/test/`` with values in the query string."""
    return await _call(who, connector_id, method_id, _query(who), CallMode(trace=True, dry_run=dry_run))


def _query(who: Caller) -> InputsByQuery:
    return InputsByQuery({k: v for k, v in who.request.query_params.items() if k != DRY_RUN})


def _by_id(body: CallById | None) -> InputsById:
    values = body or CallById()
    return InputsById(values.parameters, values.mergefields, values.fields)


async def _call(who: Caller, connector_id: int, method_ref: str, inputs: CallInputs, mode: CallMode) -> Response:
    """The declared routes answer as the fast path does: through ``run_call``."""
    request = who.request
    key = one_key(request.headers.getlist(HEADER))  # the legacy GET documents none but honours one
    call = CallRequest(
        who.partner,
        who.account,
        request_id(request),
        call_kind(request.method, request.url.path),
        connector_id,
        method_ref,
        inputs,
        mode=CallMode(
            trace=mode.trace,
            dry_run=mode.dry_run,
            idempotency_key=key,
            stream=not mode.trace and key is None and wants_ndjson(request.headers.get("accept")),
        ),
        fingerprint=await request_fingerprint(request) if key and not mode.trace else None,
        peer=request.client.host if request.client else None,
        forwarded_for=",".join(request.headers.getlist("x-forwarded-for")),
    )
    answer = await run_call(who.svc, call)
    if answer.chunks is not None:
        return StreamingResponse(
            answer.chunks, status_code=answer.status, media_type=answer.content_type, headers=answer.headers
        )
    return Response(answer.body, status_code=answer.status, media_type=answer.content_type, headers=answer.headers)
