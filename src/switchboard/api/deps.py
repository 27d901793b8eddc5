"""Request dependencies: who is calling (partner token) and for which account."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from switchboard.api.services import Services
from switchboard.errors import NotAuthenticated, RequestError
from switchboard.store.accounts import get_account
from switchboard.store.models import Account


async def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


ServicesDep = Annotated[Services, Depends(services)]


async def partner_id(
    svc: ServicesDep,
    authorization: Annotated[str | None, Header(description="Bearer token from POST /oauth/token")] = None,
) -> int:
    """The partner behind the bearer token; 401 otherwise."""
    if not authorization:
        raise NotAuthenticated("Authorization header is missing: send 'Authorization: Bearer <access token>'")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Authorization must be 'Bearer <access token>'")
    found = await svc.partner_for(token.strip())
    if found is None:
        raise NotAuthenticated("The access token is unknown or has expired; get a new one from POST /oauth/token")
    return found


PartnerDep = Annotated[int, Depends(partner_id)]


async def account_api_id(
    x_cyclr_account: Annotated[str | None, Header(description="The API ID of the account to work in")] = None,
) -> str:
    if not x_cyclr_account or not x_cyclr_account.strip():
        raise RequestError("X-Cyclr-Account header is missing: send the API ID of the account to work in")
    return x_cyclr_account.strip()


AccountIdDep = Annotated[str, Depends(account_api_id)]


async def current_account(svc: ServicesDep, partner: PartnerDep, api_id: AccountIdDep) -> Account:
    async with svc.db.session() as session:
        return await get_account(session, partner, api_id)


AccountDep = Annotated[Account, Depends(current_account)]
