"""Deterministic fake records: ``Account 7`` at ``account7.example.com``, one minute apart from 2024-01-01.

``seed_records`` is what ``SalesloftEmulator.seed`` runs: it builds ``count`` records, applies the
caller's overrides (raw record fields, or request-style aliases like ``account_id``), and stores
them, replacing any record that already has the same id. 10,000 accounts take well under a second.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from switchboard_emulators.salesloft.clock import SEED_EPOCH, format_ts, seed_ts
from switchboard_emulators.salesloft.schema import (
    SEED_ALIASES,
    TEMPLATES,
    UNTIMED,
    new_record,
    ref,
)
from switchboard_emulators.salesloft.state import Store
from switchboard_emulators.salesloft.writers.base import coerce

Record = dict[str, Any]
ME = 1  # the user every API key and OAuth token acts as

FIRST = ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Susan")
LAST = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Lopez", "Wilson")
PLACES = (
    ("Atlanta", "Georgia", "United States"), ("Boston", "Massachusetts", "United States"),
    ("Austin", "Texas", "United States"), ("London", "England", "United Kingdom"),
    ("Toronto", "Ontario", "Canada"), ("Denver", "Colorado", "United States"),
)  # fmt: skip
INDUSTRIES = ("Technology", "Healthcare", "Finance", "Education", "Retail", "Manufacturing")
TITLES = ("Sales Manager", "Account Executive", "VP of Sales", "SDR", "Director of Marketing", "CTO")
SENIORITIES = ("manager", "individual_contributor", "vice_president", "individual_contributor", "director",
               "executive")  # fmt: skip
SIZES = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1000+")

NAMES: dict[str, tuple[str, ...]] = {
    "groups": ("Sales Team", "Marketing Team", "Customer Success", "Executive Leadership"),
    "account_stages": ("Prospecting", "Qualified", "Proposal", "Negotiation", "Closed Won", "Closed Lost"),
    "account_tiers": ("Tier 1", "Tier 2", "Tier 3", "Tier 4"),
    "person_stages": ("Cold", "Warm", "Hot", "Customer", "Churned"),
    "call_dispositions": ("Connected", "Interested", "Left Voicemail", "No Answer", "Not Interested",
                          "Bad Number", "Busy"),
    "call_sentiments": ("Positive", "Neutral", "Negative", "Interested", "Not Interested", "Demo Scheduled"),
    "tags": ("VIP", "Enterprise", "Prospect", "Customer", "Partner", "High Priority"),
}  # fmt: skip

CRM_FIELDS = (
    ("Subject", "Subject", "string", None),
    ("Description", "Description", "textarea", None),
    ("Type", "Type", "picklist", {"Call": "Call", "Email": "Email", "Meeting": "Meeting"}),
    ("Priority", "Priority", "picklist", {"High": "High", "Normal": "Normal", "Low": "Low"}),
    ("Status", "Status", "picklist", {"Not Started": "Not Started", "Completed": "Completed"}),
)
CUSTOM_FIELDS = (("Lead Source", "person"), ("Customer Segment", "company"), ("Region", "person"))


def _name(resource: str, n: int) -> str:
    names = NAMES[resource]
    base = names[(n - 1) % len(names)]
    return base if n <= len(names) else f"{base} {(n - 1) // len(names) + 1}"


def _guid(kind: str, record_id: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"salesloft-emulator/{kind}/{record_id}"))


def _phone(record_id: int) -> str:
    return f"+1415{record_id % 10_000_000:07d}"


def _later(record_id: int, days: int) -> str:
    return format_ts(SEED_EPOCH + timedelta(minutes=record_id, days=days))


# Per-resource fillers: (record, ordinal within this seed call starting at 1) -> None.
Filler = Callable[[Record, int], None]


def _account(r: Record, n: int) -> None:
    i = r["id"]
    city, state, country = PLACES[i % len(PLACES)]
    r.update(
        name=f"Account {i}", domain=f"account{i}.example.com", website=f"https://account{i}.example.com",
        conversational_name=f"Account {i}", phone=_phone(i), industry=INDUSTRIES[i % len(INDUSTRIES)],
        city=city, state=state, country=country, size=SIZES[i % len(SIZES)], locale="US/Eastern",
        owner=ref("users", ME), creator=ref("users", ME),
    )  # fmt: skip


def _person(r: Record, n: int) -> None:
    i = r["id"]
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    city, state, country = PLACES[i % len(PLACES)]
    email = f"{first.lower()}.{last.lower()}.{i}@example.com"
    r.update(
        first_name=first, last_name=last, display_name=f"{first} {last}", email_address=email,
        full_email_address=f"{first} {last} <{email}>", phone=_phone(i), title=TITLES[i % len(TITLES)],
        city=city, state=state, country=country, work_city=city, work_state=state, work_country=country,
        job_seniority=SENIORITIES[i % len(SENIORITIES)], person_company_name=f"Account {i}",
        person_company_website=f"https://account{i}.example.com",
        person_company_industry=INDUSTRIES[i % len(INDUSTRIES)], locale="US/Eastern",
        owner=ref("users", ME),
    )  # fmt: skip


def _user(r: Record, n: int) -> None:
    i = r["id"]
    first, last = FIRST[(i - 1) % len(FIRST)], LAST[(i - 1) % len(LAST)]
    email = f"{first.lower()}.{last.lower()}@demo-team.example.com"
    r.update(
        guid=_guid("users", i), name=f"{first} {last}", first_name=first, last_name=last, email=email,
        job_role="Admin" if i == ME else "SDR / BDR", team_admin=i == ME,
        email_client_email_address=email, sending_email_address=email, from_address=email,
        full_email_address=f'"{first} {last}" <{email}>', slack_username=f"{first.lower()}-{last.lower()}",
        group=ref("groups", 1), team=ref("teams", 1), role={"id": "Admin" if i == ME else "User"},
        work_country="US", crm_connected=i == ME,
    )  # fmt: skip


def _named(resource: str) -> Filler:
    def fill(r: Record, n: int) -> None:
        r["name"] = _name(resource, r["id"])
        if "order" in r:
            r["order"] = r["id"]

    return fill


def _crm_field(r: Record, n: int) -> None:
    title, field, field_type, picklist = CRM_FIELDS[(r["id"] - 1) % len(CRM_FIELDS)]
    r.update(title=title, field=field, field_type=field_type, picklist_values=picklist,
             source="phone" if r["id"] % 2 else "email")  # fmt: skip


def _custom_field(r: Record, n: int) -> None:
    name, field_type = CUSTOM_FIELDS[(r["id"] - 1) % len(CUSTOM_FIELDS)]
    r.update(name=name if r["id"] <= len(CUSTOM_FIELDS) else f"{name} {r['id']}", field_type=field_type)


def _cadence(r: Record, n: int) -> None:
    r.update(name=f"Cadence {r['id']}", owner=ref("users", ME), creator=ref("users", ME))


def _step(r: Record, n: int) -> None:
    i = r["id"]
    kind = ("email", "phone", "other")[i % 3]
    day, number = 1 + (i - 1) // 2, 1 + (i - 1) % 2
    r.update(type=kind, name=f"Step {i}", display_name=f"Day {day}: Step {number} - {kind.title()}",
             day=day, step_number=number, details=ref("steps", i))  # fmt: skip


def _action(r: Record, n: int) -> None:
    r.update(type=("email", "phone")[r["id"] % 2], due=True, due_on=_later(r["id"], 1), user=ref("users", ME))


def _call(r: Record, n: int) -> None:
    i = r["id"]
    r.update(to=_phone(i), duration=60 + i % 300, disposition="Connected", sentiment="Positive",
             user=ref("users", ME))  # fmt: skip


def _cdr(r: Record, n: int) -> None:
    i = r["id"]
    r.update(to=_phone(i), **{"from": _phone(i + 1)}, duration=60 + i % 300, call_uuid=_guid("cdr", i),
             recording={"url": f"https://recordings.example.com/{i}.mp3", "status": "completed",
                        "recording_status": "completed"},
             user=ref("users", ME))  # fmt: skip


def _crm_activity(r: Record, n: int) -> None:
    r.update(subject="Call: Connected | Positive", description=f"Activity {r['id']}", user=ref("users", ME))


def _email(r: Record, n: int) -> None:
    i = r["id"]
    r.update(recipient_email_address=f"recipient.{i}@example.com", subject=f"Email {i}",
             sent_at=r["created_at"], send_after=r["created_at"], user=ref("users", ME))  # fmt: skip


def _import(r: Record, n: int) -> None:
    r.update(name=f"Import {r['id']}", _user_id=ME)


def _note(r: Record, n: int) -> None:
    r.update(content=f"Note {r['id']}", associated_type="person", user=ref("users", ME))


def _task(r: Record, n: int) -> None:
    i = r["id"]
    due = _later(i, 7)
    r.update(subject=f"Task {i}", task_type=("call", "email", "general")[i % 3], due_date=due[:10], due_at=due,
             user=ref("users", ME), created_by_user=ref("users", ME))  # fmt: skip


def _phone_assignment(r: Record, n: int) -> None:
    r.update(number=_phone(r["id"]), user=ref("users", r["id"]))


def _bulk_job(r: Record, n: int) -> None:
    r.update(name=f"Bulk Job {r['id']}", type="person/upsert")


def _team(r: Record, n: int) -> None:
    r.update(name="Demo Team")


FILLERS: dict[str, Filler] = {
    "accounts": _account,
    "people": _person,
    "users": _user,
    "groups": _named("groups"),
    "account_stages": _named("account_stages"),
    "account_tiers": _named("account_tiers"),
    "person_stages": _named("person_stages"),
    "call_dispositions": _named("call_dispositions"),
    "call_sentiments": _named("call_sentiments"),
    "tags": _named("tags"),
    "crm_activity_fields": _crm_field,
    "custom_fields": _custom_field,
    "cadences": _cadence,
    "steps": _step,
    "actions": _action,
    "calls": _call,
    "call_data_records": _cdr,
    "crm_activities": _crm_activity,
    "emails": _email,
    "imports": _import,
    "notes": _note,
    "tasks": _task,
    "phone_number_assignments": _phone_assignment,
    "bulk_jobs": _bulk_job,
    "team": _team,
}

SEEDABLE = tuple(sorted(set(FILLERS) | {"cadence_memberships"}))


def _derive(resource: str, record: Record) -> None:
    """Recompute fields that depend on others, after overrides."""
    if resource == "people":
        name = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p) or None
        email = record.get("email_address")
        record["display_name"] = name or email
        record["full_email_address"] = f"{name} <{email}>" if name and email else email
    elif resource == "accounts" and isinstance(record.get("domain"), str):
        record["domain"] = record["domain"].lower()
    elif resource == "cadence_memberships" and record.get("added_at") is None:
        record["added_at"] = record.get("created_at")


def seed_records(store: Store, resource: str, count: int, overrides: dict[str, Any]) -> list[Record]:
    """Create ``count`` records of ``resource`` (see the module docstring) and return them."""
    if resource not in SEEDABLE:
        raise ValueError(f"cannot seed {resource!r}; choose one of {', '.join(SEEDABLE)}")
    if count < 0:
        raise ValueError("count must be >= 0")
    template = TEMPLATES[resource]
    aliases = SEED_ALIASES.get(resource, {})
    allowed = {"id", "created_at", "updated_at", *template}
    raw: dict[str, Any] = {}
    for key, value in overrides.items():
        if key == "id":
            continue
        if key in aliases:
            spec = aliases[key]
            raw[spec.target or key] = coerce(spec, value)
        elif key in allowed:
            raw[key] = value
        else:
            raise ValueError(f"{resource} has no field {key!r}")
    fill = FILLERS.get(resource)
    out: list[Record] = []
    with store.lock:
        first_id = int(overrides["id"]) if "id" in overrides else store.next_id(resource)
        for n in range(1, count + 1):
            record_id = first_id + n - 1
            ts = seed_ts(record_id)
            record = new_record(template, record_id, ts)
            if resource in UNTIMED:
                del record["created_at"], record["updated_at"]
            if fill is not None:
                fill(record, n)
            for key, value in raw.items():
                record[key] = value.copy() if isinstance(value, (list, dict)) else value
            _derive(resource, record)
            for tag in record.get("tags") or ():
                if store.lookup("tags", "name", tag) is None:
                    store.put("tags", {"id": store.next_id("tags"), "name": tag})
            store.put(resource, record)
            out.append(record)
    return out
