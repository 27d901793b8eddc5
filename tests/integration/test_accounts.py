"""Accounts: create (own or generated API ID), read, update, delete; scoped to the partner."""

from __future__ import annotations

import uuid

from tests.harness import MAX_PAGE, Partner, SwitchboardServer


def test_account_lifecycle(partner: Partner) -> None:
    api_id = f"acct-{uuid.uuid4()}"
    created = partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": "Globex", "Description": "Big"})
    assert created.status_code == 200
    assert created.json()["Id"] == api_id
    assert created.json()["Timezone"] == "UTC"

    assert partner.http.get(f"/v1.0/accounts/{api_id}").json()["Name"] == "Globex"
    newest = partner.http.get("/v1.0/accounts", params={"sortOrderAsc": "false", "pageSize": 5}).json()
    assert newest[0]["Id"] == api_id

    updated = partner.http.put(f"/v1.0/accounts/{api_id}", json={"Name": "Globex Corp", "Timezone": "Europe/London"})
    assert updated.status_code == 200
    assert updated.json()["Name"] == "Globex Corp"
    assert partner.http.get(f"/v1.0/accounts/{api_id}").json()["Timezone"] == "Europe/London"

    assert partner.http.delete(f"/v1.0/accounts/{api_id}").status_code == 200
    missing = partner.http.get(f"/v1.0/accounts/{api_id}")
    assert missing.status_code == 404
    assert api_id in missing.json()["Message"]


def test_generated_api_id_is_a_guid(partner: Partner) -> None:
    created = partner.http.post("/v1.0/accounts", json={"Name": "No id given"})
    assert created.status_code == 200
    uuid.UUID(created.json()["Id"])


def test_duplicate_api_id_is_refused_as_cyclr_does(partner: Partner) -> None:
    api_id = str(uuid.uuid4())
    assert partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": "A"}).status_code == 200
    again = partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": "B"})
    assert again.status_code == 400
    assert again.json() == {"Message": "ID already in use"}


def test_invalid_bodies_get_400_with_a_message(partner: Partner) -> None:
    missing_name = partner.http.post("/v1.0/accounts", json={"Id": "x"})
    assert missing_name.status_code == 400
    assert "Name is required" in missing_name.json()["Message"]
    not_json = partner.http.post("/v1.0/accounts", content=b"{oops", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert "not valid JSON" in not_json.json()["Message"]


def test_partners_never_see_each_others_accounts(switchboard: SwitchboardServer, partner: Partner) -> None:
    other = switchboard.new_partner("Other SaaS")
    account = partner.new_account()
    assert other.http.get(f"/v1.0/accounts/{account.api_id}").status_code == 404
    assert account.api_id not in [a["Id"] for a in other.http.get("/v1.0/accounts").json()]
    assert other.http.delete(f"/v1.0/accounts/{account.api_id}").status_code == 404
    # The same API ID is free for another partner: accounts are per partner.
    assert other.http.post("/v1.0/accounts", json={"Id": account.api_id, "Name": "Mine"}).status_code == 200


def test_account_ids_outside_the_safe_set_are_refused(partner: Partner) -> None:
    """N14: an Id with `/` was created and then could never be read, renamed or deleted."""
    for bad in ("a/b", "a b", "x" * 65, "caf\u00e9", "a?b", "a%2Fb", "a#b"):
        refused = partner.http.post("/v1.0/accounts", json={"Id": bad, "Name": "Bad"})
        assert refused.status_code == 400, (bad, refused.text)
        assert "- _ . : @" in refused.json()["Message"]
    assert not [
        a for a in partner.http.get("/v1.0/accounts", params={"pageSize": MAX_PAGE}).json() if a["Name"] == "Bad"
    ]
    for good in (f"user@example.com:{uuid.uuid4().hex[:8]}", f"A_b.c-{uuid.uuid4().hex}"):
        assert partner.http.post("/v1.0/accounts", json={"Id": good, "Name": "Good"}).status_code == 200
        assert partner.http.get(f"/v1.0/accounts/{good}").json()["Id"] == good
        assert partner.http.put(f"/v1.0/accounts/{good}", json={"Name": "Renamed"}).status_code == 200
        assert partner.http.delete(f"/v1.0/accounts/{good}").status_code == 200
