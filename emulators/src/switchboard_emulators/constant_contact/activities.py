"""Bulk activities: JSON import, list membership changes and bulk deletes.

The real API queues these and answers 201 with ``state: initialized``; the emulator does
the work before answering, so the first GET of ``/v3/activities/{id}`` already shows
``completed`` with its counts. List and tag deletes also run as activities (202).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from switchboard_emulators.constant_contact.contact_shape import (
    ADDRESS_FIELDS,
    EMAIL_RE,
    MAILABLE,
    SCOPE,
    SUBRESOURCES,
    new_email,
    permission,
    soft_delete,
)
from switchboard_emulators.constant_contact.errors import Record, json_response, read_object
from switchboard_emulators.constant_contact.resources import (
    Checker,
    Params,
    ResourceSpec,
    parse_enum,
    require_scope,
    routes_for,
)
from switchboard_emulators.constant_contact.state import State

STATES = ("processing", "completed", "cancelled", "failed", "timed_out")
MAX_LISTS_PER_CONTACT = 50
MAX_IMPORT_ROWS = 40_000
PHONE_COLUMNS = {
    "phone": "other",
    "home_phone": "home",
    "work_phone": "work",
    "mobile_phone": "mobile",
    "other_phone": "other",
}
ADDRESS_PREFIXES = {"": "home", "home_": "home", "work_": "work", "other_": "other"}
ADDRESS_COLUMNS = {
    "street": "street",
    "street2": "street2",
    "city": "city",
    "state": "state",
    "zip": "postal_code",
    "country": "country",
}
NAME_COLUMNS = ("first_name", "last_name", "job_title", "company_name", "anniversary")


def start_activity(state: State, initial: Record, final: Record, errors: list[str] | None = None) -> Record:
    """Store a completed activity and return the 'just queued' view the POST answers with."""
    activity_id = state.new_id()
    now = state.now()
    links = {"self": {"href": f"/v3/activities/{activity_id}"}}
    state.tables["activities"].insert(
        {
            "activity_id": activity_id,
            "state": "completed",
            "started_at": now,
            "completed_at": now,
            "created_at": now,
            "updated_at": now,
            "percent_done": 100,
            "activity_errors": list(errors or []),
            "status": final,
            "_links": links,
        }
    )
    return {
        "activity_id": activity_id,
        "state": "initialized",
        "created_at": now,
        "updated_at": now,
        "percent_done": 0,
        "activity_errors": [],
        "status": initial,
        "_links": links,
    }


def set_lists(contact: Record, lists: list[str], now: str) -> None:
    if lists != contact.get("list_memberships"):
        contact["list_memberships"] = lists
        contact["updated_at"] = now


# -- POST /activities/contacts_json_import -----------------------------------------------


class _ImportTally:
    def __init__(self) -> None:
        self.imported = 0
        self.errors = 0
        self.correctable = 0
        self.cannot_add = 0
        self.messages: list[str] = []


def _import_row(state: State, row: Any, i: int, list_ids: list[str], now: str, tally: _ImportTally) -> None:
    if not isinstance(row, dict):
        tally.errors += 1
        tally.messages.append(f"import_data[{i}]: must be an object")
        return
    email = row.get("email")
    if not email and not row.get("sms_number"):
        tally.errors += 1
        tally.messages.append(f"import_data[{i}]: email or sms_number is required")
        return
    if email and (not isinstance(email, str) or len(email) > 50 or not EMAIL_RE.match(email.strip())):
        tally.correctable += 1
        tally.messages.append(f"import_data[{i}]: invalid email address {email!r}")
        return
    fields_by_name = {
        str(f["name"]).lower(): f["custom_field_id"] for f in state.tables["contact_custom_fields"].values()
    }
    existing = state.contact_by_email(email) if email else None
    if existing is None:
        contact: Record = {"contact_id": state.new_id()}
        if email:
            contact["email_address"] = new_email(email.strip(), "implicit", "Account", now)
        contact.update({"create_source": "Account", "created_at": now})
        for name in SUBRESOURCES:
            contact[name] = []
        state.tables["contacts"].insert(contact)
        state.index_email(contact)
    else:
        contact = existing
        if "deleted_at" in contact:
            del contact["deleted_at"]  # importing a deleted contact revives it
    contact["update_source"] = "Account"
    contact["updated_at"] = now
    for name in NAME_COLUMNS:
        if isinstance(row.get(name), str):
            contact[name] = row[name]
    for name in ("birthday_month", "birthday_day"):
        if isinstance(row.get(name), int):
            contact[name] = row[name]
    phones = {p.get("kind"): p for p in contact["phone_numbers"]}
    for column, kind in PHONE_COLUMNS.items():
        if isinstance(row.get(column), str) and row[column]:
            phones[kind] = {
                "phone_number_id": state.new_id(),
                "phone_number": row[column],
                "kind": kind,
                "created_at": now,
                "updated_at": now,
                "update_source": "Account",
                "create_source": "Account",
            }
    contact["phone_numbers"] = list(phones.values())[:3]
    addresses = {a.get("kind"): a for a in contact["street_addresses"]}
    for prefix, kind in ADDRESS_PREFIXES.items():
        parts = {}
        for column, field in ADDRESS_COLUMNS.items():
            value = row.get(prefix + column, row.get(prefix.replace("_", " ") + column))
            if isinstance(value, str) and value:
                parts[field] = value
        if parts:
            if "street2" in parts:
                line2 = parts.pop("street2")
                parts["street"] = f"{parts['street']}, {line2}" if "street" in parts else line2
            base = addresses.get(kind) or {"street_address_id": state.new_id(), "kind": kind, "created_at": now}
            addresses[kind] = {**base, **{k: v for k, v in parts.items() if k in ADDRESS_FIELDS}, "updated_at": now}
    contact["street_addresses"] = list(addresses.values())[:3]
    custom = {f["custom_field_id"]: f for f in contact["custom_fields"]}
    for column, value in row.items():
        if column.startswith("cf:"):
            field_id = fields_by_name.get(column[3:].lower())
            if field_id is None:
                tally.messages.append(f"import_data[{i}]: custom field {column[3:]!r} does not exist")
            else:
                custom[field_id] = {"custom_field_id": field_id, "value": str(value)}
    contact["custom_fields"] = list(custom.values())[:25]
    if permission(contact) == "unsubscribed":
        tally.cannot_add += 1
    else:
        joined = list(dict.fromkeys([*contact["list_memberships"], *list_ids]))
        contact["list_memberships"] = joined[:MAX_LISTS_PER_CONTACT]
    tally.imported += 1


def contacts_json_import(state: State, body: Record) -> Record:
    c = Checker(body)
    rows = body.get("import_data")
    if not isinstance(rows, list) or not rows or len(rows) > MAX_IMPORT_ROWS:
        c.fail(f"#/import_data: must be an array of 1 to {MAX_IMPORT_ROWS} contacts")
    list_ids = c.id_list("list_ids", 50, state.live_lists())
    if not list_ids:
        c.fail("#/list_ids: at least one list_id is required")
    sms_permission = body.get("sms_permission_to_send")
    if sms_permission is not None and sms_permission not in ("explicit", "not_set"):
        c.fail("#/sms_permission_to_send: must be explicit or not_set")
    c.done()
    assert isinstance(rows, list) and list_ids
    now = state.now()
    tally = _ImportTally()
    for i, row in enumerate(rows):
        _import_row(state, row, i, list_ids, now, tally)
    final = {
        "items_total_count": len(rows),
        "person_count": tally.imported,
        "error_count": tally.errors,
        "correctable_count": tally.correctable,
        "cannot_add_to_list_count": tally.cannot_add,
    }
    return start_activity(state, {"items_total_count": len(rows)}, final, tally.messages)


# -- add / remove list memberships -------------------------------------------------------

SOURCE_KEYS = ("list_ids", "contact_ids", "all_active_contacts", "tag_ids", "segment_id", "engagement_level")


def _source_contacts(state: State, c: Checker) -> list[Record]:
    source = c.body.get("source")
    if not isinstance(source, dict):
        c.fail("#/source: source is required")
        return []
    given = [k for k in SOURCE_KEYS if source.get(k) not in (None, False, [])]
    if len(given) != 1:
        c.fail(f"#/source: specify exactly one of {', '.join(SOURCE_KEYS)}")
        return []
    key = given[0]
    sub = Checker(source)
    contacts = state.tables["contacts"]
    live = [r for r in contacts.values() if "deleted_at" not in r]
    chosen: list[Record] = []
    if key == "list_ids":
        wanted = set(sub.id_list("list_ids", 50, state.live_lists()) or [])
        chosen = [r for r in live if not wanted.isdisjoint(r["list_memberships"])]
    elif key == "contact_ids":
        ids = sub.id_list("contact_ids", 500) or []
        found = (contacts.get(i) for i in ids)
        chosen = [r for r in found if r is not None and "deleted_at" not in r]
    elif key == "tag_ids":
        wanted = set(sub.id_list("tag_ids", 50, state.tables["contact_tags"].rows) or [])
        chosen = [r for r in live if not wanted.isdisjoint(r["taggings"])]
    elif key == "all_active_contacts":
        chosen = [r for r in live if permission(r) in MAILABLE]
    else:
        sub.fail(f"#/source/{key}: segments and engagement levels are not available in this account")
    c.errors.extend(e.replace("#/", "#/source/", 1) for e in sub.errors)
    exclude = c.body.get("exclude")
    if isinstance(exclude, dict) and key in ("list_ids", "all_active_contacts"):
        skip = set(Checker(exclude).id_list("contact_ids", 500) or [])
        chosen = [r for r in chosen if r["contact_id"] not in skip]
    return chosen


def _membership_activity(state: State, body: Record, add: bool) -> Record:
    c = Checker(body)
    targets = c.id_list("list_ids", 50, state.live_lists())
    if not targets:
        c.fail("#/list_ids: at least one target list_id is required")
    chosen = _source_contacts(state, c)
    c.done()
    assert targets
    now = state.now()
    errors: list[str] = []
    for contact in chosen:
        current = contact["list_memberships"]
        if add:
            joined = list(dict.fromkeys([*current, *targets]))
            if len(joined) > MAX_LISTS_PER_CONTACT:
                errors.append(f"contact {contact['contact_id']} is already a member of 50 lists")
                joined = joined[:MAX_LISTS_PER_CONTACT]
            set_lists(contact, joined, now)
        else:
            drop = set(targets)
            set_lists(contact, [x for x in current if x not in drop], now)
    final = {"items_total_count": len(chosen), "items_completed_count": len(chosen), "list_count": len(targets)}
    return start_activity(state, {"list_count": len(targets)}, final, errors)


def add_list_memberships(state: State, body: Record) -> Record:
    return _membership_activity(state, body, add=True)


def remove_list_memberships(state: State, body: Record) -> Record:
    return _membership_activity(state, body, add=False)


# -- POST /activities/contact_delete -----------------------------------------------------


def contact_delete(state: State, body: Record) -> Record:
    c = Checker(body)
    ids = c.id_list("contact_ids", 500)
    lists = c.id_list("list_ids", 50, state.live_lists())
    if bool(ids) == bool(lists):
        c.fail("#: specify either contact_ids or list_ids")
    c.done()
    contacts = state.tables["contacts"]
    if ids:
        found = (contacts.get(i) for i in ids)
        chosen = [r for r in found if r is not None and "deleted_at" not in r]
    else:
        wanted = set(lists or [])
        chosen = [
            r for r in contacts.values() if "deleted_at" not in r and not wanted.isdisjoint(r["list_memberships"])
        ]
    now = state.now()
    day = now[:10]
    for contact in chosen:
        soft_delete(contact, now, day)
    initial: Record = {"items_total_count": len(chosen)}
    final: Record = {"items_total_count": len(chosen), "items_completed_count": len(chosen)}
    if lists:
        initial["list_count"] = final["list_count"] = len(lists)
    return start_activity(state, initial, final)


# -- GET /activities and /activities/{activity_id} ---------------------------------------


def match_activities(state: State, params: Params) -> Callable[[Record], bool]:
    wanted = parse_enum(params, "state", STATES)
    return lambda r: wanted is None or r["state"] == wanted


SPEC = ResourceSpec(
    resource="activities",
    path="/v3/activities",
    id_param="activity_id",
    envelope="activities",
    scope=SCOPE,
    what="activity",
    matcher=match_activities,
)

POSTS: dict[str, Callable[[State, Record], Record]] = {
    "contacts_json_import": contacts_json_import,
    "add_list_memberships": add_list_memberships,
    "remove_list_memberships": remove_list_memberships,
    "contact_delete": contact_delete,
}


def routes(state: State) -> list[web.RouteDef]:
    """The bulk-activity POSTs, then the activity status collection and item."""

    def post(run: Callable[[State, Record], Record]) -> Handler:
        async def handle(request: web.Request) -> web.StreamResponse:
            require_scope(request, SCOPE)
            body = await read_object(request)
            with state.lock:
                return json_response(run(state, body), 201)

        return handle

    posts = [web.post(f"/v3/activities/{name}", post(run)) for name, run in POSTS.items()]
    return [*posts, *routes_for(SPEC, state)]
