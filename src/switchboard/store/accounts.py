"""Accounts: a partner's customers, addressed by API ID."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import Conflict, NotFound, RequestError
from switchboard.store.models import Account

# An account's API ID travels in URL paths and headers: a `/`, a space or a control character would
# make an account that can be created but never read, renamed or deleted.
API_ID_PATTERN = r"^[A-Za-z0-9_.:@-]{1,64}$"
API_ID_RULE = "1 to 64 characters, each a letter, a digit or one of - _ . : @"


def check_api_id(api_id: str) -> str:
    """The API ID unchanged, or an `InputError` naming the allowed characters."""
    if re.fullmatch(API_ID_PATTERN, api_id, flags=re.ASCII) is None:
        raise RequestError(f"The account Id must be {API_ID_RULE}")
    return api_id


async def list_accounts(session: AsyncSession, partner_id: int) -> list[Account]:
    query = select(Account).where(Account.partner_id == partner_id).order_by(Account.id)
    return list((await session.scalars(query)).all())


async def get_account(session: AsyncSession, partner_id: int, api_id: str) -> Account:
    account = await session.scalar(select(Account).where(Account.partner_id == partner_id, Account.api_id == api_id))
    if account is None:
        raise NotFound(f"Account {api_id} was not found")
    return account


async def create_account(
    session: AsyncSession, partner_id: int, *, api_id: str, name: str, description: str, timezone: str
) -> Account:
    check_api_id(api_id)
    account = Account(partner_id=partner_id, api_id=api_id, name=name, description=description, timezone=timezone)
    session.add(account)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict(f"An account with Id {api_id} already exists") from None
    return account


async def delete_account(session: AsyncSession, partner_id: int, api_id: str) -> None:
    await session.delete(await get_account(session, partner_id, api_id))


async def account_by_uid(session: AsyncSession, uid: str) -> Account | None:
    """The account with this creation nonce, if it still exists (a deleted account's nonce names nothing)."""
    return await session.scalar(select(Account).where(Account.uid == uid))
