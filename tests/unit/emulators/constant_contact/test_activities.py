"""Bulk activities: a JSON import, list membership and delete activities."""

from __future__ import annotations

import pytest

from tests.unit.emulators.constant_contact.support import Harness

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_json_import_activity_completes(cc: Harness) -> None:
    target = cc.emu.seed("contact_lists", 1)[0]
    field = cc.emu.seed("contact_custom_fields", 1, label="Shirt size")[0]
    existing = cc.emu.seed("contacts", 1)[0]
    queued = await cc.post(
        "/v3/activities/contacts_json_import",
        {
            "import_data": [
                {"email": "new@example.com", "first_name": "New", "cf:shirt_size": "L", "home_phone": "555-0101"},
                {"email": existing["email_address"]["address"], "job_title": "CTO"},
                {"email": "broken-address"},
            ],
            "list_ids": [target["list_id"]],
        },
    )
    assert queued.status_code == 201
    body = queued.json()
    assert body["state"] == "initialized"
    status = await cc.http.get(body["_links"]["self"]["href"], headers=cc.auth)
    activity = status.json()
    assert activity["state"] == "completed" and activity["percent_done"] == 100
    assert activity["status"]["items_total_count"] == 3
    assert activity["status"]["person_count"] == 2
    assert activity["status"]["correctable_count"] == 1
    records = {r["email_address"]["address"]: r for r in cc.emu.records("contacts")}
    new = records["new@example.com"]
    assert new["list_memberships"] == [target["list_id"]]
    assert new["custom_fields"] == [{"custom_field_id": field["custom_field_id"], "value": "L"}]
    assert new["email_address"]["permission_to_send"] == "implicit"
    assert new["phone_numbers"][0]["kind"] == "home"
    assert records[existing["email_address"]["address"]]["job_title"] == "CTO"
    history = (await cc.get("/v3/activities", state="completed")).json()["activities"]
    assert [a["activity_id"] for a in history] == [body["activity_id"]]
    assert (await cc.get("/v3/activities/unknown")).status_code == 404
    assert (await cc.post("/v3/activities/contacts_json_import", {"import_data": []})).status_code == 400


async def test_list_membership_and_delete_activities(cc: Harness) -> None:
    source, target = cc.emu.seed("contact_lists", 2)
    members = cc.emu.seed("contacts", 3, list_memberships=[source["list_id"]])
    cc.emu.seed("contacts", 2)
    added = await cc.post(
        "/v3/activities/add_list_memberships",
        {
            "source": {"list_ids": [source["list_id"]]},
            "list_ids": [target["list_id"]],
            "exclude": {"contact_ids": [members[0]["contact_id"]]},
        },
    )
    assert added.status_code == 201
    done = (await cc.http.get(added.json()["_links"]["self"]["href"], headers=cc.auth)).json()
    assert done["state"] == "completed"
    assert done["status"] == {"items_total_count": 2, "items_completed_count": 2, "list_count": 1}
    in_target = (await cc.get("/v3/contacts", lists=target["list_id"])).json()["contacts"]
    assert [c["contact_id"] for c in in_target] == [m["contact_id"] for m in members[1:]]

    removed = await cc.post(
        "/v3/activities/remove_list_memberships",
        {"source": {"contact_ids": [members[1]["contact_id"]]}, "list_ids": [target["list_id"]]},
    )
    assert removed.status_code == 201
    assert len((await cc.get("/v3/contacts", lists=target["list_id"])).json()["contacts"]) == 1
    both = await cc.post(
        "/v3/activities/add_list_memberships",
        {"source": {"contact_ids": ["a"], "all_active_contacts": True}, "list_ids": [target["list_id"]]},
    )
    assert both.status_code == 400

    deleted = await cc.post("/v3/activities/contact_delete", {"list_ids": [source["list_id"]]})
    assert deleted.status_code == 201
    status = (await cc.http.get(deleted.json()["_links"]["self"]["href"], headers=cc.auth)).json()
    assert status["status"]["items_completed_count"] == 3
    assert (await cc.get("/v3/contacts", include_count="true")).json()["contacts_count"] == 2
