"""Contacts: storage shape, validation, filters and the /contacts CRUD hooks.

A stored contact always carries every sub-resource array; responses add them only when
``include`` asks (GET) or always (POST/PUT answers), as the API does. Deleting a contact
only marks it (``deleted_at``) and strips its list memberships: its address stays taken,
so POST answers 409 for it and PUT or sign_up_form revive it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from switchboard_emulators.constant_contact.errors import (
    CONFLICT,
    Record,
    api_error,
    not_found,
)
from switchboard_emulators.constant_contact.resources import (
    Checker,
    Params,
    ResourceSpec,
    parse_csv,
    parse_time,
)
from switchboard_emulators.constant_contact.state import State

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERMISSIONS = ("explicit", "implicit", "not_set", "pending_confirmation", "temp_hold", "unsubscribed")
MAILABLE = ("explicit", "implicit")
SOURCES = ("Account", "Contact")
SUBRESOURCES = ("custom_fields", "phone_numbers", "street_addresses", "list_memberships", "taggings", "notes")
INCLUDES = ("custom_fields", "list_memberships", "phone_numbers", "street_addresses", "taggings", "notes")
STATUSES = ("all", "active", "deleted", "not_set", "pending_confirmation", "temp_hold", "unsubscribed")
SMS_STATUSES = ("all", "explicit", "unsubscribed", "pending_confirmation", "not_set")
SCALARS = {"first_name": 50, "last_name": 50, "job_title": 50, "company_name": 50, "anniversary": 10}
PHONE_KINDS = ("home", "work", "mobile", "other")
ADDRESS_KINDS = ("home", "work", "other")
ADDRESS_FIELDS = {"street": 255, "city": 50, "state": 50, "postal_code": 50, "country": 50}
SCOPE = "contact_data"


# -- shaping -----------------------------------------------------------------------------


def new_email(address: str, permission: str, source: str, now: str) -> Record:
    email: Record = {"address": address, "permission_to_send": "not_set", "created_at": now, "updated_at": now}
    apply_permission(email, permission, source, now)
    email["confirm_status"] = "off"
    return email


def apply_permission(email: Record, permission: str, source: str, now: str) -> None:
    """Set ``permission_to_send`` and the opt-in/opt-out stamps that go with a change."""
    if email.get("permission_to_send") == permission:
        return
    email["permission_to_send"] = permission
    email["updated_at"] = now
    if permission in MAILABLE:
        email["opt_in_source"] = source
        email["opt_in_date"] = now
        for key in ("opt_out_source", "opt_out_date", "opt_out_reason"):
            email.pop(key, None)
    elif permission == "unsubscribed":
        email["opt_out_source"] = source
        email["opt_out_date"] = now


def render(contact: Record, include: Sequence[str]) -> Record:
    """The contact as the API shows it: base fields plus the sub-resources asked for."""
    out = {k: v for k, v in contact.items() if k not in SUBRESOURCES}
    for name in include:
        out[name] = contact.get(name, [])
    return out


def render_full(contact: Record) -> Record:
    return render(contact, SUBRESOURCES)


def permission(contact: Record) -> str:
    email = contact.get("email_address")
    return str(email.get("permission_to_send", "not_set")) if email else "not_set"


# -- validation --------------------------------------------------------------------------


def check_custom_fields(c: Checker, state: State, max_items: int) -> list[Record] | None:
    value = c.body.get("custom_fields")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > max_items:
        c.fail(f"#/custom_fields: must be an array of at most {max_items} items")
        return None
    known = state.tables["contact_custom_fields"].rows
    out: dict[str, Record] = {}
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("custom_field_id"), str):
            c.fail(f"#/custom_fields/{i}: custom_field_id is required")
            continue
        field_id = item["custom_field_id"]
        if field_id not in known:
            c.fail(f"#/custom_fields/{i}/custom_field_id: custom field {field_id} does not exist")
            continue
        val = item.get("value", "")
        if not isinstance(val, str) or len(val) > 255:
            c.fail(f"#/custom_fields/{i}/value: must be a string of at most 255 characters")
            continue
        out[field_id] = {"custom_field_id": field_id, "value": val}
    return list(out.values())


def check_items(
    c: Checker, name: str, max_items: int, kinds: tuple[str, ...], fields: dict[str, int]
) -> list[Record] | None:
    value = c.body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > max_items:
        c.fail(f"#/{name}: must be an array of at most {max_items} items")
        return None
    out: list[Record] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            c.fail(f"#/{name}/{i}: must be an object")
            continue
        if item.get("kind") not in kinds:
            c.fail(f"#/{name}/{i}/kind: must be one of {', '.join(kinds)}")
        clean: Record = {"kind": item.get("kind")}
        for field, max_len in fields.items():
            val = item.get(field)
            if val is None:
                continue
            if not isinstance(val, str) or len(val) > max_len:
                c.fail(f"#/{name}/{i}/{field}: must be a string of at most {max_len} characters")
            clean[field] = val
        out.append(clean)
    return out


def _check_notes(c: Checker) -> list[Record] | None:
    value = c.body.get("notes")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 150:
        c.fail("#/notes: must be an array of at most 150 items")
        return None
    out: list[Record] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("content"), str):
            c.fail(f"#/notes/{i}/content: content is required")
            continue
        out.append(item)
    return out


class ContactBody:
    """A validated POST/PUT body for ``/contacts``."""

    def __init__(self, state: State, body: Record, source_field: str) -> None:
        c = Checker(body)
        self.source = c.string(source_field, 20, required=True)
        if self.source is not None and self.source not in SOURCES:
            c.fail(f"#/{source_field}: must be one of {', '.join(SOURCES)}")
        self.scalars: Record = {}
        for name, max_len in SCALARS.items():
            if (value := c.string(name, max_len)) is not None:
                self.scalars[name] = value
        for name, high in (("birthday_month", 12), ("birthday_day", 31)):
            if (number := c.integer(name, 1, high)) is not None:
                self.scalars[name] = number
        self.address: str | None = None
        self.permission: str | None = None
        email = body.get("email_address")
        if email is not None:
            address = email.get("address") if isinstance(email, dict) else None
            if not isinstance(address, str) or len(address) > 80 or not EMAIL_RE.match(address):
                c.fail("#/email_address/address: must be a valid email address of at most 80 characters")
            else:
                self.address = address.strip()
            perm = email.get("permission_to_send") if isinstance(email, dict) else None
            if perm is not None and perm not in PERMISSIONS:
                c.fail(f"#/email_address/permission_to_send: must be one of {', '.join(PERMISSIONS)}")
            self.permission = perm
        sms = body.get("sms_channel")
        if sms is not None and not isinstance(sms, dict):
            c.fail("#/sms_channel: must be an object")
        self.sms: Record | None = sms if isinstance(sms, dict) else None
        self.lists = c.id_list("list_memberships", 50, state.live_lists())
        self.tags = c.id_list("taggings", 50, state.tables["contact_tags"].rows)
        self.custom_fields = check_custom_fields(c, state, 25)
        self.phones = check_items(c, "phone_numbers", 3, PHONE_KINDS, {"phone_number": 25})
        self.addresses = check_items(c, "street_addresses", 3, ADDRESS_KINDS, ADDRESS_FIELDS)
        self.notes = _check_notes(c)
        self.checker = c

    def subresources(self, state: State, source: str, now: str) -> dict[str, list[Any] | None]:
        """Sub-resource arrays with ids and stamps; None where the body left one out."""
        phones = None
        if self.phones is not None:
            phones = [
                {
                    "phone_number_id": state.new_id(),
                    **p,
                    "created_at": now,
                    "updated_at": now,
                    "update_source": source,
                    "create_source": source,
                }
                for p in self.phones
            ]
        addresses = None
        if self.addresses is not None:
            addresses = [
                {"street_address_id": state.new_id(), **a, "created_at": now, "updated_at": now} for a in self.addresses
            ]
        notes = None
        if self.notes is not None:
            notes = [
                {
                    "note_id": n.get("note_id") or state.new_id(),
                    "created_at": n.get("created_at") or now,
                    "content": n["content"],
                }
                for n in self.notes
            ]
        return {
            "custom_fields": self.custom_fields,
            "phone_numbers": phones,
            "street_addresses": addresses,
            "list_memberships": self.lists,
            "taggings": self.tags,
            "notes": notes,
        }


def _conflict(existing: Record) -> Exception:
    return api_error(409, CONFLICT, f"Validation failed: Email already exists for contact {existing['contact_id']}")


# -- /contacts hooks ---------------------------------------------------------------------


def create_contact(state: State, body: Record) -> Record:
    parsed = ContactBody(state, body, "create_source")
    if not any(body.get(k) for k in ("first_name", "last_name", "email_address", "sms_channel")):
        parsed.checker.fail("#: at least one of first_name, last_name, email_address or sms_channel is required")
    parsed.checker.done()
    if parsed.address and (existing := state.contact_by_email(parsed.address)) is not None:
        raise _conflict(existing)
    source = parsed.source or "Account"
    now = state.now()
    contact: Record = {"contact_id": state.new_id()}
    if parsed.address:
        contact["email_address"] = new_email(parsed.address, parsed.permission or "implicit", source, now)
    contact.update(parsed.scalars)
    contact.update({"create_source": source, "update_source": source, "created_at": now, "updated_at": now})
    for name, value in parsed.subresources(state, source, now).items():
        contact[name] = value if value is not None else []
    if parsed.sms is not None:
        contact["sms_channel"] = {"sms_channel_id": state.new_id(), **parsed.sms}
    state.tables["contacts"].insert(contact)
    state.index_email(contact)
    return render_full(contact)


def update_contact(state: State, contact: Record, body: Record) -> Record:
    """PUT: scalars are replaced (omitted ones cleared), sub-resources only when sent."""
    parsed = ContactBody(state, body, "update_source")
    parsed.checker.done()
    old_email: Record | None = contact.get("email_address")
    old_address = str(old_email["address"]) if old_email else None
    if parsed.address and (old_address is None or parsed.address.lower() != old_address.lower()):
        other = state.contact_by_email(parsed.address)
        if other is not None and other["contact_id"] != contact["contact_id"]:
            raise _conflict(other)
    source = parsed.source or "Account"
    now = state.now()
    updated: Record = {"contact_id": contact["contact_id"]}
    email = dict(old_email) if old_email else None
    if parsed.address:
        if email is None:
            email = new_email(parsed.address, parsed.permission or "implicit", source, now)
        elif parsed.address != email["address"]:
            email["address"] = parsed.address
            email["updated_at"] = now
        if parsed.permission:
            apply_permission(email, parsed.permission, source, now)
    if email is not None:
        updated["email_address"] = email
    updated.update(parsed.scalars)
    updated.update(
        {
            "update_source": source,
            "create_source": contact.get("create_source", "Account"),
            "created_at": contact["created_at"],
            "updated_at": now,
        }
    )
    for name, value in parsed.subresources(state, source, now).items():
        updated[name] = value if value is not None else list(contact.get(name, []))
    sms = parsed.sms if parsed.sms is not None else contact.get("sms_channel")
    if sms is not None:
        updated["sms_channel"] = sms
    # Leaving deleted_at out is what revives a deleted contact.
    state.tables["contacts"].replace(updated)
    state.index_email(updated, old_address)
    return render_full(updated)


def soft_delete(contact: Record, now: str, day: str) -> None:
    """Mark a contact deleted; it keeps its address but loses its list memberships."""
    contact["deleted_at"] = day
    contact["updated_at"] = now
    contact["list_memberships"] = []


def delete_contact(state: State, contact: Record) -> web.Response:
    if "deleted_at" in contact:
        raise not_found("contact")
    now = state.now()
    soft_delete(contact, now, now[:10])
    return web.Response(status=204)


def render_contact(state: State, contact: Record, params: Params) -> Record:
    return render(contact, parse_csv(params, "include", INCLUDES))


def render_contacts(state: State, contacts: list[Record], params: Params) -> list[Record]:
    include = parse_csv(params, "include", INCLUDES)
    return [render(c, include) for c in contacts]


def _status_ok(contact: Record, statuses: list[str]) -> bool:
    deleted = "deleted_at" in contact
    if not statuses:
        return not deleted
    if "all" in statuses:
        return True
    perm = permission(contact)
    for status in statuses:
        if status == "deleted" and deleted:
            return True
        if not deleted and (status == perm or (status == "active" and perm in MAILABLE)):
            return True
    return False


def _sms_status(contact: Record) -> str:
    sms = contact.get("sms_channel") or {}
    consents = sms.get("sms_channel_consents") or []
    for consent in consents:
        if isinstance(consent, dict) and consent.get("sms_consent_permission"):
            return str(consent["sms_consent_permission"])
    return "not_set"


def match_contacts(state: State, params: Params) -> Callable[[Record], bool]:
    """The GET /contacts filters (all must hold; ``lists`` and ``tags`` match any id)."""
    statuses = parse_csv(params, "status", STATUSES)
    email = (params.get("email") or "").strip().lower()
    lists = set(parse_csv(params, "lists", max_items=25))
    tags = set(parse_csv(params, "tags", max_items=50))
    if params.get("segment_id"):
        # Segments are not emulated, so no segment_id exists.
        raise not_found("segment")
    windows = [
        (field, parse_time(params, f"{prefix}_after"), parse_time(params, f"{prefix}_before"))
        for field, prefix in (("updated_at", "updated"), ("created_at", "created"), ("opt_out_date", "optout"))
    ]
    windows = [w for w in windows if w[1] or w[2]]
    sms_statuses = parse_csv(params, "sms_status", SMS_STATUSES)
    parse_csv(params, "include", INCLUDES)

    def match(contact: Record) -> bool:
        if not _status_ok(contact, statuses):
            return False
        if email:
            address = (contact.get("email_address") or {}).get("address", "")
            if str(address).lower() != email:
                return False
        if lists and lists.isdisjoint(contact.get("list_memberships", ())):
            return False
        if tags and tags.isdisjoint(contact.get("taggings", ())):
            return False
        for field, after, before in windows:
            source = (contact.get("email_address") or {}) if field == "opt_out_date" else contact
            value = source.get(field)
            if value is None or (after and value <= after) or (before and value >= before):
                return False
        return not (sms_statuses and "all" not in sms_statuses and _sms_status(contact) not in sms_statuses)

    return match


SPEC = ResourceSpec(
    resource="contacts",
    path="/v3/contacts",
    id_param="contact_id",
    envelope="contacts",
    count_key="contacts_count",
    scope=SCOPE,
    what="contact",
    matcher=match_contacts,
    render_page=render_contacts,
    render_one=render_contact,
    create=create_contact,
    update=update_contact,
    delete=delete_contact,
)
