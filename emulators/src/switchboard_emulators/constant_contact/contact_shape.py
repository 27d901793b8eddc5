"""A contact as stored and shown: the API's vocabularies, its email address and permission,
rendering with the sub-resources asked for, the soft delete.

A stored contact always carries every sub-resource array; responses add them only when
``include`` asks (GET) or always (POST/PUT answers), as the API does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from switchboard_emulators.constant_contact.errors import Record

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


def soft_delete(contact: Record, now: str, day: str) -> None:
    """Mark a contact deleted; it keeps its address but loses its list memberships."""
    contact["deleted_at"] = day
    contact["updated_at"] = now
    contact["list_memberships"] = []
