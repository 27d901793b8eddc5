"""Account connectors: connectors installed into accounts, with their encrypted credentials."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import NotFound
from switchboard.store.accounts import get_account
from switchboard.store.models import MAX_ID, Account, AccountConnector, ConnectorSetting
from switchboard.store.partner_properties import PartnerProperties


@dataclass(frozen=True, slots=True)
class CallTarget:
    """What a method call needs from the store, read in one query."""

    partner_id: int
    account_id: int
    account_api_id: str
    account_uid: str  # the account's creation nonce: keys scoped to it die with the account
    account_connector_id: int
    connector_key: str
    properties: dict[str, Any]  # secret ones masked; their values are in secret_properties_encrypted
    secret_properties_encrypted: str | None
    credentials_encrypted: str | None
    credentials_version: int
    auth_state: str
    auth_error: str | None
    oauth_app_encrypted: str | None
    partner_client_id: str | None
    partner_client_secret_encrypted: str | None
    # The partner's values for every install of this connector (secret ones masked, encrypted apart).
    partner_properties: dict[str, Any] = field(default_factory=dict)
    partner_secret_properties_encrypted: str | None = None


@dataclass(frozen=True, slots=True)
class Installed:
    """An account's account connector as its tool list needs it: which connector, whether it is signed in, and its
    name (which tells a model two connections to one app apart)."""

    id: int
    connector_key: str
    auth_state: str
    name: str = ""


async def installed_connectors(session: AsyncSession, partner_id: int, account_api_id: str) -> tuple[Installed, ...]:
    """The account's account connectors in install order (four columns, no ORM objects);
    NotFound if the account is not the partner's."""
    query = (
        select(AccountConnector.id, AccountConnector.connector_key, AccountConnector.auth_state, AccountConnector.name)
        .join(Account, Account.id == AccountConnector.account_id)
        .where(Account.partner_id == partner_id, Account.api_id == account_api_id)
        .order_by(AccountConnector.id)
    )
    found = tuple(
        Installed(row.id, row.connector_key, row.auth_state, row.name or "") for row in await session.execute(query)
    )
    if not found:
        await get_account(session, partner_id, account_api_id)  # none: is there such an account at all?
    return found


async def list_account_connectors(session: AsyncSession, account_id: int) -> list[AccountConnector]:
    query = select(AccountConnector).where(AccountConnector.account_id == account_id).order_by(AccountConnector.id)
    return list((await session.scalars(query)).all())


async def get_account_connector(session: AsyncSession, account_id: int, connector_id: int) -> AccountConnector:
    if not 0 < connector_id <= MAX_ID:  # the console takes ids straight from its paths and forms
        raise NotFound(f"Account connector {connector_id} was not found")
    row = await session.scalar(
        select(AccountConnector).where(AccountConnector.id == connector_id, AccountConnector.account_id == account_id)
    )
    if row is None:
        raise NotFound(f"Account connector {connector_id} was not found")
    return row


async def call_target(session: AsyncSession, partner_id: int, account_api_id: str, connector_id: int) -> CallTarget:
    """The account connector ``connector_id`` of the partner's account ``account_api_id``.

    One query on the hot path (the partner's OAuth app and property values come along); an unknown account
    and another account's connector both give NotFound (ids leak nothing).
    """
    if not 0 < connector_id <= MAX_ID:  # the console's form gives the id as typed
        raise NotFound(f"Account connector {connector_id} was not found in account {account_api_id}")
    target = await _target(
        session,
        (Account.partner_id == partner_id) & (Account.api_id == account_api_id) & (AccountConnector.id == connector_id),
    )
    if target is None:
        raise NotFound(f"Account connector {connector_id} was not found in account {account_api_id}")
    return target


async def connection_target(session: AsyncSession, connector_id: int, account_id: int) -> CallTarget | None:
    """The same view of an account connector, for the OAuth flow (which knows the account)."""
    return await _target(session, (AccountConnector.id == connector_id) & (Account.id == account_id))


