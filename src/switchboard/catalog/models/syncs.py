"""A sync: one paged list method read on a schedule, its records kept and their changes told.

``{name: people, method: 724da6d2-..., key: id, frequency_minutes: 15,
cursor: {param: "updated_at[gt]", field: updated_at}, deletes: {mode: full, full_every: 24},
exclude_from_hash: [last_contacted_at]}``
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field, model_validator

from switchboard.catalog.models.base import Model

# From one minute to one week.
MIN_FREQUENCY_MINUTES = 1
MAX_FREQUENCY_MINUTES = 7 * 24 * 60

FieldPath = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^.\s]+(\.[^.\s]+)*$")]


class SyncCursor(Model):
    """How to ask for changes only: the query parameter (``updated_at[gt]``) and where its next value comes from.

    ``field``: the record field whose highest value, among records changed before the run started
    (less ``overlap_seconds``, for clock skew), is the next run's value. Without it, the run's
    start time (less the overlap) is, written as ``format`` says.
    """

    param: Annotated[str, Field(min_length=1, max_length=200)]
    field: FieldPath | None = None
    format: Literal["iso8601", "unix", "unix_ms"] = "iso8601"
    overlap_seconds: Annotated[int, Field(ge=0, le=86_400)] = 60


class SyncDeletes(Model):
    """How deletions are found.

    ``full``: a completed full run marks records it did not see as deleted (an incremental sync
    runs a full run every ``full_every`` runs to find them; without it, it finds none).
    ``flag``: a record whose ``field`` is true (or a non-empty value) is deleted. ``none``: never.
    """

    mode: Literal["none", "full", "flag"] = "full"
    full_every: Annotated[int, Field(ge=1, le=10_000)] | None = None
    field: FieldPath | None = None

    @model_validator(mode="after")
    def _field_for_flag(self) -> SyncDeletes:
        if self.mode == "flag" and not self.field:
            raise ValueError("deletes.mode flag needs the field that marks a record deleted")
        return self


class SyncDef(Model):
    """A connector's default sync; a partner turns it on for an account connector by name."""

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    description: str = ""
    method: UUID
    parameters: dict[str, Any] = {}
    key: FieldPath = "id"
    frequency_minutes: Annotated[int, Field(ge=MIN_FREQUENCY_MINUTES, le=MAX_FREQUENCY_MINUTES)] = 60
    cursor: SyncCursor | None = None
    deletes: SyncDeletes = SyncDeletes()
    exclude_from_hash: list[FieldPath] = []
