"""Provider webhooks: ``POST /hooks/{partnerHookKey}/{connectorKey}`` and ``POST /hooks/c/{opaque}``.

No partner token: the provider calls these. ``api.fastpath.FastHooks`` serves them ahead of FastAPI;
these declarations document them (and would serve them without the edge). Each request is verified by its connector's
``webhooks:`` definition over the raw body (``switchboard.hooks``), answered at once, and its
events forwarded to the partner's webhook endpoints as ``provider.event``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import ServicesDep
from switchboard.api.fastpath.hooks import inbound
from switchboard.api.services import Services
from switchboard.hooks import HookAnswer, Inbound

router = APIRouter(prefix="/hooks", tags=["Provider webhooks"], route_class=JsonRoute)

_DOCUMENTED = {
    200: {"description": "Verified and stored (or a handshake answered)"},
    400: {"description": "The body is not JSON, or holds no events where the connector says"},
    401: {"description": "Unsigned, wrongly signed, or outside the replay window"},
    404: {"description": "No webhook is received at this URL"},
    413: {"description": "The body is over SWITCHBOARD_HOOK_MAX_BODY_BYTES"},
    429: {"description": "Too many requests this minute at this URL"},
    503: {"description": "The events could not be stored just now (none acknowledged): send them again"},
}
_BODY = {"requestBody": {"content": {"application/json": {"schema": {}}}, "description": "As the provider sends it"}}


async def _inbound(request: Request, svc: Services) -> Inbound:
    """The request as ``FastHooks`` reads it (which serves these POSTs ahead of this router)."""
    settings = svc.settings
    return await inbound(request.scope, request.receive, settings.hook_max_body_bytes, settings.public_url)


def _answer(answer: HookAnswer) -> JSONResponse:
    return JSONResponse(answer.body, headers=answer.headers)


@router.post("/c/{hook_id}", responses=_DOCUMENTED, openapi_extra=_BODY)  # type: ignore[arg-type]
async def connection_hook(request: Request, svc: ServicesDep, hook_id: str) -> JSONResponse:
    """A connection's own hook URL (``HookUrl`` of ``GET /v1.0/account/connectors/{id}``), for providers
    whose webhooks are made per connection (Salesloft, Asana, Box, Pipedrive, Jira)."""
    return _answer(await svc.hooks.at_connection(hook_id, await _inbound(request, svc)))


@router.post("/{hook_key}/{connector_key}", responses=_DOCUMENTED, openapi_extra=_BODY)  # type: ignore[arg-type]
async def partner_hook(request: Request, svc: ServicesDep, hook_key: str, connector_key: str) -> JSONResponse:
    """The partner's hook URL for one connector (``HookUrl`` of ``GET /v1.0/connectors/{id}/settings``),
    registered once in the provider's app settings (HubSpot, Slack, Intercom, Xero)."""
    return _answer(await svc.hooks.at_partner(hook_key, connector_key, await _inbound(request, svc)))
