"""Cadence memberships, calls, tasks, notes, imports, custom fields, person stages; seeding."""

from __future__ import annotations

import httpx
import pytest

from switchboard_emulators.salesloft import SalesloftEmulator
from tests.unit.emulators.cpu import own_cpu
from tests.unit.emulators.salesloft.support import ids


def test_cadence_membership_checks_references(api: httpx.Client, emu: SalesloftEmulator) -> None:
    unknown = api.post("/v2/cadence_memberships", params={"person_id": 12345, "cadence_id": 1})
    assert unknown.status_code == 404
    emu.seed("people", 1, id=12345)
    created = api.post("/v2/cadence_memberships.json", params={"person_id": 12345, "cadence_id": 1})
    membership = created.json()["data"]
    assert membership["person"]["id"] == 12345 and membership["currently_on_cadence"] is True
    again = api.post("/v2/cadence_memberships", json={"person_id": 12345, "cadence_id": 1})
    assert again.status_code == 422
    listed = api.get("/v2/cadence_memberships", params={"person_id": 12345})
    assert ids(listed) == [membership["id"]]
    on_cadence = api.get("/v2/people", params={"cadence_id[]": "1"})
    assert ids(on_cadence) == [12345]
    assert api.get("/v2/cadences/1").json()["data"]["counts"]["cadence_people"] == 1
    assert api.delete(f"/v2/cadence_memberships/{membership['id']}").status_code == 204


def test_call_logging_creates_note_and_crm_activity(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 1, id=12345, phone="+1 (415) 555-2671")
    call = api.post(
        "/v2/activities/calls",
        json={"person_id": 12345, "to": "+14155552671", "duration": 300, "disposition": "Interested",
              "sentiment": "Positive", "notes": "Great call", "crm_params": {"Subject": "Demo"}},
    ).json()["data"]  # fmt: skip
    assert call["called_person"]["id"] == 12345 and call["disposition"] == "Interested"
    note = api.get(f"/v2/notes/{call['note']['id']}").json()["data"]
    assert note["content"] == "Great call" and note["call"]["id"] == call["id"]
    activity = api.get(f"/v2/crm_activities/{call['crm_activity']['id']}").json()["data"]
    assert activity["custom_crm_fields"] == {"Subject": "Demo"}
    assert api.get("/v2/people/12345").json()["data"]["counts"]["calls"] == 1
    bad = api.post("/v2/activities/calls", json={"person_id": 12345, "disposition": "Ecstatic"})
    assert bad.json() == {"errors": {"disposition": ["is not included in the list"]}}

    callers = api.get("/v2/phone_numbers/caller_ids.json", params={"phone_number": "+14155552671"}).json()
    assert [c["person"]["id"] for c in callers["data"]] == [12345]


def test_tasks_notes_imports_custom_fields_and_stages(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 1, id=500)
    task = api.post(
        "/v2/tasks",
        json={"subject": "Follow up", "person_id": 500, "user_id": 1, "task_type": "call",
              "due_date": "2030-06-15", "current_state": "scheduled", "idempotency_key": "k1"},
    ).json()["data"]  # fmt: skip
    assert task["due_date"] == "2030-06-15" and "_idempotency_key" not in task
    again = api.post(
        "/v2/tasks",
        json={"subject": "Dup", "person_id": 500, "user_id": 1, "task_type": "call",
              "due_date": "2030-06-15", "current_state": "scheduled", "idempotency_key": "k1"},
    ).json()["data"]  # fmt: skip
    assert again["id"] == task["id"]
    done = api.put(f"/v2/tasks/{task['id']}", json={"current_state": "completed"}).json()["data"]
    assert done["completed_at"] is not None and done["completed_by"]["id"] == 1
    missing = api.post("/v2/tasks", json={"subject": "x"})
    assert set(missing.json()["errors"]) == {"person_id", "user_id", "task_type", "due_date", "current_state"}

    note = api.post(
        "/v2/notes", json={"content": "Hi", "associated_with_type": "Person", "associated_with_id": 500}
    ).json()["data"]
    assert note["associated_type"] == "person" and note["associated_with"]["id"] == 500
    assert ids(api.get("/v2/notes", params={"associated_with_type": "person", "associated_with_id": 500})) == [
        note["id"]
    ]

    imp = api.post("/v2/imports", json={"name": "Q4 Import"}).json()["data"]
    emu.seed("people", 2, import_id=imp["id"])
    assert api.get(f"/v2/imports/{imp['id']}").json()["data"]["current_people_count"] == 2
    assert api.delete(f"/v2/imports/{imp['id']}", params={"undo": "single"}).status_code == 204
    assert [p["id"] for p in emu.records("people")] == [500]

    field = api.post("/v2/custom_fields", json={"name": "Score", "field_type": "person"}).json()["data"]
    assert field["value_type"] == "text"
    assert api.post("/v2/custom_fields", json={"name": "Score"}).status_code == 422
    assert api.get("/v2/custom_fields", params={"field_type": "company"}).json()["data"][0]["field_type"] == "company"

    stage = api.post("/v2/person_stages", json={"name": "Qualified Lead"}).json()["data"]
    assert stage["order"] == 5  # four stages are seeded
    assert api.put(f"/v2/person_stages/{stage['id']}", json={"name": ""}).status_code == 422


def test_seed_accepts_ids_and_aliases_and_is_fast(emu: SalesloftEmulator) -> None:
    with own_cpu() as seconds:
        emu.seed("accounts", 10_000)
    assert seconds() < 5.0  # about 0.4 s of CPU; catches a quadratic seeding, not a busy machine
    people = emu.seed("people", 2, id=12345, account_id=7, custom_fields={"Tier": "Gold"})
    assert [p["id"] for p in people] == [12345, 12346]
    assert people[0]["account"] == {"_href": "https://api.salesloft.com/v2/accounts/7", "id": 7}
    people[0]["custom_fields"]["Tier"] = "mutated"  # copies: the store is unaffected
    assert emu.records("people")[0]["custom_fields"] == {"Tier": "Gold"}
    with pytest.raises(ValueError, match="no field"):
        emu.seed("people", 1, favourite_colour="blue")
