"""A ``/contacts`` POST or PUT body checked field by field (``ContactBody``), and the checks of
custom fields and kinded items (phones, addresses) that sign-up forms share.
"""

from __future__ import annotations

from typing import Any

from switchboard_emulators.constant_contact.contact_shape import (
    ADDRESS_FIELDS,
    ADDRESS_KINDS,
    EMAIL_RE,
    PERMISSIONS,
    PHONE_KINDS,
    SCALARS,
    SOURCES,
)
from switchboard_emulators.constant_contact.errors import Record
from switchboard_emulators.constant_contact.resources import Checker
from switchboard_emulators.constant_contact.state import State


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
