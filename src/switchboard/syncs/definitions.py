"""A sync's definition: the catalogue's ``SyncDef``, checked against its connector and kept on a ``Sync`` row."""

from __future__ import annotations

import time
from typing import Any

from switchboard.catalog.models import CursorCarriers, SyncCursor, SyncDef, SyncDeletes
from switchboard.catalog.registry import Connector, Method
from switchboard.engine.inputs import InputsByArguments
from switchboard.errors import InputError, NotFound
from switchboard.store.sync_models import Sync

SyncSpec = SyncDef


def check(connector: Connector, spec: SyncDef) -> Method:
    """The method a sync reads, if it is a paged list method of ``connector`` and the Parameters bind to it."""
    try:
        method = connector.method(str(spec.method))
    except NotFound:
        raise InputError(
            f"Method {spec.method} is not a method of connector {connector.definition.name}",
            MethodUniqueIdentifier=str(spec.method),
        ) from None
    if method.pagination is None or method.definition.verb != "GET":
        raise InputError(
            f"Method {method.name!r} is not a paged list (GET) method; a sync reads one",
            MethodUniqueIdentifier=method.unique_id,
        )
    InputsByArguments(spec.parameters).bind(method, connector.definition)  # InputError names what is wrong
    if spec.cursor is None:
        return method
    # An unknown parameter would be sent and ignored: every "incremental" run would read it all.
    carriers = CursorCarriers.of(method.definition, method.pagination, connector.definition.query_style)
    refused = carriers.refusal(spec.cursor.param, "Cursor.Parameter")
    if refused is not None:
        raise InputError(refused, MethodUniqueIdentifier=method.unique_id)
    if spec.cursor.param in spec.parameters:
        raise InputError(
            f"{spec.cursor.param!r} is the cursor parameter, which each run sets itself; leave it out of Parameters"
        )
    return method


def spec_of(row: Sync) -> SyncDef:
    """The definition kept on a sync's row."""
    return SyncDef(
        name=row.name,
        method=row.method_id,  # pydantic parses the text
        parameters=row.parameters,
        key=row.key_path,
        frequency_minutes=row.frequency_minutes,
        cursor=SyncCursor.model_validate(row.cursor) if row.cursor else None,
        deletes=SyncDeletes.model_validate(row.deletes or {}),
        exclude_from_hash=row.excluded_fields,
    )


def apply(row: Sync, spec: SyncDef, method: Method, *, enabled: bool) -> None:
    """Write ``spec`` onto ``row``; a change of what is read starts the next run from scratch."""
    # The key too: records keyed another way are other records, read whole again (the old keys then go deleted).
    reads = (method.unique_id, spec.parameters, spec.cursor.model_dump() if spec.cursor else None, spec.key)
    before = (row.method_id, row.parameters, row.cursor, row.key_path)
    row.name = spec.name
    row.method_id = method.unique_id
    row.parameters = dict(spec.parameters)
    row.frequency_minutes = spec.frequency_minutes
    row.key_path = spec.key
    row.cursor = spec.cursor.model_dump() if spec.cursor else None
    row.deletes = spec.deletes.model_dump()
    row.excluded_fields = list(spec.exclude_from_hash)
    now = time.time()
    if reads != before and row.id is not None:
        row.cursor_value = None  # another list: the next run reads it all
        row.reset_requested = True
    if enabled and not row.enabled:
        row.next_run_at = now
    row.enabled = enabled
    if not enabled and row.state != "running":
        row.state = "idle"
    row.updated_at = now


def new_row(account_connector_id: int, spec: SyncDef, method: Method, *, enabled: bool) -> Sync:
    now = time.time()
    row = Sync(
        account_connector_id=account_connector_id,
        enabled=False,
        state="idle",
        runs=0,
        run_full=True,
        run_reset=False,
        run_requested=False,
        reset_requested=False,
        run_progress={},
        change_seq=0,
        failures=0,
        created_at=now,
        updated_at=now,
    )
    apply(row, spec, method, enabled=enabled)
    row.next_run_at = now
    return row


def summary(spec: SyncDef) -> dict[str, Any]:
    return spec.model_dump(mode="json")
