"""Syncs: ``/v1.0/account/connectors/{id}/syncs``: definitions, run now, state and the records feed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountDep, CallerAllowed, ServicesDep
from switchboard.api.schemas import Id
from switchboard.api.services import Services
from switchboard.api.sync_schemas import RecordsOut, RunIn, SyncIn, SyncOut, SyncUpdate
from switchboard.catalog.registry import Connector
from switchboard.errors import InputError, NotFound
from switchboard.store.account_connectors import get_account_connector
from switchboard.store.models import AccountConnector
from switchboard.store.sync_models import Sync
from switchboard.syncs import manage, read_feed
from switchboard.syncs.feed import MAX_LIMIT

router = APIRouter(prefix="/v1.0/account/connectors/{connector_id}/syncs", tags=["Syncs"], route_class=JsonRoute)


def _connector(svc: Services, row: AccountConnector) -> Connector:
    connector = svc.registry.by_key.get(row.connector_key)
    if connector is None:
        raise NotFound(f"Account connector {row.id} uses connector {row.connector_key}, no longer available")
    return connector


def _iso(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def sync_out(row: Sync, connector: Connector | None) -> SyncOut:
    method = None
    if connector is not None:
        try:
            method = connector.method(row.method_id)
        except NotFound:
            method = None
    last = dict(row.last_run) if row.last_run else None
    if last is not None:
        for key in ("StartedAt", "FinishedAt"):
            last[key] = _iso(last.get(key))
    running = None
    if row.run_started_at is not None:
        progress = row.run_progress or {}
        running = {
            "StartedAt": _iso(row.run_started_at),
            "Full": row.run_full,
            "Reset": row.run_reset,
            **{k.capitalize(): progress.get(k, 0) for k in ("pages", "records", "added", "updated", "deleted")},
            "Attempts": progress.get("attempts", 0),
        }
    return SyncOut(
        id=row.id,
        name=row.name,
        account_connector_id=row.account_connector_id,
        method_id=method.id if method else None,
        method_unique_identifier=row.method_id,
        method_name=method.name if method else None,
        parameters=row.parameters,
        frequency_minutes=row.frequency_minutes,
        key_field=row.key_path,
        cursor=_pascal(row.cursor) if row.cursor else None,
        deletes=_pascal(row.deletes or {}),
        exclude_from_hash=row.excluded_fields,
        enabled=row.enabled,
        state=row.state,
        paused_reason=row.paused_reason,
        cursor_value=row.cursor_value,
        feed_cursor=str(row.change_seq),
        last_run_at=_iso(row.last_run_at),
        next_run_at=_iso(row.next_run_at) if row.enabled else None,
        last_run=last,
        running=running,
    )


def _pascal(values: dict[str, object]) -> dict[str, object]:
    return {manage.api_name(k): v for k, v in values.items()}


@router.get("", response_model=list[SyncOut])
async def list_syncs(svc: ServicesDep, account: AccountDep, connector_id: Id) -> list[SyncOut]:
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        rows = await manage.list_syncs(session, owner.id)
    connector = svc.registry.by_key.get(owner.connector_key)
    return [sync_out(r, connector) for r in rows]


@router.post("", response_model=SyncOut, status_code=201, dependencies=[CallerAllowed])
async def create_sync(svc: ServicesDep, account: AccountDep, connector_id: Id, body: SyncIn) -> SyncOut:
    """Define a sync, from scratch or from one of the connector's defaults (``Default``), with changes."""
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        connector = _connector(svc, owner)
        values = manage.default_spec(connector, body.default).model_dump() if body.default else {}
        values.update(body.changes())
        if "name" not in values:
            raise InputError("Name is required (or Default, the name of one of the connector's default syncs)")
        if "method" not in values:
            raise InputError("MethodUniqueIdentifier is required: the paged list method the sync reads")
        row = await manage.create(
            session, owner, connector, manage.build_spec(values), enabled=body.enabled is not False
        )
        out = sync_out(row, connector)
    svc.wake_syncs()
    return out


@router.get("/{sync_id}", response_model=SyncOut)
async def get_sync(svc: ServicesDep, account: AccountDep, connector_id: Id, sync_id: Id) -> SyncOut:
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        row = await manage.get_sync(session, owner.id, sync_id)
    return sync_out(row, svc.registry.by_key.get(owner.connector_key))


@router.put("/{sync_id}", response_model=SyncOut)
async def update_sync(
    svc: ServicesDep, account: AccountDep, connector_id: Id, sync_id: Id, body: SyncUpdate
) -> SyncOut:
    """Change a sync; a change of method, Parameters or cursor makes the next run read everything again."""
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        connector = _connector(svc, owner)
        row = await manage.get_sync(session, owner.id, sync_id)
        await manage.update_sync(session, row, connector, body.changes(), enabled=body.enabled)
        out = sync_out(row, connector)
    svc.wake_syncs()
    return out


@router.delete("/{sync_id}", status_code=204)
async def delete_sync(svc: ServicesDep, account: AccountDep, connector_id: Id, sync_id: Id) -> Response:
    """Remove the sync and every record it kept."""
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        row = await manage.get_sync(session, owner.id, sync_id)
        await session.delete(row)
    return Response(status_code=204)


@router.post("/{sync_id}/run", response_model=SyncOut, status_code=202, dependencies=[CallerAllowed])
async def run_sync(
    svc: ServicesDep, account: AccountDep, connector_id: Id, sync_id: Id, body: RunIn | None = None
) -> SyncOut:
    """Run now; ``{"Reset": true}`` reads everything again (and still reports only what changed)."""
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        row = await manage.get_sync(session, owner.id, sync_id)
        manage.request_run(row, reset=bool(body and body.reset))
        await session.flush()
        out = sync_out(row, svc.registry.by_key.get(owner.connector_key))
    svc.wake_syncs()
    return out


@router.get("/{sync_id}/records", response_model=RecordsOut, dependencies=[CallerAllowed])
async def records(
    svc: ServicesDep,
    account: AccountDep,
    connector_id: Id,
    sync_id: Id,
    cursor: Annotated[
        str | None, Query(max_length=20, description="The NextCursor you kept; none: from the start")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    changes: Annotated[str | None, Query(max_length=100, description="Some of added,updated,deleted")] = None,
) -> Response:
    """Record changes after ``cursor``, oldest first: the provider's JSON plus ``_switchboard`` metadata."""
    async with svc.db.session() as session:
        owner = await get_account_connector(session, account.id, connector_id)
        row = await manage.get_sync(session, owner.id, sync_id)
        page = await read_feed(session, row.id, cursor, limit, changes, latest=row.change_seq)
        # RecordsOut in bytes: the provider's records as they came, never through a model (see FeedPage.json).
        return Response(page.json(), media_type="application/json")
