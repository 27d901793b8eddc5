"""``POST /contacts/sign_up_form`` (create-or-update by address) and ``GET /contacts/counts``."""

from __future__ import annotations

from aiohttp import web

from switchboard_emulators.constant_contact.contact_body import check_custom_fields, check_items
from switchboard_emulators.constant_contact.contact_shape import (
    ADDRESS_FIELDS,
    ADDRESS_KINDS,
    EMAIL_RE,
    MAILABLE,
    SCALARS,
    SCOPE,
    SUBRESOURCES,
    apply_permission,
    new_email,
    permission,
)
from switchboard_emulators.constant_contact.errors import Record, json_response, read_object
from switchboard_emulators.constant_contact.resources import (
    Checker,
    Params,
    parse_enum,
    query_params,
    require_scope,
)
from switchboard_emulators.constant_contact.state import State, iso


def _sign_up(state: State, body: Record) -> tuple[int, Record]:
    """Create (201) or partially update (200) the contact with this address."""
    c = Checker(body)
    address = c.string("email_address", 50)
    if address is not None and not EMAIL_RE.match(address.strip()):
        c.fail("#/email_address: must be a valid email address")
    sms = body.get("sms_channel")
    if sms is not None and not isinstance(sms, dict):
        c.fail("#/sms_channel: must be an object")
    if address is None and sms is None:
        c.fail("#: email_address or sms_channel is required")
    lists = c.id_list("list_memberships", 50, state.live_lists())
    if lists is None:
        c.fail("#/list_memberships: list_memberships is required")
    elif not lists:
        c.fail("#/list_memberships: must contain at least 1 item")
    scalars: Record = {}
    for name, max_len in SCALARS.items():
        if (value := c.string(name, max_len)) is not None:
            scalars[name] = value
    for name, high in (("birthday_month", 12), ("birthday_day", 31)):
        if (number := c.integer(name, 1, high)) is not None:
            scalars[name] = number
    phone = c.string("phone_number", 25)
    fields = check_custom_fields(c, state, 50)
    street = body.get("street_address")
    if street is not None:
        sub = Checker({"street_addresses": [street]})
        addresses = check_items(sub, "street_addresses", 1, ADDRESS_KINDS, ADDRESS_FIELDS)
        c.errors.extend(e.replace("#/street_addresses/0", "#/street_address") for e in sub.errors)
    else:
        addresses = None
    c.done()

    now = state.now()
    existing = state.contact_by_email(address) if address else None
    created = existing is None
    if existing is None:
        contact: Record = {"contact_id": state.new_id()}
        if address:
            contact["email_address"] = new_email(address.strip(), "explicit", "Contact", now)
        contact.update({"create_source": "Contact", "created_at": now})
        for name in SUBRESOURCES:
            contact[name] = []
    else:
        contact = {k: (list(v) if isinstance(v, list) else v) for k, v in existing.items()}
        contact.pop("deleted_at", None)  # signing up again revives a deleted contact
        if contact.get("email_address"):
            contact["email_address"] = dict(contact["email_address"])
            apply_permission(contact["email_address"], "explicit", "Contact", now)
    contact.update(scalars)
    contact["update_source"] = "Contact"
    contact["updated_at"] = now
    # Partial update: lists and custom fields are appended to (same field: new value wins).
    contact["list_memberships"] = list(dict.fromkeys([*contact["list_memberships"], *(lists or [])]))
    merged = {f["custom_field_id"]: f for f in contact["custom_fields"]}
    merged.update({f["custom_field_id"]: f for f in fields or []})
    contact["custom_fields"] = list(merged.values())
    if phone and all(p.get("phone_number") != phone for p in contact["phone_numbers"]):
        entry = {
            "phone_number_id": state.new_id(),
            "phone_number": phone,
            "kind": "other",
            "created_at": now,
            "updated_at": now,
            "update_source": "Contact",
            "create_source": "Contact",
        }
        contact["phone_numbers"] = [*contact["phone_numbers"], entry][-3:]
    if addresses:
        new = {"street_address_id": state.new_id(), **addresses[0], "created_at": now, "updated_at": now}
        kept = [a for a in contact["street_addresses"] if a.get("kind") != new["kind"]]
        contact["street_addresses"] = [*kept, new][-3:]
    if isinstance(sms, dict):
        contact["sms_channel"] = {"sms_channel_id": state.new_id(), **sms}
    table = state.tables["contacts"]
    if created:
        table.insert(contact)
    else:
        table.replace(contact)
    state.index_email(contact)
    return (201 if created else 200), {
        "contact_id": contact["contact_id"],
        "action": "created" if created else "updated",
    }


def _counts(state: State, params: Params) -> Record:
    """Totals per consent state over contacts that are not deleted."""
    include = parse_enum(params, "include", ("new_subscriber",))
    counts = {"total": 0, "explicit": 0, "implicit": 0, "pending": 0, "unsubscribed": 0}
    month_ago = iso(state.clock() - 30 * 86400)
    new = 0
    for contact in state.tables["contacts"].values():
        if "deleted_at" in contact:
            continue
        counts["total"] += 1
        perm = permission(contact)
        key = "pending" if perm == "pending_confirmation" else perm
        if key in counts:
            counts[key] += 1
        if perm in MAILABLE and contact["created_at"] > month_ago:
            new += 1
    body: Record = dict(counts)
    if include:
        body["new_subscriber"] = new
    return body


def routes(state: State) -> list[web.RouteDef]:
    """Routes under /v3/contacts/ that must be matched before ``/contacts/{contact_id}``."""

    async def sign_up_form(request: web.Request) -> web.StreamResponse:
        require_scope(request, SCOPE)
        body = await read_object(request)
        with state.lock:
            status, answer = _sign_up(state, body)
            return json_response(answer, status)

    async def counts(request: web.Request) -> web.StreamResponse:
        require_scope(request, SCOPE)
        with state.lock:
            return json_response(_counts(state, query_params(request)))

    return [
        web.post("/v3/contacts/sign_up_form", sign_up_form),
        web.get("/v3/contacts/counts", counts, allow_head=False),
    ]
