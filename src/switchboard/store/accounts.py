"""Accounts: a partner's customers, addressed by API ID."""

from __future__ import annotations

import re
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import NotFound, RequestError
from switchboard.invalid import echoed
from switchboard.store.models import Account

# An account's API ID travels in URL paths and headers: a `/`, a space or a control character would
# make an account that can be created but never read, renamed or deleted.
# Not "." or ".." alone: a URL's dot segments, which clients squash (/v1.0/accounts/.. reaches /v1.0).
API_ID_PATTERN = r"^(?!\.\.?$)[A-Za-z0-9_.:@-]{1,64}$"
API_ID_RULE = "1 to 64 characters, each a letter, a digit or one of - _ . : @ (not . or .. alone)"
AccountOrder = Literal["CreatedDate", "Name", "Id"]
# Names sort as people read them, whatever the database's collation: case does not count.
_ORDER = {"CreatedDate": Account.id, "Name": func.lower(Account.name), "Id": Account.api_id}


def check_api_id(api_id: str) -> str:
    """The API ID unchanged, or an `InputError` naming the allowed characters."""
    if re.fullmatch(API_ID_PATTERN, api_id, flags=re.ASCII) is None:
        raise RequestError(f"The account Id must be {API_ID_RULE}")
    return api_id


async def list_accounts(session: AsyncSession, partner_id: int) -> list[Account]:
    query = select(Account).where(Account.partner_id == partner_id).order_by(Account.id)
    return list((await session.scalars(query)).all())


async def page_accounts(
    session: AsyncSession, partner_id: int, *, offset: int, limit: int, order_by: AccountOrder, ascending: bool
) -> tuple[list[Account], int]:
    """One page of a partner's accounts in the given order, and how many there are in all."""
    total = await session.scalar(select(func.count()).select_from(Account).where(Account.partner_id == partner_id))
    column: Any = _ORDER[order_by]
    # Account.id breaks ties, so equal names keep one order from page to page.
    order = (column.asc(), Account.id.asc()) if ascending else (column.desc(), Account.id.desc())
    query = select(Account).where(Account.partner_id == partner_id).order_by(*order).offset(offset).limit(limit)
    return list((await session.scalars(query)).all()), total or 0


async def get_account(session: AsyncSession, partner_id: int, api_id: str) -> Account:
    account = await session.scalar(select(Account).where(Account.partner_id == partner_id, Account.api_id == api_id))
    if account is None:
        raise NotFound(f"Account {echoed(api_id)} was not found")
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
        raise RequestError("ID already in use") from None  # Cyclr's words, as its clients compare them
    return account


async def delete_account(session: AsyncSession, partner_id: int, api_id: str) -> None:
    await session.delete(await get_account(session, partner_id, api_id))


async def account_by_uid(session: AsyncSession, uid: str) -> Account | None:
    """The account with this creation nonce, if it still exists (a deleted account's nonce names nothing)."""
    return await session.scalar(select(Account).where(Account.uid == uid))
