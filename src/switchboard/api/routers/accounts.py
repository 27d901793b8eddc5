"""Accounts: ``/v1.0/accounts``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from switchboard.api import account_settings
from switchboard.api.account_settings import account_out
from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountOwnerDep, PartnerDep, ServicesDep
from switchboard.api.listing import PAGED, Ascending, PagingDep
from switchboard.api.schemas import AccountIn, AccountOut, AccountSettings, AccountUpdate
from switchboard.store import accounts
from switchboard.store.accounts import AccountOrder

router = APIRouter(prefix="/v1.0/accounts", tags=["Accounts"], route_class=JsonRoute)
_SETTINGS = set(AccountSettings.model_fields)  # applied by account_settings, with Cyclr's rules


@router.get("", response_model=list[AccountOut], responses=PAGED)
async def list_accounts(
    svc: ServicesDep,
    partner: PartnerDep,
    paging: PagingDep,
    response: Response,
    order_by: Annotated[AccountOrder, Query(alias="orderBy")] = "CreatedDate",
    ascending: Ascending = True,
) -> list[AccountOut]:
    """A page of the partner's accounts, oldest first unless ``orderBy``/``sortOrderAsc`` say otherwise."""
    async with svc.db.session() as session:
        found, total = await accounts.page_accounts(
            session, partner, offset=paging.offset, limit=paging.size, order_by=order_by, ascending=ascending
        )
    return paging.answer(response, [account_out(a) for a in found], total)


@router.post("", response_model=AccountOut)
async def create_account(svc: ServicesDep, partner: PartnerDep, body: AccountIn) -> AccountOut:
    """Create an account (200, as Cyclr); its API ID is yours to choose (``Id``) or a new GUID.

    An ``Id`` the partner already uses is a 400 ``ID already in use``, Cyclr's answer.
    """
    async with svc.db.session() as session:
        account = await accounts.create_account(
            session,
            partner,
            api_id=body.id or str(uuid.uuid4()),
            name=body.name,
            description=body.description,
            timezone=body.timezone,
        )
        await account_settings.apply(session, svc.secrets, svc.webhook_targets, account, body)
        return account_out(account)


@router.get("/{account_id}", response_model=AccountOut)
async def get_account(svc: ServicesDep, partner: AccountOwnerDep, account_id: str) -> AccountOut:
    async with svc.db.session() as session:
        return account_out(await accounts.get_account(session, partner, account_id))


@router.put("/{account_id}", response_model=AccountOut)
async def update_account(
    svc: ServicesDep, partner: AccountOwnerDep, account_id: str, body: AccountUpdate
) -> AccountOut:
    async with svc.db.session() as session:
        account = await accounts.get_account(session, partner, account_id)
        for name, value in body.model_dump(exclude_none=True, by_alias=False, exclude=_SETTINGS).items():
            setattr(account, name, value)
        await account_settings.apply(session, svc.secrets, svc.webhook_targets, account, body)
        return account_out(account)


@router.delete(
    "/{account_id}", response_class=Response, responses={200: {"description": "Deleted; the body is empty, as Cyclr's"}}
)
async def delete_account(svc: ServicesDep, partner: PartnerDep, account_id: str) -> Response:
    """Delete the account with its account connectors and their credentials (200, as Cyclr)."""
    async with svc.db.session() as session:
        await accounts.delete_account(session, partner, account_id)
    svc.connections.writes.forget_all()  # its account connectors went with it
    svc.forget_tokens()  # and the tokens restricted to it
    return Response(status_code=200)
