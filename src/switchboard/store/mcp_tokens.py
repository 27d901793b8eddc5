"""MCP tokens: one customer's tools for an agent runtime, stored as a SHA-256 only."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import NotFound
from switchboard.store.crypto import hash_secret, new_secret
from switchboard.store.models import Account, McpToken

# Lets a reader (and a secret scanner) tell an MCP token from a partner token at a glance.
TOKEN_PREFIX = "sbmcp_"  # noqa: S105 - a prefix, not a secret


@dataclass(frozen=True, slots=True)
class TokenScope:
    """What an MCP token grants: one account, some of its connectors and methods, maybe reads only."""

    partner_id: int
    account_api_id: str
    account_connector_ids: frozenset[int] | None  # None: all of the account's
    methods: frozenset[str]  # lower-case MethodUniqueIdentifiers; "*" for all
    read_only: bool
    expires_at: float | None = None  # wall clock; None: never

    def allows_connector(self, account_connector_id: int) -> bool:
        return self.account_connector_ids is None or account_connector_id in self.account_connector_ids

    def allows_method(self, unique_id: str) -> bool:
        return "*" in self.methods or unique_id.lower() in self.methods


async def create_token(
    session: AsyncSession,
    account: Account,
    *,
    name: str,
    account_connector_ids: list[int] | None,
    methods: list[str],
    read_only: bool,
    expires_in: int | None,
) -> tuple[McpToken, str]:
    """A new token row and the token itself (the only time it is known)."""
    token = TOKEN_PREFIX + new_secret(32)
    row = McpToken(
        account_id=account.id,
        name=name,
        token_hash=hash_secret(token),
        account_connector_ids=account_connector_ids,
        methods=[m.lower() for m in methods],
        read_only=read_only,
        expires_at=time.time() + expires_in if expires_in else None,
    )
    session.add(row)
    await session.flush()
    return row, token


async def list_tokens(session: AsyncSession, account: Account) -> list[McpToken]:
    query = select(McpToken).where(McpToken.account_id == account.id).order_by(McpToken.id)
    return list((await session.scalars(query)).all())


async def revoke_token(session: AsyncSession, account: Account, token_id: int) -> None:
    result = await session.execute(
        update(McpToken)
        .where(McpToken.id == token_id, McpToken.account_id == account.id, McpToken.revoked_at.is_(None))
        .values(revoked_at=time.time())
    )
    if getattr(result, "rowcount", 0) == 0:
        mine = select(McpToken.id).where(McpToken.id == token_id, McpToken.account_id == account.id)
        if await session.scalar(mine) is None:
            raise NotFound(f"MCP token {token_id} was not found")


async def scope_for_token(session: AsyncSession, token: str) -> TokenScope | None:
    """The scope of a live token (not expired, not revoked), else None."""
    row = (
        await session.execute(
            select(McpToken, Account.partner_id, Account.api_id)
            .join(Account, Account.id == McpToken.account_id)
            .where(McpToken.token_hash == hash_secret(token))
        )
    ).first()
    if row is None:
        return None
    found: McpToken = row[0]
    if found.revoked_at is not None or (found.expires_at is not None and found.expires_at <= time.time()):
        return None
    ids = found.account_connector_ids
    return TokenScope(
        partner_id=row.partner_id,
        account_api_id=row.api_id,
        account_connector_ids=frozenset(ids) if ids is not None else None,
        methods=frozenset(found.methods or []),
        read_only=found.read_only,
        expires_at=found.expires_at,
    )


async def drop_connection(session: AsyncSession, account_id: int, connection_id: int) -> None:
    """Take a deleted connection out of every token scope that named it, so the scope dies with it.

    A token scoped to nothing else then reaches nothing (an empty list), never the whole account.
    """
    query = select(McpToken).where(McpToken.account_id == account_id, McpToken.account_connector_ids.is_not(None))
    for token in (await session.scalars(query)).all():
        ids = token.account_connector_ids or []
        if connection_id in ids:
            token.account_connector_ids = [i for i in ids if i != connection_id]
