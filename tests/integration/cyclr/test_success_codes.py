"""Issue 26, item 3: 200 with Cyclr's bodies for creating an account, installing, and both deletes."""

from __future__ import annotations

import uuid
from datetime import datetime

from tests.harness import Partner

ACCOUNT_KEYS = {"Id", "Name", "Description", "Timezone", "CreatedDate"}


def test_creating_an_account_is_200_with_the_account(partner: Partner) -> None:
    api_id = f"cyclr-{uuid.uuid4()}"
    body = {"Id": api_id, "Name": "Test Account 001", "Description": "An account we will use for testing",
            "Timezone": "Europe/London"}  # fmt: skip
    created = partner.http.post("/v1.0/accounts", json=body)
    assert created.status_code == 200, created.text
    assert created.headers["content-type"].startswith("application/json")
    account = created.json()
    assert set(account) >= ACCOUNT_KEYS
    assert {k: account[k] for k in ("Id", "Name", "Description", "Timezone")} == body
    datetime.fromisoformat(account["CreatedDate"])
    assert partner.http.get(f"/v1.0/accounts/{api_id}").json() == account


def test_installing_is_200_with_the_account_connector(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    catalog = partner.connector_id("salesloft")
    body = {"Name": "Installed Example", "Description": "Alex's Salesloft", "AuthValue": salesloft_api_key}
    installed = account.post(f"/v1.0/connectors/{catalog}/install", json=body)
    assert installed.status_code == 200, installed.text
    answer = installed.json()
    assert (answer["Name"], answer["Description"], answer["Authenticated"]) == (body["Name"], body["Description"], True)
    assert (answer["Connector"]["Id"], answer["Connector"]["Name"]) == (catalog, "Salesloft")
    assert answer["AuthValue"] is None  # never echoed
    assert account.get(f"/v1.0/account/connectors/{answer['Id']}").json()["Id"] == answer["Id"]


def test_deleting_an_account_connector_is_200(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    installed = account.install("salesloft", AuthValue=salesloft_api_key)
    deleted = account.delete(f"/v1.0/account/connectors/{installed}")
    assert deleted.status_code == 200, deleted.text
    assert deleted.content == b""
    assert account.get(f"/v1.0/account/connectors/{installed}").status_code == 404
    again = account.delete(f"/v1.0/account/connectors/{installed}")
    assert again.status_code == 404


def test_deleting_an_account_is_200(partner: Partner) -> None:
    account = partner.new_account()
    # Cyclr's clients send a JSON body with their DELETEs; it changes nothing.
    deleted = partner.http.request("DELETE", f"/v1.0/accounts/{account.api_id}", json={})
    assert deleted.status_code == 200, deleted.text
    assert deleted.content == b""
    assert partner.http.get(f"/v1.0/accounts/{account.api_id}").status_code == 404
    assert partner.http.delete(f"/v1.0/accounts/{account.api_id}").status_code == 404


def test_the_document_says_200(partner: Partner) -> None:
    paths = partner.http.get("/openapi.json").json()["paths"]
    changed = [
        ("/v1.0/accounts", "post"),
        ("/v1.0/connectors/{connector_id}/install", "post"),
        ("/v1.0/accounts/{account_id}", "delete"),
        ("/v1.0/account/connectors/{connector_id}", "delete"),
    ]
    for path, verb in changed:
        responses = paths[path][verb]["responses"]
        assert "200" in responses and not {"201", "204"} & set(responses), (path, verb)
