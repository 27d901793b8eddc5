"""The method browser, and trying a method through the same path as ``/test/``: the recorder (metrics,
log line, call log entry of kind ``test``) around ``Engine.call(trace=True)``."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from switchboard.catalog.registry import Connector, Method
from switchboard.console import render, views
from switchboard.console.routes.common import check_allowed, show
from switchboard.console.session import ConsoleSession, CsrfRefused, checked_form, current, services, to_sign_in
from switchboard.engine.call import CallMode
from switchboard.engine.inputs import InputsById
from switchboard.engine.trace import Redactor
from switchboard.errors import NotFound, SwitchboardError
from switchboard.numbers import is_digits
from switchboard.observability import CallContext
from switchboard.store.account_connectors import partner_connections

router = APIRouter()


def _method(request: Request, connector_id: int, method_id: str) -> tuple[Connector, Method] | None:
    found = services(request).registry.by_id.get(connector_id)
    if found is None:
        return None
    try:
        return found, found.method(method_id)
    except SwitchboardError:
        return None


@router.get("/console/connectors/{connector_id}/methods")
async def methods(request: Request, connector_id: int) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    found = services(request).registry.by_id.get(connector_id)
    if found is None:
        return show(request, who, "missing.html", title="Not found", what="That connector", status=404)
    query = request.query_params.get("q", "")[:200]
    category = request.query_params.get("category", "")[:200]
    return show(
        request,
        who,
        "methods.html",
        title=f"{found.definition.name} methods",
        connector=found,
        methods=views.search(found, query, category),
        categories=views.categories(found),
        q=query,
        category=category,
    )


async def _method_page(
    request: Request, who: ConsoleSession, connector: Connector, method: Method, result: dict[str, Any] | None
) -> Response:
    svc = services(request)
    async with svc.db.session() as session:
        connections = await partner_connections(session, who.partner_id, connector.key)
    chosen = request.query_params.get("connection", "")
    picked = next((c for c in connections if f"{c[0]}:{c[1].id}" == chosen), connections[0] if connections else None)
    example = views.examples(svc.settings.public_url, picked[0], picked[1].id, method) if picked else None
    return show(
        request,
        who,
        "method.html",
        title=method.definition.name,
        connector=connector,
        method=method,
        connections=connections,
        picked=f"{picked[0]}:{picked[1].id}" if picked else "",
        example=example,
        result=result,
    )


@router.get("/console/connectors/{connector_id}/methods/{method_id}")
async def method(request: Request, connector_id: int, method_id: str) -> Response:
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    found = _method(request, connector_id, method_id)
    if found is None:
        return show(request, who, "missing.html", title="Not found", what="That method", status=404)
    return await _method_page(request, who, found[0], found[1], None)


@router.post("/console/connectors/{connector_id}/methods/{method_id}/try")
async def try_method(request: Request, connector_id: int, method_id: str) -> Response:
    """Calls the method with ``Engine.call(trace=True)`` as ``/test/`` does, and shows the redacted exchanges."""
    who = await current(request)
    if who is None:
        return to_sign_in(request)
    try:
        form = {k: v for k, v in (await checked_form(request, who)).items() if isinstance(v, str)}
    except CsrfRefused as exc:
        return render.page("refused.html", status=403, message=exc.message)
    found = _method(request, connector_id, method_id)
    if found is None:
        return show(request, who, "missing.html", title="Not found", what="That method", status=404)
    connector, target = found
    return await _method_page(request, who, connector, target, await _run(request, who, target, form))


async def _run(request: Request, who: ConsoleSession, method: Method, form: dict[str, str]) -> dict[str, Any]:
    svc = services(request)
    account, _, connection_id = form.get("connection", "").rpartition(":")
    body = views.try_inputs(method, form)
    # What was typed goes back into the form with the answer, so a second try starts from it.
    typed = {k: v for k, v in form.items() if k[:1] in {"p", "f"} and is_digits(k[1:])}
    try:
        await check_allowed(request, who)
        if not is_digits(connection_id):
            raise NotFound("Choose an account connector to call it with")
        connection = await svc.connections.open(who.partner_id, account, int(connection_id))
        if connection.connector.key != method.connector_key:
            raise NotFound("That account connector is not this method's connector")
        # The request id the Edge middleware gave this page's POST: the call log entry carries it.
        request_id = getattr(request.state, "request_id", None) or os.urandom(16).hex()
        context = CallContext(request_id, who.partner_id, account, "test")
        inputs = InputsById(body["Parameters"], None, body["Fields"])
        try:
            result = await svc.recorder.call(
                svc.engine, context, connection, method.unique_id, inputs, mode=CallMode(trace=True)
            )
        except SwitchboardError as exc:
            svc.call_failures.report_target(connection.target, method.unique_id, exc)  # as /test/ reports it
            raise
    except SwitchboardError as exc:
        return {
            "status": exc.status,
            "ok": False,
            "answer": exc.message,
            "exchanges": exc.exchanges,
            "sent": body,
            "typed": typed,
        }
    redactor = result.redactor or Redactor([])
    answer = redactor.body(await result.read())
    return {
        "status": result.status,
        "ok": result.status < 400,
        "answer": views.pretty(answer),
        "exchanges": [redactor.exchange(e) for e in result.exchanges],
        "sent": body,
        "typed": typed,
    }
