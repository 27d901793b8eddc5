"""The Salesloft emulator, driven over HTTP the way Switchboard's connector will drive it."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from switchboard_emulators.salesloft.clock import seed_ts

REDIRECT_URI = "https://switchboard.example.com/connector/callback"


@pytest.fixture
def emu() -> SalesloftEmulator:
    return SalesloftEmulator()


@pytest.fixture
def server(emu: SalesloftEmulator) -> Iterator[EmulatorServer]:
    with EmulatorServer(emu) as srv:
        yield srv


@pytest.fixture
def api(server: EmulatorServer, emu: SalesloftEmulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {emu.api_key}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
        yield client


@pytest.fixture
def anon(server: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10, follow_redirects=False) as client:
        yield client


def ids(response: httpx.Response) -> list[int]:
    return [record["id"] for record in response.json()["data"]]


# -- authentication ------------------------------------------------------------------------------


def test_requests_without_a_valid_bearer_token_get_401(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    missing = anon.get("/v2/people")
    assert missing.status_code == 401
    assert missing.json() == {"error": "Not authenticated"}
    assert anon.get("/v2/people", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert anon.get("/v2/people", headers={"Authorization": f"Basic {emu.api_key}"}).status_code == 401

    emu.add_api_key("second-key")
    ok = anon.get("/v2/me.json", headers={"Authorization": "Bearer second-key"})
    assert ok.status_code == 200
    assert ok.json()["data"]["id"] == 1


def test_me_and_team_answer_with_the_current_user_and_team(api: httpx.Client) -> None:
    me = api.get("/v2/me").json()["data"]
    assert me["team_admin"] is True
    assert me["email"].endswith("@demo-team.example.com")
    assert me["group"] == {"_href": "https://api.salesloft.com/v2/groups/1", "id": 1}
    team = api.get("/v2/team.json").json()["data"]
    assert team["id"] == 1 and team["name"] == "Demo Team"


# -- people and accounts ------------------------------------------------------------------------


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


# -- lists ----------------------------------------------------------------------------------------


def test_paging_metadata_and_limits(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("accounts", 60)
    pages = [api.get("/v2/accounts", params={"page": n}).json() for n in (1, 2, 3)]
    assert [p["metadata"]["paging"]["next_page"] for p in pages] == [2, 3, None]
    assert [p["metadata"]["paging"]["prev_page"] for p in pages] == [None, 1, 2]
    assert [len(p["data"]) for p in pages] == [25, 25, 10]
    assert "total_count" not in pages[0]["metadata"]["paging"]
    all_ids = [r["id"] for p in pages for r in p["data"]]
    assert sorted(all_ids) == list(range(1, 61))
    # Default order is the spec's: updated_at DESC (seeded records are a minute apart by id).
    assert all_ids == list(range(60, 0, -1))
    assert pages[0]["metadata"]["sorting"] == {"sort_by": "updated_at", "sort_direction": "DESC"}

    counted = api.get("/v2/accounts", params={"per_page": 100, "include_paging_counts": "true"}).json()
    assert counted["metadata"]["paging"] == {
        "per_page": 100,
        "current_page": 1,
        "next_page": None,
        "prev_page": None,
        "total_pages": 1,
        "total_count": 60,
    }
    beyond = api.get("/v2/accounts", params={"page": 9}).json()
    assert beyond["data"] == [] and beyond["metadata"]["paging"]["next_page"] is None

    too_many = api.get("/v2/accounts", params={"per_page": 101})
    assert too_many.status_code == 422
    assert too_many.json() == {"errors": {"per_page": ["must be in the range [1, 100]"]}}
    assert api.get("/v2/accounts", params={"page": 0}).status_code == 422


def test_ids_and_updated_at_filters(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 10)
    by_ids = api.get("/v2/people", params=[("ids[]", "3"), ("ids[]", "7"), ("ids[]", "404")])
    assert sorted(ids(by_ids)) == [3, 7]
    assert by_ids.json()["metadata"]["filtering"] == {"ids": ["3", "7", "404"]}

    since = api.get("/v2/people", params={"updated_at[gt]": seed_ts(5), "sort_direction": "ASC"})
    assert ids(since) == [6, 7, 8, 9, 10]
    assert since.json()["metadata"]["filtering"] == {"updated_at": {"gt": seed_ts(5)}}
    window = api.get("/v2/people", params={"updated_at[gte]": seed_ts(2), "updated_at[lt]": seed_ts(4)})
    assert ids(window) == [3, 2]
    assert api.get("/v2/people", params={"updated_at[gt]": "yesterday"}).status_code == 422

    emails = api.get("/v2/people", params={"email_addresses[]": emu.records("people")[0]["email_address"].upper()})
    assert ids(emails) == [1]


def test_sorting_and_other_declared_filters(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("accounts", 3, tags=["VIP"])
    emu.seed("accounts", 2, account_tier_id=2)
    by_name = api.get("/v2/accounts", params={"sort_by": "name", "sort_direction": "ASC"})
    assert [a["name"] for a in by_name.json()["data"]] == [f"Account {n}" for n in range(1, 6)]
    assert by_name.json()["metadata"]["sorting"] == {"sort_by": "name", "sort_direction": "ASC"}
    assert sorted(ids(api.get("/v2/accounts", params={"tag[]": "vip"}))) == [1, 2, 3]
    assert sorted(ids(api.get("/v2/accounts", params={"account_tier_id[]": "2"}))) == [4, 5]
    assert ids(api.get("/v2/accounts", params={"domain": "ACCOUNT2.example.com"})) == [2]
    bad = api.get("/v2/accounts", params={"sort_by": "colour"})
    assert bad.status_code == 422 and "sort_by" in bad.json()["errors"]

    # Stages, tiers, users and friends are seeded so drop-downs have something to show.
    stages = api.get("/v2/account_stages", params={"sort_by": "order", "sort_direction": "ASC"}).json()
    assert [s["name"] for s in stages["data"]][:2] == ["Prospecting", "Qualified"]
    users = api.get("/v2/users.json", params={"search": "james"}).json()
    assert [u["id"] for u in users["data"]] == [1]
    assert "paging" not in users["metadata"]  # users are only paged when page is given


@pytest.mark.parametrize(
    "path",
    [
        "account_stages", "account_tiers", "accounts", "actions", "activities/calls", "activities/emails",
        "bulk_jobs", "cadence_memberships", "cadences", "call_data_records", "call_dispositions",
        "call_sentiments", "crm_activities", "crm_activity_fields", "custom_fields", "groups", "imports",
        "notes", "people", "person_stages", "phone_number_assignments", "steps", "tags", "tasks", "users",
    ],
)  # fmt: skip
def test_every_collection_lists_with_and_without_json_suffix(api: httpx.Client, path: str) -> None:
    for suffix in ("", ".json"):
        response = api.get(f"/v2/{path}{suffix}")
        assert response.status_code == 200, response.text
        body = response.json()
        assert isinstance(body["data"], list)
        assert "filtering" in body["metadata"]


# -- other resources ------------------------------------------------------------------------------


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
    started = time.perf_counter()
    emu.seed("accounts", 10_000)
    assert time.perf_counter() - started < 5.0  # about 0.4 s; catches a quadratic seeding, not a busy CI machine
    people = emu.seed("people", 2, id=12345, account_id=7, custom_fields={"Tier": "Gold"})
    assert [p["id"] for p in people] == [12345, 12346]
    assert people[0]["account"] == {"_href": "https://api.salesloft.com/v2/accounts/7", "id": 7}
    people[0]["custom_fields"]["Tier"] = "mutated"  # copies: the store is unaffected
    assert emu.records("people")[0]["custom_fields"] == {"Tier": "Gold"}
    with pytest.raises(ValueError, match="no field"):
        emu.seed("people", 1, favourite_colour="blue")


# -- bulk jobs ------------------------------------------------------------------------------------


def _wait_done(api: httpx.Client, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        job: dict[str, Any] = api.get(f"/v2/bulk_jobs/{job_id}").json()["data"]
        if job["state"] == "done":
            return job
        time.sleep(0.02)
    raise AssertionError("bulk job did not finish")


def test_bulk_person_upsert_lifecycle(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 1, email_address="existing@example.com", first_name="Old")
    job = api.post("/v2/bulk_jobs", json={"type": "person/upsert", "name": "June import"}).json()["data"]
    assert job["state"] == "open" and job["ready_to_execute"] is False and job["total"] == 0

    records = [
        {"upsert_key": "email_address", "email_address": "existing@example.com", "first_name": "New"},
        {"upsert_key": "email_address", "upsert_key_value": "fresh@example.com", "first_name": "Fresh"},
        {"upsert_key": "email_address", "first_name": "No key value"},
    ]
    added = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": records})
    assert added.json() == {"data": {"records": 3}}
    pending = api.get(f"/v2/bulk_jobs/{job['id']}/job_data").json()
    assert [d["status"] for d in pending["data"]] == ["pending"] * 3

    too_many = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": [{"a": 1}] * 5001})
    assert too_many.status_code == 422 and "data" in too_many.json()["errors"]

    emu.bulk_job_delay = 0.2
    ready = api.put(f"/v2/bulk_jobs/{job['id']}", json={"ready_to_execute": True}).json()["data"]
    assert ready["state"] == "executing" and ready["ready_to_execute"] is True and ready["total"] == 3
    late = api.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": [{"email_address": "x@y.z"}]})
    assert late.status_code == 422

    done = _wait_done(api, job["id"])
    assert (done["processed"], done["errors"]) == (3, 1)
    assert done["finished_at"] is not None
    results = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"per_page": 2}).json()
    assert [r["status"] for r in results["data"]] == ["success", "success"]
    assert results["data"][0]["resource"]["upsert_type"] == "update"
    assert results["data"][1]["resource"]["person"]["email_address"] == "fresh@example.com"
    rest = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"id[gt]": results["data"][-1]["id"]}).json()["data"]
    assert [r["status"] for r in rest] == ["error"]
    assert rest[0]["error"] == "email_address is required"
    errors_only = api.get(f"/v2/bulk_jobs/{job['id']}/results", params={"status[]": "error"}).json()["data"]
    assert len(errors_only) == 1

    names = {p["email_address"]: p["first_name"] for p in emu.records("people")}
    assert names == {"existing@example.com": "New", "fresh@example.com": "Fresh"}
    assert api.put(f"/v2/bulk_jobs/{job['id']}", json={"name": "late"}).status_code == 422
    assert ids(api.get("/v2/bulk_jobs", params={"state[]": "done"})) == [job["id"]]
    assert api.post("/v2/bulk_jobs", json={"type": "widget/explode"}).status_code == 422


# -- rate limiting --------------------------------------------------------------------------------


def test_rate_limit_costs_headers_and_429(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.rate_limit_per_minute = 6
    first = api.get("/v2/people")
    assert first.headers["x-ratelimit-endpoint-cost"] == "1"
    assert first.headers["x-ratelimit-remaining-minute"] == "5"
    deep = api.get("/v2/people", params={"page": 101})
    assert deep.headers["x-ratelimit-endpoint-cost"] == "3"
    assert deep.headers["x-ratelimit-remaining-minute"] == "2"
    api.get("/v2/people")
    api.get("/v2/people")
    limited = api.get("/v2/people")
    assert limited.status_code == 429
    assert "error" in limited.json()
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["x-ratelimit-remaining-minute"] == "0"
    emu.reset_rate_limit()
    assert api.get("/v2/people").status_code == 200


# -- OAuth --------------------------------------------------------------------------------------


def _authorize(anon: httpx.Client, emu: SalesloftEmulator, state: str = "xyz") -> dict[str, list[str]]:
    response = anon.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": emu.client_id, "redirect_uri": REDIRECT_URI,
                "state": state, "scope": "read"},
    )  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    return parse_qs(urlsplit(location).query)


def _basic(emu: SalesloftEmulator, secret: str | None = None) -> dict[str, str]:
    raw = f"{emu.client_id}:{secret or emu.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def _exchange(anon: httpx.Client, emu: SalesloftEmulator, code: str) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    return anon.post("/oauth/token", data=data, headers=_basic(emu))


def test_oauth_authorization_code_exchange(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    query = _authorize(anon, emu)
    assert query["state"] == ["xyz"]
    code = query["code"][0]

    token = _exchange(anon, emu, code)
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 7200 and body["scope"] == "read"
    assert body["access_token"] and body["refresh_token"] and isinstance(body["created_at"], int)
    me = anon.get("/v2/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200

    reused = _exchange(anon, emu, code)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    other = _authorize(anon, emu)["code"][0]
    wrong_redirect = anon.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": other, "redirect_uri": "https://evil.example.com/",
              "client_id": emu.client_id, "client_secret": emu.client_secret},
    )  # fmt: skip
    assert wrong_redirect.json()["error"] == "invalid_grant"
    bad_client = anon.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": other, "redirect_uri": REDIRECT_URI},
        headers=_basic(emu, "wrong-secret"),
    )
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"
    assert emu.token_requests == 4

    unknown = anon.get("/oauth/authorize", params={"response_type": "code", "client_id": "who",
                                                   "redirect_uri": REDIRECT_URI})  # fmt: skip
    assert unknown.status_code == 400


def test_oauth_refresh_tokens_are_single_use(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    first = _exchange(anon, emu, _authorize(anon, emu)["code"][0]).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"],
               "client_id": emu.client_id, "client_secret": emu.client_secret}  # fmt: skip
    second = anon.post("/oauth/token", data=refresh)
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]

    reused = anon.post("/oauth/token", data=refresh)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant" and reused.json()["error_description"]
    # The access token issued before the refresh keeps working until it expires.
    old = anon.get("/v2/me", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert old.status_code == 200

    emu.revoke_refresh_tokens()
    revoked = anon.post("/oauth/token", data={**refresh, "refresh_token": second.json()["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"


def test_oauth_deny_consent_redirects_with_access_denied(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.deny_consent = True
    query = _authorize(anon, emu, state="s-1")
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["s-1"]
    assert "code" not in query and query["error_description"]


def test_expired_access_tokens_are_rejected(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    token = _exchange(anon, emu, _authorize(anon, emu)["code"][0]).json()["access_token"]
    emu.expire_access_tokens()
    expired = anon.get("/v2/people", headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    assert expired.json() == {"error": "Not authenticated"}
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]
    assert anon.get("/v2/people", headers={"Authorization": f"Bearer {emu.api_key}"}).status_code == 200


def test_requests_are_recorded(api: httpx.Client, emu: SalesloftEmulator) -> None:
    api.get("/v2/people", params=[("ids[]", "1"), ("ids[]", "2")])
    recorded = emu.requests.all()[-1]
    assert recorded.path == "/v2/people"
    assert recorded.query_values("ids[]") == ["1", "2"]
    assert emu.credentials() == {
        "api_key": emu.api_key,
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
    }


async def test_serves_in_the_callers_loop_including_bulk_execution() -> None:
    emu = SalesloftEmulator()
    async with EmulatorServer(emu) as srv:
        headers = {"Authorization": f"Bearer {emu.api_key}"}
        async with httpx.AsyncClient(base_url=srv.url, headers=headers) as client:
            job = (await client.post("/v2/bulk_jobs.json", json={"type": "account/upsert"})).json()["data"]
            data = [{"upsert_key": "domain", "domain": f"d{n}.example.com", "name": f"D {n}"} for n in range(600)]
            await client.post(f"/v2/bulk_jobs/{job['id']}/job_data", json={"data": data})
            await client.put(f"/v2/bulk_jobs/{job['id']}", json={"ready_to_execute": True})
            for _ in range(200):
                state = (await client.get(f"/v2/bulk_jobs/{job['id']}")).json()["data"]
                if state["state"] == "done":
                    break
                await asyncio.sleep(0.01)
            assert (state["state"], state["processed"], state["errors"]) == ("done", 600, 0)
    assert len(emu.records("accounts")) == 600
