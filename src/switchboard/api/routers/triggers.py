"""Triggers (Cyclr's drop-down lookups): ``POST /v1.0/account/connectors/{id}/triggers/{triggerId}``.

A trigger is one of the connector's lookup methods (a ``ddl`` or ``static`` output); its
``TriggerId`` is that method's Id. The call goes through ``run_call`` like any method call (call
log, metrics, events, the IP allow list), and its ``{"result": [{"text", "value"}]}`` answer
comes back as Cyclr's ``[{"Name", "Value"}]``.
"""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Body

from switchboard.api.bodies import JsonRoute
from switchboard.api.calling import CallRequest, run_call
from switchboard.api.catalog_schemas import TriggerOption
from switchboard.api.middleware import request_id
from switchboard.api.routers.calls import CallerDep
from switchboard.api.schemas import CallById, Id
from switchboard.engine.inputs import InputsById
from switchboard.errors import NotFound, UpstreamProtocolError
from switchboard.store.account_connectors import get_account_connector
from switchboard.store.accounts import get_account

router = APIRouter(prefix="/v1.0/account/connectors", tags=["Method calls"], route_class=JsonRoute)


@router.post("/{connector_id}/triggers/{trigger_id}", response_model=list[TriggerOption])
async def call_trigger(
    who: CallerDep, connector_id: Id, trigger_id: Id, body: Annotated[CallById | None, Body()] = None
) -> list[TriggerOption]:
    """The options of a lookup, for a drop-down: ``[{"Name": shown, "Value": sent}]``.

    ``Parameters`` and ``Mergefields`` (keyed by Id) reach the lookup method as in a method call.
    """
    svc = who.svc
    async with svc.db.session() as session:
        account = await get_account(session, who.partner.id, who.account)
        row = await get_account_connector(session, account.id, connector_id)
    connector = svc.registry.by_key.get(row.connector_key)
    trigger = next((m for m in connector.triggers if m.id == trigger_id), None) if connector else None
    if connector is None or trigger is None:
        raise NotFound(f"Trigger {trigger_id} was not found on account connector {connector_id}")
    values = body or CallById()
    request = who.request
    call = CallRequest(
        who.partner,
        who.account,
        request_id(request),
        "rest",
        connector_id,
        trigger.unique_id,
        InputsById(values.parameters, values.mergefields, values.fields),
        peer=request.client.host if request.client else None,
        forwarded_for=",".join(request.headers.getlist("x-forwarded-for")),
    )
    answer = await run_call(svc, call)
    raw = answer.body if answer.chunks is None else b"".join([chunk async for chunk in answer.chunks])
    try:
        options = orjson.loads(raw or b"{}")["result"]
        return [TriggerOption(name=str(o["text"]), value=o["value"]) for o in options]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:  # a lookup always answers {"result": [...]}
        raise UpstreamProtocolError(f"Trigger {trigger_id} did not answer a list of options", status=502) from exc
