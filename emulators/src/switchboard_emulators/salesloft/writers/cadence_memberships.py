"""Adding a person to a cadence: person, cadence, and the user and step when given, must exist (404);
whether the teammate may add people to that cadence is not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard_emulators.salesloft.responses import unprocessable
from switchboard_emulators.salesloft.schema import ref
from switchboard_emulators.salesloft.writers.base import (
    Ctx,
    Errors,
    Record,
    existing,
    fresh,
    id_param,
    raise_errors,
)


def create_cadence_membership(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    person_id = id_param(params, "person_id", errors, needed=True)
    cadence_id = id_param(params, "cadence_id", errors, needed=True)
    user_id = id_param(params, "user_id", errors, needed=False)
    step_id = id_param(params, "step_id", errors, needed=False)
    raise_errors(errors)
    with ctx.store.lock:
        person = existing(ctx.store, "people", person_id)
        existing(ctx.store, "cadences", cadence_id)
        if user_id is not None:
            existing(ctx.store, "users", user_id)
        if step_id is not None:
            existing(ctx.store, "steps", step_id)
        for other in ctx.store.all("cadence_memberships"):
            same = (other.get("person") or {}).get("id") == person_id and (other.get("cadence") or {}).get(
                "id"
            ) == cadence_id
            if same and other.get("currently_on_cadence"):
                raise unprocessable({"person_id": ["is already on this cadence"]})
        if person.get("do_not_contact"):
            raise unprocessable({"person_id": ["is marked do not contact"]})
        record = fresh(ctx, "cadence_memberships")
        record.update(
            added_at=record["created_at"],
            cadence=ref("cadences", cadence_id),
            person=ref("people", person_id),
            user=ref("users", user_id if user_id is not None else ctx.user_id),
        )
        return ctx.store.put("cadence_memberships", record)
