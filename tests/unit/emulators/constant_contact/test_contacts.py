"""Contacts: CRUD, duplicates, validation, the sign-up form, filters, cursor paging."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.emulators.constant_contact.support import Harness

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_contact_crud(cc: Harness) -> None:
    lst = (await cc.post("/v3/contact_lists", {"name": "Customers"})).json()
    created = await cc.post(
        "/v3/contacts",
        {
            "email_address": {"address": "ada@example.com", "permission_to_send": "explicit"},
            "first_name": "Ada",
            "create_source": "Account",
            "list_memberships": [lst["list_id"]],
            "phone_numbers": [{"phone_number": "+1-555-555-0100", "kind": "home"}],
        },
    )
    assert created.status_code == 201
    contact = created.json()
    contact_id = contact["contact_id"]
    assert contact["email_address"]["address"] == "ada@example.com"
    assert contact["email_address"]["permission_to_send"] == "explicit"
    assert contact["list_memberships"] == [lst["list_id"]]
    assert contact["phone_numbers"][0]["phone_number_id"]
    assert contact["created_at"].endswith("Z")

    plain = (await cc.get(f"/v3/contacts/{contact_id}")).json()
    assert "list_memberships" not in plain
    assert plain["first_name"] == "Ada"
    included = (await cc.get(f"/v3/contacts/{contact_id}", include="list_memberships,phone_numbers")).json()
    assert included["list_memberships"] == [lst["list_id"]]
    assert "taggings" not in included

    no_source = await cc.put(f"/v3/contacts/{contact_id}", {"first_name": "Ada"})
    assert no_source.status_code == 400
    updated = await cc.put(
        f"/v3/contacts/{contact_id}",
        {"email_address": {"address": "ada@example.com"}, "last_name": "Lovelace", "update_source": "Account"},
    )
    assert updated.status_code == 200
    body = updated.json()
    assert body["last_name"] == "Lovelace"
    assert "first_name" not in body  # PUT overwrites what it leaves out...
    assert body["list_memberships"] == [lst["list_id"]]  # ...except sub-resources
    assert body["updated_at"] >= contact["updated_at"]

    assert (await cc.delete(f"/v3/contacts/{contact_id}")).status_code == 204
    gone = (await cc.get("/v3/contacts")).json()["contacts"]
    assert all(c["contact_id"] != contact_id for c in gone)
    deleted = (await cc.get("/v3/contacts", status="deleted")).json()["contacts"]
    assert [c["contact_id"] for c in deleted] == [contact_id]
    assert deleted[0]["deleted_at"]
    again = await cc.delete(f"/v3/contacts/{contact_id}")
    assert again.status_code == 404
    assert again.json()[0]["error_key"] == "contacts.api.not_found"
    missing = await cc.get("/v3/contacts/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert isinstance(missing.json(), list)

    # PUT revives a deleted contact.
    revived = await cc.put(
        f"/v3/contacts/{contact_id}", {"email_address": {"address": "ada@example.com"}, "update_source": "Account"}
    )
    assert revived.status_code == 200
    assert "deleted_at" not in revived.json()
    assert [r["contact_id"] for r in cc.emu.records("contacts")] == [contact_id]


async def test_duplicate_email_is_a_conflict(cc: Harness) -> None:
    body = {"email_address": {"address": "dup@example.com"}, "create_source": "Contact"}
    first = await cc.post("/v3/contacts", body)
    assert first.status_code == 201
    again = await cc.post("/v3/contacts", {**body, "email_address": {"address": "DUP@example.com"}})
    assert again.status_code == 409
    assert again.json() == [
        {
            "error_key": "contacts.api.conflict",
            "error_message": f"Validation failed: Email already exists for contact {first.json()['contact_id']}",
        }
    ]
    # A deleted contact still holds its address.
    await cc.delete(f"/v3/contacts/{first.json()['contact_id']}")
    assert (await cc.post("/v3/contacts", body)).status_code == 409


async def test_validation_errors(cc: Harness) -> None:
    response = await cc.post("/v3/contacts", {"first_name": "x" * 51, "email_address": {"address": "not-an-email"}})
    assert response.status_code == 400
    errors = response.json()
    assert isinstance(errors, list) and len(errors) == 3
    assert {e["error_key"] for e in errors} == {"contacts.api.validation.error"}
    assert any("create_source" in e["error_message"] for e in errors)
    nothing = await cc.post("/v3/contacts", {"create_source": "Account"})
    assert nothing.status_code == 400
    malformed = await cc.http.post(
        "/v3/contacts", content=b"{", headers={**cc.auth, "Content-Type": "application/json"}
    )
    assert malformed.status_code == 400
    assert malformed.json()[0]["error_key"]
    text = await cc.http.post("/v3/contacts", content=b"{}", headers={**cc.auth, "Content-Type": "text/plain"})
    assert text.status_code == 415
    unknown_list = await cc.post(
        "/v3/contacts", {"first_name": "A", "create_source": "Account", "list_memberships": ["nope"]}
    )
    assert unknown_list.status_code == 400
    bad_limit = await cc.get("/v3/contacts", limit="501")
    assert bad_limit.status_code == 400
    assert bad_limit.json()[0]["error_key"] == "contacts.api.validation.error"
    assert (await cc.get("/v3/contacts", status="bogus")).status_code == 400
    assert (await cc.get("/v3/contacts", updated_after="yesterday")).status_code == 400


async def test_sign_up_form_creates_then_updates(cc: Harness) -> None:
    first_list, second_list = cc.emu.seed("contact_lists", 2)
    field = cc.emu.seed("contact_custom_fields", 1)[0]
    created = await cc.post(
        "/v3/contacts/sign_up_form",
        {"email_address": "grace@example.com", "first_name": "Grace", "list_memberships": [first_list["list_id"]]},
    )
    assert created.status_code == 201
    assert created.json()["action"] == "created"
    contact_id = created.json()["contact_id"]
    updated = await cc.post(
        "/v3/contacts/sign_up_form",
        {
            "email_address": "Grace@Example.com",
            "last_name": "Hopper",
            "list_memberships": [second_list["list_id"]],
            "custom_fields": [{"custom_field_id": field["custom_field_id"], "value": "Navy"}],
        },
    )
    assert updated.status_code == 200
    assert updated.json() == {"contact_id": contact_id, "action": "updated"}
    contact = (await cc.get(f"/v3/contacts/{contact_id}", include="list_memberships,custom_fields")).json()
    assert contact["first_name"] == "Grace" and contact["last_name"] == "Hopper"
    assert contact["list_memberships"] == [first_list["list_id"], second_list["list_id"]]
    assert contact["custom_fields"] == [{"custom_field_id": field["custom_field_id"], "value": "Navy"}]
    assert contact["email_address"]["permission_to_send"] == "explicit"
    no_lists = await cc.post("/v3/contacts/sign_up_form", {"email_address": "x@example.com"})
    assert no_lists.status_code == 400


async def test_contact_filters(cc: Harness) -> None:
    vip = cc.emu.seed("contact_lists", 1, name="VIP")[0]
    tag = cc.emu.seed("contact_tags", 1)[0]
    members = cc.emu.seed("contacts", 3, list_memberships=[vip["list_id"]])
    tagged = cc.emu.seed("contacts", 2, taggings=[tag["tag_id"]])
    gone = cc.emu.seed("contacts", 1, email_address={"permission_to_send": "unsubscribed"})
    cc.emu.seed("contacts", 4)

    async def ids(**params: Any) -> list[str]:
        response = await cc.get("/v3/contacts", **params)
        assert response.status_code == 200, response.text
        return [c["contact_id"] for c in response.json()["contacts"]]

    assert await ids(lists=vip["list_id"]) == [c["contact_id"] for c in members]
    assert await ids(tags=tag["tag_id"]) == [c["contact_id"] for c in tagged]
    assert await ids(status="unsubscribed") == [gone[0]["contact_id"]]
    assert len(await ids(status="active")) == 9
    address = members[1]["email_address"]["address"]
    assert await ids(email=address.upper()) == [members[1]["contact_id"]]
    assert await ids(created_before=members[1]["created_at"]) == [members[0]["contact_id"]]
    assert len(await ids(created_after=members[1]["created_at"])) == 8

    counted = (await cc.get("/v3/contacts", limit="2", include_count="true")).json()
    assert counted["contacts_count"] == 10
    assert len(counted["contacts"]) == 2

    # An API change is updated_after every seeded record.
    since = cc.emu.records("contacts")[-1]["updated_at"]
    await cc.put(
        f"/v3/contacts/{members[0]['contact_id']}",
        {"email_address": {"address": members[0]["email_address"]["address"]}, "update_source": "Account"},
    )
    assert await ids(updated_after=since) == [members[0]["contact_id"]]

    counts = (await cc.get("/v3/contacts/counts")).json()
    assert counts == {"total": 10, "explicit": 0, "implicit": 9, "pending": 0, "unsubscribed": 1}


async def test_cursor_pagination_to_the_end(cc: Harness) -> None:
    seeded = cc.emu.seed("contacts", 120)
    seen: list[str] = []
    url: str | None = "/v3/contacts?limit=50&include=list_memberships"
    pages = 0
    while url is not None:
        assert url.startswith("/v3/contacts?")  # host-relative
        response = await cc.http.get(url, headers=cc.auth)
        assert response.status_code == 200
        body = response.json()
        pages += 1
        seen.extend(c["contact_id"] for c in body["contacts"])
        assert all("list_memberships" in c for c in body["contacts"])  # the cursor keeps the query
        url = body.get("_links", {}).get("next", {}).get("href")
        if url is None:
            assert "next" not in body.get("_links", {})
    assert pages == 3
    assert seen == [c["contact_id"] for c in seeded]
    assert (await cc.get("/v3/contacts", cursor="not a cursor")).status_code == 400
