"""Tasks: created scheduled for an existing person and user (404 otherwise), once per
``idempotency_key``; updated, or completed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.clock import normalize_ts, parse_ts
from switchboard_emulators.salesloft.responses import required, unprocessable
from switchboard_emulators.salesloft.schema import (
    TASK_TYPES,
    ref,
)
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    existing,
    fresh,
    id_param,
    raise_errors,
    touch,
)


def _due_date(value: Any, errors: Errors) -> tuple[str, str] | None:
    moment = parse_ts(value)
    if moment is None:
        errors.setdefault("due_date", []).append("must be an ISO-8601 date")
        return None
    return moment.date().isoformat(), normalize_ts(value) or ""


def create_task(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    missing = [
        n
        for n in ("subject", "person_id", "user_id", "task_type", "due_date", "current_state")
        if params.get(n) in (None, "")
    ]
    if missing:
        raise required(*missing)
    errors: Errors = {}
    if params["current_state"] != "scheduled":
        errors.setdefault("current_state", []).append("must be one of: scheduled")
    if params["task_type"] not in TASK_TYPES:
        errors.setdefault("task_type", []).append(f"must be one of: {', '.join(TASK_TYPES)}")
    due = _due_date(params["due_date"], errors)
    person_id = id_param(params, "person_id", errors, needed=True)
    user_id = id_param(params, "user_id", errors, needed=True)
    raise_errors(errors)
    with ctx.store.lock:
        key = params.get("idempotency_key")
        if key not in (None, ""):
            for task in ctx.store.all("tasks"):
                if task.get("_idempotency_key") == str(key):
                    return task  # "prevents duplicates from being created": the first one wins
        existing(ctx.store, "people", person_id)
        existing(ctx.store, "users", user_id)
        record = fresh(ctx, "tasks")
        record.update(
            subject=str(params["subject"]),
            task_type=str(params["task_type"]),
            current_state="scheduled",
            person=ref("people", person_id),
            user=ref("users", user_id),
            created_by_user=ctx.me(),
            _idempotency_key=None if key in (None, "") else str(key),
            description=params.get("description"),
        )
        if due is not None:
            record["due_date"], record["due_at"] = due
        for name in ("due_at", "remind_at"):
            if params.get(name) not in (None, ""):
                normalized = normalize_ts(params[name])
                if normalized is None:
                    raise unprocessable({name: ["must be an iso8601 timestamp"]})
                record[name] = normalized
        return ctx.store.put("tasks", record)


def update_task(ctx: Ctx, current: Record, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    with ctx.store.lock:
        record = dict(current)
        touch(ctx, record)
        for name in ("subject", "description"):
            if name in params:
                record[name] = None if params[name] is None else str(params[name])
        if params.get("due_date") not in (None, ""):
            due = _due_date(params["due_date"], errors)
            if due is not None:
                record["due_date"], record["due_at"] = due
        if params.get("remind_at") not in (None, ""):
            record["remind_at"] = normalize_ts(params["remind_at"])
            if record["remind_at"] is None:
                errors.setdefault("remind_at", []).append("must be an iso8601 timestamp")
        state = params.get("current_state")
        if state not in (None, ""):
            if state != "completed":
                errors.setdefault("current_state", []).append("must be one of: completed")
            elif record.get("current_state") != "completed":
                record.update(current_state="completed", completed_at=ctx.now(), completed_by=ctx.me())
        raise_errors(errors)
        return ctx.store.put("tasks", record)
