"""A sync: one paged list method read on a schedule, its records kept and their changes told.

``{name: people, method: 724da6d2-..., key: id, frequency_minutes: 15,
cursor: {param: "updated_at[gt]", field: updated_at}, deletes: {mode: full, full_every: 24},
exclude_from_hash: [last_contacted_at]}``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field, model_validator

from switchboard.catalog.models.base import Model, QueryStyle
from switchboard.catalog.models.methods import MethodDef
from switchboard.catalog.models.pagination import PaginationDef
from switchboard.invalid import worded

# From one minute to one week.
MIN_FREQUENCY_MINUTES = 1
MAX_FREQUENCY_MINUTES = 7 * 24 * 60

FIELD_PATH = worded(
    r"^[^.\s]+(\.[^.\s]+)*$", "must be a record field's path: names joined by dots, without spaces (such as owner.id)"
)
SYNC_NAME = worded(
    r"^[a-z][a-z0-9_]{0,63}$", "must be a lower-case letter, then up to 63 lower-case letters, digits or _"
)
FieldPath = Annotated[str, Field(min_length=1, max_length=200, pattern=FIELD_PATH)]


class SyncCursor(Model):
    """How to ask for changes only: the query parameter (``updated_at[gt]``) and where its next value comes from.

    ``field``: the record field whose highest value, among records changed before the run started
    (less ``overlap_seconds``, for clock skew), is the next run's value. Without it, the run's
    start time (less the overlap) is, written as ``format`` says. The run's start is taken on the
    provider's clock when its answers' ``Date`` header says it is behind ours (``syncs.outcome.began``).
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

    name: Annotated[str, Field(pattern=SYNC_NAME)]
    description: str = ""
    method: UUID
    parameters: dict[str, Any] = {}
    key: FieldPath = "id"
    frequency_minutes: Annotated[int, Field(ge=MIN_FREQUENCY_MINUTES, le=MAX_FREQUENCY_MINUTES)] = 60
    cursor: SyncCursor | None = None
    deletes: SyncDeletes = SyncDeletes()
    exclude_from_hash: list[FieldPath] = []


# ``updated_at[gt]``: one key of an object parameter, as the brackets and indices styles send it.
_KEYED = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<key>[^\[\]]+)\]$")


@dataclass(frozen=True)
class CursorCarriers:
    """The query parameters of a list method that a sync's cursor value can be sent as.

    ``names``: its query parameters taking one changing value (not the paginator's own, a list, a
    boolean or one of fixed values). ``objects``: its object parameters, sent as ``name[key]``;
    ``keys``: of those, the ones that name the keys they take (a range filter's gt, gte, lt, lte).
    """

    method: str
    names: tuple[str, ...]
    objects: tuple[str, ...]
    keys: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, method: MethodDef, pagination: PaginationDef | None, query_style: QueryStyle) -> CursorCarriers:
        paging = set(pagination.extra_query) if pagination is not None else set()
        if pagination is not None:
            paging |= {v for k, v in pagination.model_dump().items() if k.endswith("_param") and isinstance(v, str)}
        names: list[str] = []
        objects: list[str] = []
        keys: list[tuple[str, tuple[str, ...]]] = []
        for p in method.parameters:
            fixed = p.values is not None and p.type != "object"  # an object's values are the keys it takes
            if p.in_ != "query" or p.wire_name in paging or fixed or p.type in {"boolean", "array"}:
                continue
            if p.type != "object":
                names.append(p.wire_name)
            elif (p.style or query_style) != "form":  # a form object's keys are names of their own, undeclared
                objects.append(p.wire_name)
                if p.values is not None:
                    keys.append((p.wire_name, tuple(str(v) for v in p.values)))
        return cls(method.name, tuple(names), tuple(objects), tuple(keys))

    def refusal(self, param: str, label: str) -> str | None:
        """Why ``param`` cannot carry the cursor (``label`` names the setting), or None when it can."""
        keyed = _KEYED.match(param)
        if param in self.names:
            return None
        if keyed is not None and keyed["name"] in self.objects:
            taken = dict(self.keys).get(keyed["name"])
            if taken is None or keyed["key"] in taken:
                return None
            return f"{label} {param!r}: {keyed['name']} takes the keys {', '.join(taken)}"
        if not self.names and not self.objects:
            return (
                f"{label} {param!r}: method {self.method!r} has no query parameter that can carry a cursor; "
                "leave the cursor out (each run then reads the whole list)"
            )
        shown = ", ".join([*self.names, *(f"{o}[<key>]" for o in self.objects)])
        example = " (<key>: a key of that object, as the provider names it)" if self.objects else ""
        return (
            f"{label} {param!r} is not a query parameter of method {self.method!r} that can carry the cursor; "
            f"use one of: {shown}{example}"
        )
