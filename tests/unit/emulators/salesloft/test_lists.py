"""Lists: paging metadata and limits, filters, sorting, every collection."""

from __future__ import annotations

import httpx
import pytest

from switchboard_emulators.salesloft import SalesloftEmulator
from switchboard_emulators.salesloft.clock import seed_ts
from tests.unit.emulators.salesloft.support import ids


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


def test_integers_past_a_bigint_are_refused_not_a_crash(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.seed("people", 3)
    huge = "99999999999999999999999"
    page = api.get("/v2/accounts", params={"page": huge})
    assert page.status_code == 422
    assert page.json() == {"errors": {"page": ["must be in the range [1, 9223372036854775807]"]}}
    assert api.get("/v2/accounts", params={"page": "two"}).json() == {"errors": {"page": ["must be an integer"]}}
    # As filters, an id no record can have matches nothing.
    assert ids(api.get("/v2/people", params=[("ids[]", "2"), ("ids[]", huge)])) == [2]
    assert ids(api.get("/v2/people", params={"cadence_id": huge})) == []
    # Written, it is a Rails-shaped 422, and nothing is stored that a later list could not render.
    created = api.post("/v2/accounts", json={"name": "Acme", "domain": "acme.example", "owner_id": huge})
    assert created.status_code == 422
    assert created.json() == {
        "errors": {"owner_id": ["must be in the range [-9223372036854775808, 9223372036854775807]"]}
    }
    assert api.get("/v2/accounts").status_code == 200
