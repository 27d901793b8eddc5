"""Team-wide settings: custom fields (name unique per field type) and person stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.schema import (
    CUSTOM_FIELD_FIELDS,
    CUSTOM_FIELD_TYPES,
    STAGE_FIELDS,
)
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    apply_fields,
    fresh,
    raise_errors,
    touch,
)


def write_custom_field(ctx: Ctx, current: Record | None, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = fresh(ctx, "custom_fields") if current is None else dict(current)
        if current is not None:
            touch(ctx, record)
        errors: Errors = {}
        apply_fields(record, params, CUSTOM_FIELD_FIELDS, errors)
        if not record.get("name"):
            errors.setdefault("name", []).append("is required")
        if record.get("field_type") not in CUSTOM_FIELD_TYPES:
            errors.setdefault("field_type", []).append(f"must be one of: {', '.join(CUSTOM_FIELD_TYPES)}")
        clash = any(
            other["id"] != record["id"]
            and other["name"] == record.get("name")
            and other["field_type"] == record.get("field_type")
            for other in ctx.store.all("custom_fields")
        )
        if clash:
            errors.setdefault("name", []).append("has already been taken")
        raise_errors(errors)
        return ctx.store.put("custom_fields", record)


def write_person_stage(ctx: Ctx, current: Record | None, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        if current is None:
            record = fresh(ctx, "person_stages")
            orders = [s.get("order") or 0 for s in ctx.store.all("person_stages")]
            record["order"] = max(orders, default=0) + 1
        else:
            record = dict(current)
            touch(ctx, record)
        errors: Errors = {}
        apply_fields(record, params, STAGE_FIELDS, errors)
        if not params.get("name"):
            errors.setdefault("name", []).append("is required")
        raise_errors(errors)
        return ctx.store.put("person_stages", record)
