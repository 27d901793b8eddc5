"""People and accounts: create, read, update, delete, upsert, and the Rails-shaped validation errors."""

from __future__ import annotations

import httpx

from switchboard_emulators.salesloft import SalesloftEmulator
from tests.unit.emulators.salesloft.support import ids


def test_person_create_read_update_delete(api: httpx.Client, emu: SalesloftEmulator) -> None:
    created = api.post(
        "/v2/people.json",
        json={
            "email_address": "john.doe@example.com",
            "first_name": "John",
            "last_name": "Doe",
            "tags": ["prospect"],
            "custom_fields": {"Lead Source": "Website"},
            "account_id": 12345,
            "owner_id": 1,
        },
    )
    assert created.status_code == 200
    person = created.json()["data"]
    assert person["display_name"] == "John Doe"
    assert person["full_email_address"] == "John Doe <john.doe@example.com>"
    assert person["custom_fields"] == {"Lead Source": "Website"}
    assert person["account"] == {"_href": "https://api.salesloft.com/v2/accounts/12345", "id": 12345}
    assert person["created_at"].endswith("Z") and person["created_at"] == person["updated_at"]
    assert set(person) >= {"counts", "contact_restrictions", "person_stage", "import", "owner"}

    fetched = api.get(f"/v2/people/{person['id']}")
    assert fetched.json() == {"data": person}

    updated = api.put(
        f"/v2/people/{person['id']}.json",
        json={"title": "VP Sales", "custom_fields": {"Region": "EMEA", "Lead Source": ""}},
    ).json()["data"]
    assert updated["title"] == "VP Sales"
    assert updated["custom_fields"] == {"Region": "EMEA"}  # merged; an empty value removes a field
    assert updated["updated_at"] > person["updated_at"]
    assert updated["created_at"] == person["created_at"]

    deleted = api.delete(f"/v2/people/{person['id']}")
    assert deleted.status_code == 204 and deleted.content == b""
    gone = api.get(f"/v2/people/{person['id']}")
    assert gone.status_code == 404 and gone.json() == {"error": "Not Found"}
    assert api.delete(f"/v2/people/{person['id']}").status_code == 204  # deleting twice is fine
    assert api.delete("/v2/people/999999").status_code == 404
    assert emu.records("people") == []


def test_person_validation_errors_use_the_rails_shape(api: httpx.Client) -> None:
    missing = api.post("/v2/people", json={"first_name": "Nobody"})
    assert missing.status_code == 422
    assert missing.json() == {"errors": {"email_address": ["is required"]}}

    by_phone = api.post("/v2/people", json={"phone": "5551234567", "last_name": "Phoneonly"})
    assert by_phone.status_code == 200

    api.post("/v2/people", json={"email_address": "dup@example.com"})
    duplicate = api.post("/v2/people", json={"email_address": "DUP@example.com"})
    assert duplicate.json() == {"errors": {"email_address": ["has already been taken"]}}

    bad = api.post("/v2/people", json={"email_address": "a@b.com", "job_seniority": "boss"})
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["job_seniority"]

    assert api.put("/v2/people/424242", json={"title": "x"}).status_code == 404
    assert api.get("/v2/people/not-a-number").json() == {"error": "Not Found"}


def test_form_encoded_bodies_nest_like_rails(api: httpx.Client) -> None:
    response = api.post(
        "/v2/people",
        content="email_address=form%40example.com&tags[]=a&tags[]=b&custom_fields[Tier]=Gold&do_not_contact=true",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    person = response.json()["data"]
    assert person["tags"] == ["a", "b"]
    assert person["custom_fields"] == {"Tier": "Gold"}
    assert person["do_not_contact"] is True


def test_account_validation_uniqueness_archiving_and_people_counts(api: httpx.Client, emu: SalesloftEmulator) -> None:
    missing = api.post("/v2/accounts", json={"description": "no name"})
    assert missing.status_code == 422
    assert missing.json() == {"errors": {"name": ["is required"], "domain": ["is required"]}}

    account = api.post("/v2/accounts", json={"name": "Acme", "domain": "AcmeCorp.com"}).json()["data"]
    assert account["domain"] == "acmecorp.com"
    assert account["creator"]["id"] == 1
    taken = api.post("/v2/accounts", json={"name": "Acme 2", "domain": "acmecorp.com"})
    assert taken.json() == {"errors": {"domain": ["has already been taken"]}}

    emu.seed("people", 3, account_id=account["id"])
    assert api.get(f"/v2/accounts/{account['id']}").json()["data"]["counts"] == {"people": 3}

    archived = api.put(f"/v2/accounts/{account['id']}", json={"archived": True}).json()["data"]
    assert archived["archived_at"] is not None and archived["name"] == "Acme"
    listed = api.get("/v2/accounts", params={"archived": "true"})
    assert ids(listed) == [account["id"]]
    assert listed.json()["metadata"]["filtering"] == {"archived": True}

    assert api.delete(f"/v2/accounts/{account['id']}").status_code == 204
    assert api.get(f"/v2/accounts/{account['id']}.json").status_code == 404


def test_upsert_person_by_email_creates_then_updates(api: httpx.Client) -> None:
    body = {"upsert_key": "email_address", "email_address": "up@example.com", "first_name": "Up"}
    first = api.post("/v2/person_upserts.json", json=body).json()["data"]
    assert first["upsert_type"] == "create"
    second = api.post("/v2/person_upserts", json={**body, "email_address": "UP@example.com", "title": "CEO"})
    data = second.json()["data"]
    assert data["upsert_type"] == "update"
    assert data["person"]["id"] == first["person"]["id"]
    assert data["person"]["title"] == "CEO" and data["person"]["first_name"] == "Up"

    no_value = api.post("/v2/person_upserts", json={"upsert_key": "crm_id", "first_name": "x"})
    assert no_value.json() == {"errors": {"crm_id": ["is required"]}}
    assert api.post("/v2/person_upserts", json={"upsert_key": "id", "id": 987654}).status_code == 404
