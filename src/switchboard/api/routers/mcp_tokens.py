"""MCP tokens: ``/v1.0/accounts/{id}/mcptokens`` (one customer's tools for an agent runtime)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Response
from pydantic import Field

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountOwnerDep, ServicesDep
from switchboard.api.schemas import Id, Schema, UtcDatetime
from switchboard.errors import InputError, NotFound
from switchboard.store import mcp_tokens
from switchboard.store.account_connectors import list_account_connectors
from switchboard.store.accounts import get_account
from switchboard.store.models import McpToken

router = APIRouter(prefix="/v1.0/accounts", tags=["MCP tokens"], route_class=JsonRoute)


class McpTokenIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    account_connector_ids: list[int] | None = Field(
        None, max_length=1000, description="The account connectors whose tools it sees; omitted: all of them"
    )
    methods: list[str] = Field(["*"], max_length=1000, description="Allowed MethodUniqueIdentifiers, or '*'")
    read_only: bool = Field(False, description="Only methods that change nothing: plain GETs and DDLs (never Raw HTTP)")
    expires_in: int | None = Field(30 * 86400, ge=60, le=366 * 86400, description="Seconds; null never expires")


class McpTokenOut(Schema):
    id: int
    name: str
    account_connector_ids: list[int] | None
    methods: list[str]
    read_only: bool
    created_date: UtcDatetime
    expires_at: UtcDatetime | None
    revoked: bool
    token: str | None = Field(None, description="Shown once, when the token is created")


def token_out(row: McpToken, token: str | None = None) -> McpTokenOut:
    return McpTokenOut(
        id=row.id,
        name=row.name,
        account_connector_ids=row.account_connector_ids,
        methods=list(row.methods),
        read_only=row.read_only,
        created_date=row.created_at,
        expires_at=datetime.fromtimestamp(row.expires_at, UTC) if row.expires_at else None,
        revoked=row.revoked_at is not None,
        token=token,
    )


@router.post("/{account_id}/mcptokens", response_model=McpTokenOut, status_code=201)
async def create_mcp_token(
    svc: ServicesDep, partner: AccountOwnerDep, account_id: str, body: McpTokenIn
) -> McpTokenOut:
    """A token for one account's tools; the token is in this answer only (stored as a hash)."""
    known_methods = {uid for c in svc.registry.connectors for uid in c.method_uids}
    for method in body.methods:
        if method != "*" and method.lower() not in known_methods:
            raise InputError(f"Unknown MethodUniqueIdentifier {method} in Methods; use '*' for all", Method=method)
    async with svc.db.session() as session:
        account = await get_account(session, partner, account_id)
        installed = {a.id for a in await list_account_connectors(session, account.id)}
        for connector_id in body.account_connector_ids or []:
            if connector_id not in installed:
                raise NotFound(f"Account connector {connector_id} was not found in account {account_id}")
        row, token = await mcp_tokens.create_token(
            session,
            account,
            name=body.name,
            account_connector_ids=body.account_connector_ids,
            methods=body.methods,
            read_only=body.read_only,
            expires_in=body.expires_in,
        )
        return token_out(row, token)


@router.get("/{account_id}/mcptokens", response_model=list[McpTokenOut])
async def list_mcp_tokens(svc: ServicesDep, partner: AccountOwnerDep, account_id: str) -> list[McpTokenOut]:
    async with svc.db.session() as session:
        account = await get_account(session, partner, account_id)
        return [token_out(row) for row in await mcp_tokens.list_tokens(session, account)]


@router.delete("/{account_id}/mcptokens/{token_id}", status_code=204)
async def revoke_mcp_token(svc: ServicesDep, partner: AccountOwnerDep, account_id: str, token_id: Id) -> Response:
    """Revoke a token: its next request is refused."""
    async with svc.db.session() as session:
        account = await get_account(session, partner, account_id)
        await mcp_tokens.revoke_token(session, account, token_id)
    svc.forget_tokens()  # committed: the token's cached scope goes now, not a second later
    return Response(status_code=204)