async def _target(session: AsyncSession, condition: Any) -> CallTarget | None:
    row = (
        await session.execute(
            select(
                Account.partner_id,
                Account.api_id,
                Account.uid.label("account_uid"),
                Account.id.label("account_id"),
                AccountConnector.id,
                AccountConnector.connector_key,
                AccountConnector.properties,
                AccountConnector.secret_properties_encrypted,
                AccountConnector.credentials_encrypted,
                AccountConnector.credentials_version,
                AccountConnector.auth_state,
                AccountConnector.auth_error,
                AccountConnector.oauth_app_encrypted,
                ConnectorSetting.client_id.label("partner_client_id"),
                ConnectorSetting.client_secret_encrypted.label("partner_client_secret_encrypted"),
                PartnerProperties.properties.label("partner_properties"),
                PartnerProperties.secret_properties_encrypted.label("partner_secret_properties_encrypted"),
            )
            .join(AccountConnector, AccountConnector.account_id == Account.id)
            .outerjoin(
                ConnectorSetting,
                (ConnectorSetting.partner_id == Account.partner_id)
                & (ConnectorSetting.connector_key == AccountConnector.connector_key),
            )
            .outerjoin(
                PartnerProperties,
                (PartnerProperties.partner_id == Account.partner_id)
                & (PartnerProperties.connector_key == AccountConnector.connector_key),
            )
            .where(condition)
        )
    ).first()
    if row is None:
        return None
    return CallTarget(
        partner_id=row.partner_id,
        account_id=row.account_id,
        account_api_id=row.api_id,
        account_uid=row.account_uid,
        account_connector_id=row.id,
        connector_key=row.connector_key,
        properties=dict(row.properties or {}),
        secret_properties_encrypted=row.secret_properties_encrypted,
        credentials_encrypted=row.credentials_encrypted,
        credentials_version=row.credentials_version,
        auth_state=row.auth_state,
        auth_error=row.auth_error,
        oauth_app_encrypted=row.oauth_app_encrypted,
        partner_client_id=row.partner_client_id,
        partner_client_secret_encrypted=row.partner_client_secret_encrypted,
        partner_properties=dict(row.partner_properties or {}),
        partner_secret_properties_encrypted=row.partner_secret_properties_encrypted,
    )


async def store_credentials(
    session: AsyncSession,
    connector_id: int,
    encrypted: str | None,
    *,
    auth_state: str,
    expected_version: int | None = None,
    auth_type: str | None = None,
) -> bool:
    """Replace the credentials, bumping their version; ``auth_type`` (their type) is kept when None.

    With ``expected_version``, the write happens only if nobody wrote since that version was
    read (a fencing check: a late refresher cannot overwrite a newer token set).
    """
    values: dict[str, object] = {
        "credentials_encrypted": encrypted,
        "credentials_version": AccountConnector.credentials_version + 1,
        "auth_state": auth_state,
        "auth_error": None,
    }
    if auth_type is not None:
        values["auth_type"] = auth_type
    query = update(AccountConnector).where(AccountConnector.id == connector_id).values(**values)
    if expected_version is not None:
        query = query.where(AccountConnector.credentials_version == expected_version)
    result = await session.execute(query)
    return bool(getattr(result, "rowcount", 0))


async def set_verification(session: AsyncSession, connector_id: int, verified: bool | None, error: str | None) -> None:
    """How the credentials check went when the credentials were saved (None: not made)."""
    query = (
        update(AccountConnector)
        .where(AccountConnector.id == connector_id)
        .values(verified=verified, verification_error=error)
    )
    await session.execute(query)


@dataclass(frozen=True, slots=True)
class StoredCredentials:
    version: int
    encrypted: str | None
    auth_state: str


async def load_credentials(session: AsyncSession, connector_id: int) -> StoredCredentials:
    """The credentials as stored now (a refresher re-reads them under its lock)."""
    row = (
        await session.execute(
            select(
                AccountConnector.credentials_version,
                AccountConnector.credentials_encrypted,
                AccountConnector.auth_state,
            ).where(AccountConnector.id == connector_id)
        )
    ).first()
    if row is None:
        raise NotFound(f"Account connector {connector_id} was not found")
    return StoredCredentials(row.credentials_version, row.credentials_encrypted, row.auth_state)


async def mark_needs_reauth(session: AsyncSession, connector_id: int, reason: str, expected_version: int) -> bool:
    """Flag the connection as needing the user to sign in again, unless it changed meanwhile."""
    result = await session.execute(
        update(AccountConnector)
        .where(AccountConnector.id == connector_id, AccountConnector.credentials_version == expected_version)
        .values(auth_state="needs_reauth", auth_error=reason)
    )
    return bool(getattr(result, "rowcount", 0))


async def partner_connections(
    session: AsyncSession, partner_id: int, connector_key: str
) -> list[tuple[str, AccountConnector]]:
    """Every account connector of one connector across a partner's accounts, with the account's API ID."""
    rows = await session.execute(
        select(Account.api_id, AccountConnector)
        .join(Account, Account.id == AccountConnector.account_id)
        .where(Account.partner_id == partner_id, AccountConnector.connector_key == connector_key)
        .order_by(Account.api_id, AccountConnector.id)
    )
    return [(api_id, row) for api_id, row in rows.tuples()]


async def refresh_failures(session: AsyncSession, connector_id: int) -> int:
    """How many refreshes in a row have failed for the connection (0 when healthy or gone)."""
    value = await session.scalar(select(AccountConnector.refresh_failures).where(AccountConnector.id == connector_id))
    return int(value or 0)


async def set_refresh_health(
    session: AsyncSession,
    connector_id: int,
    *,
    failures: int,
    next_refresh_at: float | None,
    error: str | None,
    refreshed_at: float | None = None,
) -> None:
    """The proactive refresher's bookkeeping: failures in a row, the last error, when to try next."""
    values: dict[str, Any] = {
        "refresh_failures": failures,
        "next_refresh_at": next_refresh_at,
        "last_refresh_error": error,
    }
    if refreshed_at is not None:
        values["last_refreshed_at"] = refreshed_at
    await session.execute(update(AccountConnector).where(AccountConnector.id == connector_id).values(**values))
