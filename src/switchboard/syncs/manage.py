"""Every write to a sync's definition and schedule, for the API (and later the console and the CLI)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.catalog.models import SyncDef
from switchboard.catalog.registry import Connector
from switchboard.errors import Conflict, InputError, NotFound
from switchboard.invalid import describe
from switchboard.store.models import MAX_ID, AccountConnector
from switchboard.store.sync_models import Sync
from switchboard.syncs.definitions import apply, check, new_row, spec_of
from switchboard.syncs.outcome import RATE_LIMITED

MAX_SYNCS_PER_CONNECTION = 100


# ``SyncDef``'s names that the API spells otherwise (the rest are its snake_case in PascalCase).
_API_NAMES = {"method": "MethodUniqueIdentifier", "key": "KeyField", "param": "Parameter"}


def build_spec(values: dict[str, Any]) -> SyncDef:
    """A ``SyncDef`` from snake_case values; a rule it breaks is a 400 naming the field as the API does."""
    try:
        return SyncDef.model_validate(values)
    except ValidationError as exc:
        raise InputError("; ".join(describe(exc.errors(), rename=api_name))) from None


def api_name(part: Any) -> str:
    """A ``SyncDef`` name as the API spells it: ``exclude_from_hash`` -> ``ExcludeFromHash``, ``key`` ->
    ``KeyField``, ``param`` -> ``Parameter``; list indices as they are."""
    if not isinstance(part, str):
        return str(part)
    return _API_NAMES.get(part) or "".join(word.capitalize() for word in part.split("_"))


def default_spec(connector: Connector, name: str) -> SyncDef:
    """A connector's default sync by name; the 400 lists the ones it has."""
    for spec in connector.definition.syncs:
        if spec.name == name:
            return spec
    names = ", ".join(s.name for s in connector.definition.syncs) or "none"
    raise InputError(f"Connector {connector.definition.name} has no default sync {name!r} (it has: {names})")


async def list_syncs(session: AsyncSession, account_connector_id: int) -> list[Sync]:
    rows = await session.execute(
        select(Sync).where(Sync.account_connector_id == account_connector_id).order_by(Sync.id)
    )
    return list(rows.scalars())


async def get_sync(session: AsyncSession, account_connector_id: int, sync_id: int) -> Sync:
    if not 0 < sync_id <= MAX_ID:  # the console takes ids straight from its paths
        raise NotFound(f"Sync {sync_id} was not found on account connector {account_connector_id}")
    row = (
        await session.execute(select(Sync).where(Sync.id == sync_id, Sync.account_connector_id == account_connector_id))
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"Sync {sync_id} was not found on account connector {account_connector_id}")
    return row


async def create(
    session: AsyncSession, owner: AccountConnector, connector: Connector, spec: SyncDef, *, enabled: bool
) -> Sync:
    method = check(connector, spec)
    count = (
        await session.execute(select(func.count(Sync.id)).where(Sync.account_connector_id == owner.id))
    ).scalar_one()
    if count >= MAX_SYNCS_PER_CONNECTION:
        raise Conflict(f"An account connector may have at most {MAX_SYNCS_PER_CONNECTION} syncs")
    _check_free(await _named(session, owner.id, spec.name), spec.name)
    row = new_row(owner.id, spec, method, enabled=enabled)
    async with _naming(session, owner.id, spec.name):
        session.add(row)
    return row


async def update_sync(
    session: AsyncSession, row: Sync, connector: Connector, changes: dict[str, Any], *, enabled: bool | None
) -> Sync:
    """Change the fields given; the schedule stays the one row it is (no second schedule)."""
    merged = spec_of(row).model_dump()
    merged.update(changes)
    spec = build_spec(merged)
    if spec.name != row.name:
        _check_free(await _named(session, row.account_connector_id, spec.name, besides=row.id), spec.name)
    method = check(connector, spec)
    async with _naming(session, row.account_connector_id, spec.name, besides=row.id):
        apply(row, spec, method, enabled=row.enabled if enabled is None else enabled)
        row.next_run_at = min(row.next_run_at or time.time(), time.time() + spec.frequency_minutes * 60)
    return row


def request_run(row: Sync, *, reset: bool) -> None:
    """Run now (with ``reset``: read everything again; only changes are still reported)."""
    if not row.enabled:
        raise Conflict(f"Sync {row.id} is disabled; enable it (PUT with Enabled true) before running it")
    row.run_requested = True
    # A wait the provider's rate limit asked for ends when it said, not sooner; a pause for the connection's sake
    # ends when it can call again, and then this run goes at once.
    if not (row.state == "paused" and (row.paused_reason or "").startswith(RATE_LIMITED)):
        row.next_run_at = min(row.next_run_at or time.time(), time.time())
    if reset:
        row.reset_requested = True
    row.updated_at = time.time()


async def _named(session: AsyncSession, account_connector_id: int, name: str, besides: int | None = None) -> int | None:
    """The Id of the account connector's sync named ``name`` (other than ``besides``), if there is one."""
    query = select(Sync.id).where(Sync.account_connector_id == account_connector_id, Sync.name == name)
    if besides is not None:
        query = query.where(Sync.id != besides)
    return (await session.execute(query)).scalar_one_or_none()


def _check_free(taken: int | None, name: str) -> None:
    if taken is not None:
        raise Conflict(f"This account connector already has a sync named {name!r} (Id {taken})", SyncId=taken)


@asynccontextmanager
async def _naming(
    session: AsyncSession, account_connector_id: int, name: str, besides: int | None = None
) -> AsyncIterator[None]:
    """Around the writes that give a sync ``name``, written on leaving: a request that took that name first,
    between our check and this write (two POSTs of one name at once), makes it the same 409 the check gives,
    not the unique constraint's 500. A savepoint holds the writes (entered before them: ``begin_nested``
    flushes what is pending first), so the session can still look up who has the name."""
    try:
        async with session.begin_nested():
            yield
            await session.flush()
    except IntegrityError:
        taken = await _named(session, account_connector_id, name, besides)
        if taken is None:  # another constraint than the name's: not ours to word
            raise
        _check_free(taken, name)
