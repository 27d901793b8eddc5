"""The bodies of ``/v1.0/account/connectors/{id}/syncs`` (PascalCase on the wire, like the rest of the API)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from switchboard.api.schemas import Schema
from switchboard.catalog.models.syncs import FIELD_PATH as _PATH
from switchboard.catalog.models.syncs import MAX_FREQUENCY_MINUTES, MIN_FREQUENCY_MINUTES, SYNC_NAME


class SyncCursorIn(Schema):
    parameter: str = Field(
        min_length=1, max_length=200, description="The query parameter that asks for changes since a value"
    )
    field: str | None = Field(
        None, max_length=200, pattern=_PATH, description="The record field the next value is read from"
    )
    format: Literal["iso8601", "unix", "unix_ms"] = "iso8601"
    overlap_seconds: int = Field(60, ge=0, le=86_400)

    def spec(self) -> dict[str, Any]:
        return {
            "param": self.parameter,
            "field": self.field,
            "format": self.format,
            "overlap_seconds": self.overlap_seconds,
        }


class SyncDeletesIn(Schema):
    mode: Literal["none", "full", "flag"] = "full"
    full_every: int | None = Field(None, ge=1, le=10_000, description="An incremental sync's full run every N runs")
    field: str | None = Field(None, max_length=200, pattern=_PATH, description="For Mode flag: the deleted flag")

    def spec(self) -> dict[str, Any]:
        return {"mode": self.mode, "full_every": self.full_every, "field": self.field}


class SyncUpdate(Schema):
    name: str | None = Field(None, pattern=SYNC_NAME)
    method_unique_identifier: str | None = Field(None, max_length=64)
    parameters: dict[str, Any] | None = None
    frequency_minutes: int | None = Field(None, ge=MIN_FREQUENCY_MINUTES, le=MAX_FREQUENCY_MINUTES)
    key_field: str | None = Field(None, max_length=200, pattern=_PATH)
    cursor: SyncCursorIn | None = None
    deletes: SyncDeletesIn | None = None
    exclude_from_hash: list[str] | None = Field(None, max_length=100)
    enabled: bool | None = None

    def changes(self) -> dict[str, Any]:
        """The SyncDef fields this body sets (``Cursor: null`` removes the cursor)."""
        out: dict[str, Any] = {}
        given = self.model_fields_set
        pairs = {
            "name": "name",
            "method_unique_identifier": "method",
            "parameters": "parameters",
            "frequency_minutes": "frequency_minutes",
            "key_field": "key",
            "exclude_from_hash": "exclude_from_hash",
        }
        for mine, theirs in pairs.items():
            if mine in given and getattr(self, mine) is not None:
                out[theirs] = getattr(self, mine)
        if "cursor" in given:
            out["cursor"] = self.cursor.spec() if self.cursor is not None else None
        if "deletes" in given and self.deletes is not None:
            out["deletes"] = self.deletes.spec()
        return out


class SyncIn(SyncUpdate):
    default: str | None = Field(
        None, max_length=64, description="A default sync of the connector to start from, by name"
    )
    enabled: bool | None = True


class RunIn(Schema):
    reset: bool = Field(False, description="Read everything again; still only changes are reported")


class SyncOut(Schema):
    id: int
    name: str
    account_connector_id: int
    method_id: int | None
    method_unique_identifier: str
    method_name: str | None
    parameters: dict[str, Any]
    frequency_minutes: int
    key_field: str
    cursor: dict[str, Any] | None
    deletes: dict[str, Any]
    exclude_from_hash: list[str]
    enabled: bool
    state: str = Field(description="idle, running, paused or failing")
    paused_reason: str | None
    cursor_value: str | None = Field(description="The incremental value the next run asks with")
    feed_cursor: str = Field(description="The records feed's newest change (read after a cursor you keep)")
    last_run_at: str | None
    next_run_at: str | None
    last_run: dict[str, Any] | None
    running: dict[str, Any] | None = Field(description="The open run's progress, while one is open")


class RecordsOut(Schema):
    records: list[dict[str, Any]]
    next_cursor: str
    has_more: bool
