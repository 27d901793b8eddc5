"""The ``/contacts`` resource: create, update, delete, render and the GET filters.

Deleting a contact only marks it (``deleted_at``) and strips its list memberships: its address
stays taken, so POST answers 409 for it and PUT or sign_up_form revive it. Shape and vocabulary
in ``contact_shape``, body checks in ``contact_body``.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from switchboard_emulators.constant_contact.contact_body import ContactBody
from switchboard_emulators.constant_contact.contact_shape import (
    INCLUDES,
    MAILABLE,
    SCOPE,
    SMS_STATUSES,
    STATUSES,
    apply_permission,
    new_email,
    permission,
    render,
    render_full,
    soft_delete,
)
from switchboard_emulators.constant_contact.errors import (
    CONFLICT,
    Record,
    api_error,
    not_found,
)
from switchboard_emulators.constant_contact.resources import (
    Params,
    ResourceSpec,
    parse_csv,
    parse_time,
)
from switchboard_emulators.constant_contact.state import State


def _conflict(existing: Record) -> Exception:
    return api_error(409, CONFLICT, f"Validation failed: Email already exists for contact {existing['contact_id']}")


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
