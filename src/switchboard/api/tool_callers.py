"""Who is calling a tool: a partner token with ``X-Cyclr-Account`` (a restricted one may leave it out), or an
account-scoped MCP token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request

from switchboard.api.allow_list import PartnerAccess, check_caller
from switchboard.api.deps import partner_access
from switchboard.api.scope import account_of
from switchboard.api.services import Services
from switchboard.errors import NotAuthenticated
from switchboard.mcp import ToolCaller, ToolServices
from switchboard.store.mcp_tokens import TOKEN_PREFIX


async def tool_caller(request: Request) -> tuple[ToolServices, ToolCaller]:
    """The caller and its scope; 401 for a missing, unknown, expired or revoked token."""
    svc: Services = request.app.state.services
    _, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if token.startswith(TOKEN_PREFIX):
        found = svc.tool_tokens.get(token)  # keyed by the raw token: a hit neither hashes nor reads the database
        if found is None:
            found = await svc.tool_scope_for(token)
        if found is None:
            raise NotAuthenticated("The MCP token is unknown, expired or revoked; ask for a new one")
        scope, partner = found
        return svc, ToolCaller(scope.partner_id, scope.account_api_id, scope, _guard(request, svc, partner))
    partner = await partner_access(request)
    account = account_of(partner, request.headers.getlist("x-cyclr-account"))
    return svc, ToolCaller(partner.id, account, None, _guard(request, svc, partner))


def _guard(request: Request, svc: Services, partner: PartnerAccess) -> Callable[[], Awaitable[None]]:
    async def guard() -> None:
        check_caller(request, partner, svc.settings.trusted_proxies)

    return guard
