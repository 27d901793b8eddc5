"""What every write shares: the context, coercion of parameters to fields, new records, checks.

Records are copied before they change, never edited in place (see ``state``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from switchboard_emulators.salesloft.clock import normalize_ts
from switchboard_emulators.salesloft.params import as_bool, as_int, as_list
from switchboard_emulators.salesloft.responses import not_found, required, unprocessable
from switchboard_emulators.salesloft.schema import (
    TEMPLATES,
    UNTIMED,
    Field,
    new_record,
    ref,
)
from switchboard_emulators.salesloft.state import Store

Record = dict[str, Any]
Errors = dict[str, list[str]]


@dataclass
class Ctx:
    """What a write needs: the store and the authenticated user."""

    store: Store
    user_id: int

    def now(self) -> str:
        return self.store.clock.now()

    def me(self) -> dict[str, Any] | None:
        return ref("users", self.user_id)


# ---------------------------------------------------------------------------------------------
# Coercion.


def coerce(spec: Field, value: Any) -> Any:
    """``value`` converted for a field of ``spec``; ValueError (with the 422 message) if it can't be."""
    if value is None or (value == "" and spec.kind not in ("strlist", "custom")):
        return {"strlist": [], "custom": {}}.get(spec.kind)
    kind = spec.kind
    if kind == "str":
        if isinstance(value, (dict, list)):
            raise ValueError("must be a string")
        text = str(value).lower() if isinstance(value, bool) else str(value)
        if spec.choices and text not in spec.choices:
            raise ValueError(f"must be one of: {', '.join(spec.choices)}")
        return text
    if kind == "int":
        return as_int(value)
    if kind == "bool":
        return as_bool(value)
    if kind == "strlist":
        items = as_list(value) if not isinstance(value, list) else [str(v) for v in value if v is not None]
        bad = [v for v in items if spec.choices and v not in spec.choices]
        if bad:
            raise ValueError(f"must only contain: {', '.join(spec.choices)}")
        return items
    if kind == "custom":
        if not isinstance(value, dict):
            raise ValueError("must be an object of field name to value")
        if any(isinstance(v, (dict, list)) for v in value.values()):
            raise ValueError("values must be strings, numbers or booleans")
        return {str(k): v for k, v in value.items()}
    if kind == "ts":
        normalized = normalize_ts(value)
        if normalized is None:
            raise ValueError("must be an iso8601 timestamp")
        return normalized
    if kind == "ref":
        assert spec.collection is not None
        return ref(spec.collection, as_int(value))
    raise ValueError(f"unsupported field kind {kind}")


def apply_fields(record: Record, params: Mapping[str, Any], fields: Mapping[str, Field], errors: Errors) -> None:
    """Copy every writable parameter present in ``params`` into ``record`` (a private copy)."""
    for param, spec in fields.items():
        if param not in params:
            continue
        try:
            value = coerce(spec, params[param])
        except ValueError as exc:
            errors.setdefault(param, []).append(str(exc) if "must" in str(exc) else "is invalid")
            continue
        target = spec.target or param
        if spec.kind == "custom":
            # Custom fields merge; an empty value removes the field ("only fields with values").
            merged = {**(record.get(target) or {}), **value}
            value = {k: v for k, v in merged.items() if v not in (None, "")}
        record[target] = value


def fresh(ctx: Ctx, resource: str, record_id: int | None = None) -> Record:
    """A new record of ``resource`` with the next id and the current time."""
    now = ctx.now()
    record = new_record(TEMPLATES[resource], record_id or ctx.store.next_id(resource), now)
    if resource in UNTIMED:
        del record["created_at"], record["updated_at"]
    return record


def touch(ctx: Ctx, record: Record) -> None:
    if "updated_at" in record:
        record["updated_at"] = ctx.now()


def ensure_tags(ctx: Ctx, names: list[str]) -> None:
    """Tags are team-wide: using a new one on a record adds it to ``/v2/tags``."""
    for name in names:
        if name and ctx.store.lookup("tags", "name", name) is None:
            ctx.store.put("tags", {"id": ctx.store.next_id("tags"), "name": name})


def existing(store: Store, resource: str, record_id: Any) -> Record:
    """The referenced record, or 404 when it does not exist."""
    try:
        found = store.get(resource, as_int(record_id))
    except ValueError:
        found = None
    if found is None:
        raise not_found()
    return found


def raise_errors(errors: Errors) -> None:
    if errors:
        raise unprocessable(errors)


def find_upsert(ctx: Ctx, resource: str, params: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Record | None]:
    """Find the record an upsert targets: ("create", None) or ("update", record)."""
    key = params.get("upsert_key")
    if key in (None, ""):
        return "create", None  # "If upsert_key is not provided, this endpoint will not update"
    if key not in keys:
        raise unprocessable({"upsert_key": [f"must be one of: {', '.join(keys)}"]})
    value = params.get(key)
    if value in (None, ""):
        raise required(str(key))
    if key == "id":
        return "update", existing(ctx.store, resource, value)
    found = ctx.store.lookup(resource, str(key), value)
    if found is not None and params.get("id") not in (None, "") and str(params["id"]) != str(found["id"]):
        raise unprocessable({"id": ["does not match the record found by upsert_key"]})
    return ("update", found) if found is not None else ("create", None)


def id_param(params: Mapping[str, Any], name: str, errors: Errors, *, needed: bool) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        if needed:
            errors.setdefault(name, []).append("is required")
        return None
    try:
        return as_int(value)
    except ValueError:
        errors.setdefault(name, []).append("is invalid")
        return None


def user_by_guid(ctx: Ctx, guid: Any, errors: Errors) -> int:
    if guid in (None, ""):
        return ctx.user_id
    user = ctx.store.lookup("users", "guid", guid)
    if user is None:
        errors.setdefault("user_guid", []).append("is invalid")
        return ctx.user_id
    return int(user["id"])
