"""People: create, update, upsert, delete; and imports, which bring people in and can take them away.

A person's ``email_address`` is unique (case-insensitive; Salesloft's default of no intentional
duplicates). Not checked, so sample payloads work on an empty emulator: a person's account,
owner, import and stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from switchboard_emulators.salesloft.params import as_bool
from switchboard_emulators.salesloft.responses import not_found, unprocessable
from switchboard_emulators.salesloft.schema import (
    IMPORT_FIELDS,
    PERSON_FIELDS,
)
from switchboard_emulators.salesloft.state import Store
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    apply_fields,
    ensure_tags,
    find_upsert,
    fresh,
    raise_errors,
    touch,
)


def _person_derived(record: Record) -> None:
    name = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p) or None
    email = record.get("email_address") or None
    record["display_name"] = name or email
    record["full_email_address"] = f"{name} <{email}>" if name and email else email


def _validate_person(store: Store, record: Record, errors: Errors) -> None:
    email = record.get("email_address")
    if not email and not (record.get("phone") and record.get("last_name")):
        # "Either email_address or phone/last_name must be provided as a unique lookup on the team."
        errors.setdefault("email_address", []).append("is required")
    if email:
        if "@" not in str(email):
            errors.setdefault("email_address", []).append("is invalid")
        else:
            other = store.lookup("people", "email_address", email)
            if other is not None and other["id"] != record["id"]:
                errors.setdefault("email_address", []).append("has already been taken")


def _write_person(ctx: Ctx, record: Record, params: Mapping[str, Any], creating: bool) -> Record:
    errors: Errors = {}
    apply_fields(record, params, PERSON_FIELDS, errors)
    if params.get("autotag_date") is not None:
        try:
            if as_bool(params["autotag_date"]):
                stamp = datetime.now(UTC).strftime("%Y-%m-%d")
                record["tags"] = [*record.get("tags", []), stamp]
        except ValueError:
            errors.setdefault("autotag_date", []).append("is invalid")
    _person_derived(record)
    _validate_person(ctx.store, record, errors)
    raise_errors(errors)
    ensure_tags(ctx, record.get("tags") or [])
    if creating and record.get("import"):
        imp = ctx.store.get("imports", record["import"]["id"])
        if imp is not None:
            ctx.store.put("imports", {**imp, "imported_people_count": imp["imported_people_count"] + 1})
    return ctx.store.put("people", record)


def create_person(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = fresh(ctx, "people")
        return _write_person(ctx, record, params, creating=True)


def update_person(ctx: Ctx, current: Record, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = dict(current)
        touch(ctx, record)
        return _write_person(ctx, record, params, creating=False)


def upsert_person(ctx: Ctx, params: Mapping[str, Any]) -> tuple[str, Record]:
    """``POST /v2/person_upserts``: update by id/crm_id/email_address, or create."""
    with ctx.store.lock:
        kind, found = find_upsert(ctx, "people", params, ("id", "crm_id", "email_address"))
        if found is not None:
            return kind, update_person(ctx, found, params)
        return kind, create_person(ctx, params)


def delete_person(ctx: Ctx, person_id: int) -> None:
    """Delete a person; their cadence memberships stay, flagged ``person_deleted``."""
    with ctx.store.lock:
        if ctx.store.delete("people", person_id) is None:
            if ctx.store.was_deleted("people", person_id):
                return  # "This operation can be called multiple times successfully."
            raise not_found()
        for membership in ctx.store.all("cadence_memberships"):
            if (membership.get("person") or {}).get("id") == person_id:
                changed = {**membership, "person_deleted": True, "currently_on_cadence": False}
                changed["current_state"] = "removed"
                touch(ctx, changed)
                ctx.store.put("cadence_memberships", changed)


def write_import(ctx: Ctx, current: Record | None, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        if current is None:
            record = fresh(ctx, "imports")
            record["_user_id"] = ctx.user_id
        else:
            record = dict(current)
            touch(ctx, record)
        errors: Errors = {}
        apply_fields(record, params, IMPORT_FIELDS, errors)
        raise_errors(errors)
        return ctx.store.put("imports", record)


def delete_import(ctx: Ctx, import_id: int, undo: Any) -> None:
    """Delete an import; ``undo=single|all`` also deletes the people it brought in."""
    if undo not in (None, "", "single", "all"):
        raise unprocessable({"undo": ["must be one of: all, single"]})
    with ctx.store.lock:
        if ctx.store.delete("imports", import_id) is None:
            raise not_found()
        if undo in ("single", "all"):
            # A person belongs to one import here, so "single" and "all" delete the same people.
            for person in ctx.store.all("people"):
                if (person.get("import") or {}).get("id") == import_id:
                    delete_person(ctx, person["id"])
