"""Account connectors: connectors installed into accounts, with their encrypted credentials."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import NotFound
from switchboard.store.models import Account, AccountConnector


@dataclass(frozen=True, slots=True)
class CallTarget:
    """What a method call needs from the store, read in one query."""

    partner_id: int
    account_id: int
    account_api_id: str
    account_connector_id: int
    connector_key: str
    properties: dict[str, Any]
    credentials_encrypted: str | None
    credentials_version: int
    auth_state: str
    auth_error: str | None


async def list_account_connectors(session: AsyncSession, account_id: int) -> list[AccountConnector]:
    query = select(AccountConnector).where(AccountConnector.account_id == account_id).order_by(AccountConnector.id)
    return list((await session.scalars(query)).all())


async def get_account_connector(session: AsyncSession, account_id: int, connector_id: int) -> AccountConnector:
    row = await session.scalar(
        select(AccountConnector).where(AccountConnector.id == connector_id, AccountConnector.account_id == account_id)
    )
    if row is None:
        raise NotFound(f"Account connector {connector_id} was not found")
    return row


async def call_target(session: AsyncSession, partner_id: int, account_api_id: str, connector_id: int) -> CallTarget:
    """The account connector ``connector_id`` of the partner's account ``account_api_id``.

    One query on the hot path; an unknown account and another account's connector both
    give NotFound (ids leak nothing).
    """
    row = (
        await session.execute(
            select(
                Account.id.label("account_id"),
                AccountConnector.id,
                AccountConnector.connector_key,
                AccountConnector.properties,
                AccountConnector.credentials_encrypted,
                AccountConnector.credentials_version,
                AccountConnector.auth_state,
                AccountConnector.auth_error,
            )
            .join(AccountConnector, AccountConnector.account_id == Account.id)
            .where(
                Account.partner_id == partner_id,
                Account.api_id == account_api_id,
                AccountConnector.id == connector_id,
            )
        )
    ).first()
    if row is None:
        raise NotFound(f"Account connector {connector_id} was not found in account {account_api_id}")
    return CallTarget(
        partner_id=partner_id,
        account_id=row.account_id,
        account_api_id=account_api_id,
        account_connector_id=row.id,
        connector_key=row.connector_key,
        properties=dict(row.properties or {}),
        credentials_encrypted=row.credentials_encrypted,
        credentials_version=row.credentials_version,
        auth_state=row.auth_state,
        auth_error=row.auth_error,
    )


async def store_credentials(
    session: AsyncSession,
    connector_id: int,
    encrypted: str | None,
    *,
    auth_state: str,
    expected_version: int | None = None,
) -> bool:
    """Replace the credentials, bumping their version.

    With ``expected_version``, the write happens only if nobody wrote since that version was
    read (a fencing check: a late refresher cannot overwrite a newer token set).
    """
    query = (
        update(AccountConnector)
        .where(AccountConnector.id == connector_id)
        .values(
            credentials_encrypted=encrypted,
            credentials_version=AccountConnector.credentials_version + 1,
            auth_state=auth_state,
            auth_error=None,
        )
    )
    if expected_version is not None:
        query = query.where(AccountConnector.credentials_version == expected_version)
    result = await session.execute(query)
    return bool(getattr(result, "rowcount", 0))
