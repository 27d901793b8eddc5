"""Creates and updates: parameter coercion, validation and the side effects Salesloft applies.

Referential checks enforced (404 ``{"error": "Not Found"}`` when the referenced record is
missing, as Rails' ``find`` does): cadence memberships (person, cadence, and user/step when
given), calls (person), notes (the associated person/account, and the call when given), tasks
(person, user). Not enforced, so sample payloads work against an empty emulator: a person's
account/owner/import/stage, an account's owner/stage/tier, a call's action and linked call data
records (unknown ones are skipped), and whether a teammate may add people to a cadence.

Uniqueness enforced (422 ``has already been taken``): person ``email_address`` (case-insensitive;
Salesloft's default of no intentional duplicates), account ``domain``, custom field name per
field type. Records are copied before they change, never edited in place (see ``state``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from switchboard_emulators.salesloft.clock import normalize_ts, parse_ts
from switchboard_emulators.salesloft.params import as_bool, as_int, as_list
from switchboard_emulators.salesloft.responses import not_found, required, unprocessable
from switchboard_emulators.salesloft.schema import (
    ACCOUNT_FIELDS,
    CUSTOM_FIELD_FIELDS,
    CUSTOM_FIELD_TYPES,
    IMPORT_FIELDS,
    PERSON_FIELDS,
    STAGE_FIELDS,
    TASK_TYPES,
    TEMPLATES,
    UNTIMED,
    Field,
    bare_ref,
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


def _raise(errors: Errors) -> None:
    if errors:
        raise unprocessable(errors)


# ---------------------------------------------------------------------------------------------
# People.


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
    _raise(errors)
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


def _upsert(ctx: Ctx, resource: str, params: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, Record | None]:
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


def upsert_person(ctx: Ctx, params: Mapping[str, Any]) -> tuple[str, Record]:
    """``POST /v2/person_upserts``: update by id/crm_id/email_address, or create."""
    with ctx.store.lock:
        kind, found = _upsert(ctx, "people", params, ("id", "crm_id", "email_address"))
        if found is not None:
            return kind, update_person(ctx, found, params)
        return kind, create_person(ctx, params)


# ---------------------------------------------------------------------------------------------
# Accounts.


def _write_account(ctx: Ctx, record: Record, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    apply_fields(record, params, ACCOUNT_FIELDS, errors)
    if "archived" in params:
        try:
            archived = as_bool(params["archived"])
            if archived and not record.get("archived_at"):
                record["archived_at"] = ctx.now()
            elif not archived:
                record["archived_at"] = None
        except ValueError:
            errors.setdefault("archived", []).append("is invalid")
    if isinstance(record.get("domain"), str):
        record["domain"] = record["domain"].strip().lower()  # "Domains are unique and lowercase"
    for name in ("name", "domain"):
        if not record.get(name):
            errors.setdefault(name, []).append("is required")
    if record.get("domain"):
        other = ctx.store.lookup("accounts", "domain", record["domain"])
        if other is not None and other["id"] != record["id"]:
            errors.setdefault("domain", []).append("has already been taken")
    _raise(errors)
    ensure_tags(ctx, record.get("tags") or [])
    return ctx.store.put("accounts", record)


def create_account(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = fresh(ctx, "accounts")
        record["creator"] = ctx.me()
        return _write_account(ctx, record, params)


def update_account(ctx: Ctx, current: Record, params: Mapping[str, Any]) -> Record:
    with ctx.store.lock:
        record = dict(current)
        touch(ctx, record)
        return _write_account(ctx, record, params)


def upsert_account(ctx: Ctx, params: Mapping[str, Any]) -> tuple[str, Record]:
    with ctx.store.lock:
        kind, found = _upsert(ctx, "accounts", params, ("id", "crm_id", "domain"))
        if found is not None:
            return kind, update_account(ctx, found, params)
        return kind, create_account(ctx, params)


# ---------------------------------------------------------------------------------------------
# Small resources: custom fields, person stages, imports.


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
        _raise(errors)
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
        _raise(errors)
        return ctx.store.put("person_stages", record)


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
        _raise(errors)
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


# ---------------------------------------------------------------------------------------------
# Cadence memberships, calls, notes, tasks.


def _id_param(params: Mapping[str, Any], name: str, errors: Errors, *, needed: bool) -> int | None:
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


def create_cadence_membership(ctx: Ctx, params: Mapping[str, Any]) -> Record:
    errors: Errors = {}
    person_id = _id_param(params, "person_id", errors, needed=True)
    cadence_id = _id_param(params, "cadence_id", errors, needed=True)
    user_id = _id_param(params, "user_id", errors, needed=False)
    step_id = _id_param(params, "step_id", errors, needed=False)
    _raise(errors)
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


def _user_by_guid(ctx: Ctx, guid: Any, errors: Errors) -> int:
    if guid in (None, ""):
        return ctx.user_id
    user = ctx.store.lookup("users", "guid", guid)
    if user is None:
        errors.setdefault("user_guid", []).append("is invalid")
        return ctx.user_id
    return int(user["id"])


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
    person_id = _id_param(params, "person_id", errors, needed=True)
    _raise(errors)
    with ctx.store.lock:
        person = existing(ctx.store, "people", person_id)
        user_id = _user_by_guid(ctx, params.get("user_guid"), errors)
        disposition = _in_list(ctx, "call_dispositions", "disposition", params.get("disposition"), errors)
        sentiment = _in_list(ctx, "call_sentiments", "sentiment", params.get("sentiment"), errors)
        duration = _id_param(params, "duration", errors, needed=False)
        action_id = _id_param(params, "action_id", errors, needed=False)
        crm_params = params.get("crm_params")
        if crm_params is not None and not isinstance(crm_params, dict):
            errors.setdefault("crm_params", []).append("must be an object of CRM field to value")
        linked = params.get("linked_call_data_record_ids")
        linked_ids = [as_int(v) for v in as_list(linked) if v.lstrip("-").isdigit()]
        _raise(errors)
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
    call_id = _id_param(params, "call_id", errors, needed=False)
    target: tuple[str, int] | None = None
    if current is None:
        kind = str(params.get("associated_with_type") or "").lower()
        if not kind:
            errors.setdefault("associated_with_type", []).append("is required")
        elif kind not in _NOTE_TARGETS:
            errors.setdefault("associated_with_type", []).append("must be one of: person, account")
        target_id = _id_param(params, "associated_with_id", errors, needed=True)
        if kind in _NOTE_TARGETS and target_id is not None:
            target = (kind, target_id)
    _raise(errors)
    with ctx.store.lock:
        if target is not None:
            existing(ctx.store, _NOTE_TARGETS[target[0]], target[1])
        if current is None:
            record = fresh(ctx, "notes")
            assert target is not None
            record.update(
                associated_type=target[0],
                associated_with=ref(_NOTE_TARGETS[target[0]], target[1]),
                user=ref("users", _user_by_guid(ctx, params.get("user_guid"), errors)),
            )
        else:
            record = dict(current)
            touch(ctx, record)
        record["content"] = str(params["content"])
        call = _link_call_note(ctx, call_id, record["id"], errors) if call_id is not None else None
        _raise(errors)
        if call is not None:
            record["call"] = ref("activities/calls", call["id"])
            ctx.store.put("calls", {**call, "note": ref("notes", record["id"])})
        return ctx.store.put("notes", record)


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
    person_id = _id_param(params, "person_id", errors, needed=True)
    user_id = _id_param(params, "user_id", errors, needed=True)
    _raise(errors)
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
        _raise(errors)
        return ctx.store.put("tasks", record)
