"""Request dependencies: who is calling (partner token) and for which account.

They read headers straight from the request: FastAPI's per-parameter machinery costs more
than the rest of a call's own work. ``api.openapi`` documents the headers instead.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from switchboard.api.allow_list import PartnerAccess, check_caller
from switchboard.api.scope import account_of, check_account, check_partner_level
from switchboard.api.services import Services
from switchboard.errors import NotAuthenticated
from switchboard.store.accounts import get_account
from switchboard.store.mcp_tokens import TOKEN_PREFIX as MCP_TOKEN_PREFIX
from switchboard.store.models import Account


async def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


ServicesDep = Annotated[Services, Depends(services)]


async def partner_access(request: Request) -> PartnerAccess:
    """The partner behind the bearer token, with its IP allow list and account restriction; 401 otherwise.

    Routes that take this themselves check the account they work in (``api.scope``).
    """
    return await partner_for_header(request.app.state.services, request.headers.get("authorization"))


async def partner_for_header(svc: Services, authorization: str | None) -> PartnerAccess:
    """``partner_access`` from the ``Authorization`` header's value (the ASGI edge reads it itself)."""
    if not authorization:
        raise NotAuthenticated("Authorization header is missing: send 'Authorization: Bearer <access token>'")
    cached = svc.tokens.get(authorization)  # keyed by the raw value: a hit neither parses nor hashes
    if cached is not None:
        return cached
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Authorization must be 'Bearer <access token>'")
    found = await svc.partner_for(token.strip(), header=authorization)
    if found is None:
        if token.strip().startswith(MCP_TOKEN_PREFIX):  # a real one, or not: the prefix says what was meant
            raise NotAuthenticated(
                "An MCP token works at /mcp and the tool routes (.../tools) only; "
                "send a partner access token from POST /oauth/token here"
            )
        raise NotAuthenticated("The access token is unknown or has expired; get a new one from POST /oauth/token")
    return found


PartnerAccessDep = Annotated[PartnerAccess, Depends(partner_access)]


async def partner_id(request: Request) -> int:
    """A partner-level route: the id of the partner behind the bearer token; 401 otherwise, and for a
    token restricted to one account."""
    access = await partner_access(request)
    check_partner_level(access)
    return access.id


PartnerDep = Annotated[int, Depends(partner_id)]


async def allowed_caller(request: Request) -> None:
    """403 unless the caller's address is on the partner's IP allow list: for the routes beside method calls that
    call the provider or hand out what it answered (a sync's runs and records)."""
    svc: Services = request.app.state.services
    check_caller(request, await partner_access(request), svc.settings.trusted_proxies)


CallerAllowed = Depends(allowed_caller)


async def any_token(request: Request) -> int:
    """A route any live token may use, restricted or not (the read-only connector catalogue)."""
    return (await partner_access(request)).id


AnyTokenDep = Annotated[int, Depends(any_token)]


async def account_owner(request: Request) -> int:
    """A route on the account in its path (``{account_id}``): the partner's id, once the token may reach it."""
    access = await partner_access(request)
    check_account(access, str(request.path_params["account_id"]))
    return access.id


AccountOwnerDep = Annotated[int, Depends(account_owner)]


async def account_api_id(request: Request, partner: PartnerAccessDep) -> str:
    """The account the request works in: ``X-Cyclr-Account``, once the token may reach it, or a restricted
    token's own account when the header is left out (``scope.account_of``)."""
    return account_of(partner, request.headers.getlist("x-cyclr-account"))


AccountIdDep = Annotated[str, Depends(account_api_id)]


async def current_account(svc: ServicesDep, partner: PartnerAccessDep, api_id: AccountIdDep) -> Account:
    """The account the request works in (``account_api_id``); 404 when the partner has none such."""
    async with svc.db.session() as session:
        return await get_account(session, partner.id, api_id)


AccountDep = Annotated[Account, Depends(current_account)]
