"""Logging a call: the person must exist (404); its notes become a note and its ``crm_params`` a
CRM activity, as Salesloft does. Its action and unknown linked call data records are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.params import as_list, ints
from switchboard_emulators.salesloft.schema import (
    bare_ref,
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
    user_by_guid,
)


def _in_list(ctx: Ctx, resource: str, name: str, value: Any, errors: Errors) -> str | None:
    if value in (None, ""):
        return None
    names = {r.get("name") for r in ctx.store.all(resource)}
    if str(value) not in names:
        errors.setdefault(name, []).append("is not included in the list")
    return str(value)


def create_call(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    """Log a call; its notes become a note and its crm_params a CRM activity, as Salesloft does."""
    errors: Errors = {}
    person_id = id_param(params, "person_id", errors, needed=True)
    raise_errors(errors)
    with ctx.store.lock:
        person = existing(ctx.store, "people", person_id)
        user_id = user_by_guid(ctx, params.get("user_guid"), errors)
        disposition = _in_list(ctx, "call_dispositions", "disposition", params.get("disposition"), errors)
        sentiment = _in_list(ctx, "call_sentiments", "sentiment", params.get("sentiment"), errors)
        duration = id_param(params, "duration", errors, needed=False)
        action_id = id_param(params, "action_id", errors, needed=False)
        crm_params = params.get("crm_params")
        if crm_params is not None and not isinstance(crm_params, dict):
            errors.setdefault("crm_params", []).append("must be an object of CRM field to value")
        linked = params.get("linked_call_data_record_ids")
        linked_ids = ints(as_list(linked))
        raise_errors(errors)
        record = fresh(ctx, "calls")
        to = params.get("to")
        record.update(
            to=None if to is None else str(to),
            duration=duration,
            sentiment=sentiment,
            disposition=disposition,
            user=ref("users", user_id),
            action=bare_ref(action_id),
            called_person=ref("people", person_id),
        )
        activity = fresh(ctx, "crm_activities")
        activity.update(
            subject=f"Call: {' | '.join(x for x in (disposition, sentiment) if x) or 'Logged'}",
            description=params.get("notes"),
            custom_crm_fields=dict(crm_params or {}),
            person=ref("people", person_id),
            user=ref("users", user_id),
        )
        ctx.store.put("crm_activities", activity)
        record["crm_activity"] = ref("crm_activities", activity["id"])
        if params.get("notes"):
            note = fresh(ctx, "notes")
            note.update(
                content=str(params["notes"]),
                associated_type="person",
                associated_with=ref("people", person_id),
                call=ref("activities/calls", record["id"]),
                user=ref("users", user_id),
            )
            ctx.store.put("notes", note)
            record["note"] = ref("notes", note["id"])
        ctx.store.put("calls", record)
        for cdr_id in linked_ids:
            cdr = ctx.store.get("call_data_records", cdr_id)
            if cdr is not None:
                linked_cdr = {**cdr, "call": ref("activities/calls", record["id"])}
                touch(ctx, linked_cdr)
                ctx.store.put("call_data_records", linked_cdr)
        counts = {**person["counts"], "calls": person["counts"].get("calls", 0) + 1}
        contacted = {
            **person,
            "counts": counts,
            "last_contacted_at": record["created_at"],
            "last_contacted_type": "call",
            "last_contacted_by": ref("users", user_id),
            "untouched": False,
        }
        touch(ctx, contacted)
        ctx.store.put("people", contacted)
        return record
