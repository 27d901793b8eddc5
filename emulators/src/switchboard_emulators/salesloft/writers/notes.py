"""Notes on a person or an account (which must exist, 404), optionally tied to a call (one note each)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.schema import ref
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    existing,
    fresh,
    id_param,
    raise_errors,
    touch,
    user_by_guid,
)

_NOTE_TARGETS = {"person": "people", "account": "accounts"}


def _link_call_note(ctx: Ctx, call_id: int, note_id: int, errors: Errors) -> dict[str, Any] | None:
    call = existing(ctx.store, "calls", call_id)
    note = call.get("note")
    if note is not None and note.get("id") != note_id:
        errors.setdefault("call_id", []).append("already has a note")
        return None
    return call


def write_note(ctx: Ctx, current: Record | None, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    if not params.get("content"):
        errors.setdefault("content", []).append("is required")
    call_id = id_param(params, "call_id", errors, needed=False)
    target: tuple[str, int] | None = None
    if current is None:
        kind = str(params.get("associated_with_type") or "").lower()
        if not kind:
            errors.setdefault("associated_with_type", []).append("is required")
        elif kind not in _NOTE_TARGETS:
            errors.setdefault("associated_with_type", []).append("must be one of: person, account")
        target_id = id_param(params, "associated_with_id", errors, needed=True)
        if kind in _NOTE_TARGETS and target_id is not None:
            target = (kind, target_id)
    raise_errors(errors)
    with ctx.store.lock:
        if target is not None:
            existing(ctx.store, _NOTE_TARGETS[target[0]], target[1])
        if current is None:
            record = fresh(ctx, "notes")
            assert target is not None
            record.update(
                associated_type=target[0],
                associated_with=ref(_NOTE_TARGETS[target[0]], target[1]),
                user=ref("users", user_by_guid(ctx, params.get("user_guid"), errors)),
            )
        else:
            record = dict(current)
            touch(ctx, record)
        record["content"] = str(params["content"])
        call = _link_call_note(ctx, call_id, record["id"], errors) if call_id is not None else None
        raise_errors(errors)
        if call is not None:
            record["call"] = ref("activities/calls", call["id"])
            ctx.store.put("calls", {**call, "note": ref("notes", record["id"])})
        return ctx.store.put("notes", record)
