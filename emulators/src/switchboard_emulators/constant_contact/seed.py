"""Deterministic test data: the n-th seeded record of a resource is the same on every run.

Seeded timestamps lie in the past (one minute apart from 2024-01-01T00:00:00Z), so
anything a test then changes through the API is ``updated_after`` every seeded record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from switchboard_emulators.constant_contact.catalog import field_name
from switchboard_emulators.constant_contact.contact_shape import SUBRESOURCES
from switchboard_emulators.constant_contact.errors import Record
from switchboard_emulators.constant_contact.state import State, iso, parse_iso

BASE = 1_704_067_200.0  # 2024-01-01T00:00:00Z
FIRST = (
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Radia",
    "Tim",
    "Margaret",
    "John",
    "Hedy",
    "Linus",
    "Sophie",
    "Dennis",
)
LAST = (
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Hamilton",
    "McCarthy",
    "Lamarr",
    "Torvalds",
    "Wilson",
    "Ritchie",
)
COMPANIES = ("Analytical Engines", "Cobol Works", "Enigma Ltd", "Semaphore Inc", "Clu Systems")
TIMESTAMPS = ("created_at", "updated_at")


def _stamp(n: int) -> str:
    return iso(BASE + 60 * n)


def _normalise(overrides: dict[str, Any]) -> dict[str, Any]:
    out = dict(overrides)
    for key in TIMESTAMPS:
        if isinstance(out.get(key), str):
            out[key] = iso(parse_iso(out[key]))
    return out


def _contact(state: State, n: int, overrides: dict[str, Any]) -> Record:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    stamp = _stamp(n)
    email: Record = {
        "address": f"{first}.{last}.{n}@example.com".lower(),
        "permission_to_send": "implicit",
        "created_at": stamp,
        "updated_at": stamp,
        "opt_in_source": "Account",
        "opt_in_date": stamp,
        "confirm_status": "off",
    }
    contact: Record = {
        "contact_id": state.new_id(),
        "email_address": email,
        "first_name": first,
        "last_name": last,
        "company_name": COMPANIES[n % len(COMPANIES)],
        "create_source": "Account",
        "update_source": "Account",
        "created_at": stamp,
        "updated_at": stamp,
    }
    for name in SUBRESOURCES:
        contact[name] = []
    for key, value in overrides.items():
        if key == "email_address" and isinstance(value, str):
            email["address"] = value
        elif key == "email_address" and isinstance(value, dict):
            email.update(value)
        else:
            contact[key] = list(value) if isinstance(value, list) else value
    return contact


def _list(state: State, n: int, overrides: dict[str, Any]) -> Record:
    stamp = _stamp(n)
    return {
        "list_id": state.new_id(),
        "name": f"List {n}",
        "description": f"Seeded list {n}",
        "favorite": False,
        "created_at": stamp,
        "updated_at": stamp,
        **overrides,
    }


def _tag(state: State, n: int, overrides: dict[str, Any]) -> Record:
    stamp = _stamp(n)
    return {
        "tag_id": state.new_id(),
        "name": f"Tag {n}",
        "tag_source": "Seed",
        "created_at": stamp,
        "updated_at": stamp,
        **overrides,
    }


def _custom_field(state: State, n: int, overrides: dict[str, Any]) -> Record:
    stamp = _stamp(n)
    label = str(overrides.get("label", f"Field {n}"))
    return {
        "custom_field_id": state.new_id(),
        "label": label,
        "name": field_name(label),
        "type": "string",
        "version": 1,
        "updated_at": stamp,
        "created_at": stamp,
        **overrides,
    }


def _email(state: State, n: int, overrides: dict[str, Any]) -> Record:
    stamp = _stamp(n)
    return {
        "campaign_activities": [
            {"campaign_activity_id": state.new_id(), "role": "primary_email"},
            {"campaign_activity_id": state.new_id(), "role": "permalink"},
        ],
        "campaign_id": state.new_id(),
        "created_at": stamp,
        "current_status": ("Draft", "Done", "Scheduled")[n % 3],
        "name": f"Newsletter {n}",
        "type": "NEWSLETTER",
        "type_code": 10,
        "updated_at": stamp,
        **overrides,
    }


SEEDERS: dict[str, Callable[[State, int, dict[str, Any]], Record]] = {
    "contacts": _contact,
    "contact_lists": _list,
    "contact_tags": _tag,
    "contact_custom_fields": _custom_field,
    "emails": _email,
}


def seed(state: State, resource: str, count: int, overrides: dict[str, Any]) -> list[Record]:
    """Insert ``count`` records of ``resource`` (overrides apply to each); callers hold the lock."""
    if resource not in SEEDERS:
        raise KeyError(f"cannot seed {resource!r}; choose one of {', '.join(SEEDERS)}")
    if (
        count > 1
        and resource == "contacts"
        and (
            isinstance(overrides.get("email_address"), str)
            or (isinstance(overrides.get("email_address"), dict) and "address" in overrides["email_address"])
        )
    ):
        raise ValueError("one email address cannot be given to several contacts")
    make = SEEDERS[resource]
    table = state.table(resource)
    extra = _normalise(overrides)
    start = state.seeded[resource]
    made = []
    for n in range(start, start + count):
        record = make(state, n, extra)
        if resource == "contacts" and state.contact_by_email(record["email_address"]["address"]):
            raise ValueError(f"a contact with {record['email_address']['address']} already exists")
        table.insert(record)
        if resource == "contacts":
            state.index_email(record)
        made.append(record)
    state.seeded[resource] = start + count
    return made
