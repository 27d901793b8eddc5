"""Cyclr's account settings: stored, validated with Cyclr's messages, echoed; the transaction-error webhook."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Partner
from tests.webhook_receiver import Receiver

SETTINGS = {
    "Timezone": "Europe/London",
    "AuditInfo": "AuditInfo",
    "TaskAuditInfo": "TaskAuditInfo",
    "StepDataSuccessRetentionHours": 120,
    "StepDataErroredRetentionHours": 60,
    "TransactionErrorWebhookEnabled": True,
    "TransactionErrorWebhookUrl": "hooks.example.com/api/webhook/123",
    "TransactionErrorWebhookIncludeWarnings": True,
}


def create(partner: Partner, **body: Any) -> httpx.Response:
    api_id = f"JO-Test-{uuid.uuid4().hex[:10]}"
    return partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": api_id, **body})


def message(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    return str(response.json()["Message"])


def test_settings_are_stored_and_echoed(partner: Partner) -> None:
    created = create(partner, **SETTINGS)
    assert created.is_success, created.text
    body = created.json()
    expected = {**SETTINGS, "TransactionErrorWebhookUrl": "https://hooks.example.com/api/webhook/123"}
    assert {k: body[k] for k in SETTINGS} == expected
    path = f"/v1.0/accounts/{body['Id']}"
    assert {k: v for k, v in partner.http.get(path).json().items() if k in SETTINGS} == expected

    # PUT changes what it gives; an explicit null clears; a number that is not one is ignored.
    changed = partner.http.put(
        path, json={"StepDataSuccessRetentionHours": 0, "StepDataErroredRetentionHours": None, "Description": "d"}
    ).json()
    assert changed["StepDataSuccessRetentionHours"] == 0 and changed["StepDataErroredRetentionHours"] is None
    assert changed["Description"] == "d" and changed["AuditInfo"] == "AuditInfo"
    ignored = partner.http.put(path, json={"StepDataSuccessRetentionHours": "abc"})
    assert ignored.status_code == 200 and ignored.json()["StepDataSuccessRetentionHours"] == 0
    capped = partner.http.put(path, json={"StepDataSuccessRetentionHours": 745, "StepDataErroredRetentionHours": 744})
    assert (
        capped.json()["StepDataSuccessRetentionHours"] == 744 and capped.json()["StepDataErroredRetentionHours"] == 744
    )
    # Defaults for an account created without them.
    plain = create(partner).json()
    assert plain["TransactionErrorWebhookEnabled"] is False and plain["TransactionErrorWebhookUrl"] is None
    assert plain["StepDataSuccessRetentionHours"] is None and plain["AuditInfo"] is None


def test_cyclr_messages(partner: Partner) -> None:
    negative = create(partner, **{**SETTINGS, "StepDataSuccessRetentionHours": -10})
    assert message(negative) == "StepDataSuccessRetentionHours (-10): must be non negative"
    negative = create(partner, **{**SETTINGS, "StepDataErroredRetentionHours": -10})
    assert message(negative) == "StepDataErroredRetentionHours (-10): must be non negative"
    needed = "Transaction Error Webhook enabled: Transaction Error Webhook URL must be defined"
    for url in ("", None):
        assert message(create(partner, **{**SETTINGS, "TransactionErrorWebhookUrl": url})) == needed
    assert (
        message(create(partner, **{**SETTINGS, "TransactionErrorWebhookUrl": "    "}))
        == "https://     is not a valid URL"
    )
    account = create(partner, **SETTINGS).json()
    path = f"/v1.0/accounts/{account['Id']}"
    missing = partner.http.put(path, json={"TransactionErrorWebhookEnabled": True, "Name": account["Name"]})
    assert message(missing) == needed  # turning it on names the URL in the same request
    assert message(partner.http.put(path, json={"TransactionErrorWebhookUrl": " "})) == "https://  is not a valid URL"
    private = partner.http.put(path, json={"TransactionErrorWebhookUrl": "http://10.0.0.5/hook"})
    assert "private" in message(private)
    fullwidth = partner.http.put(
        path, json={"TransactionErrorWebhookUrl": "http://\uff11\uff10\uff0e\uff10\uff0e\uff10\uff0e\uff15/tx"}
    )
    assert "private" in message(fullwidth)  # aiohttp reads it as 10.0.0.5, and asks no resolver
    # Nothing of the refused requests was kept.
    assert partner.http.get(path).json()["TransactionErrorWebhookUrl"] == "https://hooks.example.com/api/webhook/123"


def account_webhooks(partner: Partner, api_id: str) -> list[dict[str, Any]]:
    return [w for w in partner.http.get("/v1.0/webhooks").json() if w["AccountId"] == api_id]


def test_the_transaction_error_webhook_gets_call_failed(
    partner: Partner, receiver: Receiver, salesloft: EmulatorServer
) -> None:
    account_response = create(
        partner,
        TransactionErrorWebhookEnabled=True,
        TransactionErrorWebhookUrl=receiver.url("txerr"),
        TransactionErrorWebhookIncludeWarnings=False,
    )
    assert account_response.is_success, account_response.text
    api_id = account_response.json()["Id"]
    (hook,) = account_webhooks(partner, api_id)
    assert hook["Url"] == receiver.url("txerr") and hook["Events"] == ["call.failed"] and hook["Enabled"] is True
    secret = partner.http.post(f"/v1.0/webhooks/{hook['Id']}/rotatesecret")
    receiver.secrets["txerr"] = secret.json()["Secret"]

    headers = {"X-Cyclr-Account": api_id}
    sl = salesloft.emulator
    assert isinstance(sl, SalesloftEmulator)
    sl.add_api_key("wrong-key")  # accepted when saved, revoked since: the call fails upstream
    installed = partner.http.post(
        "/v1.0/connectors/Salesloft/install", json={"AuthValue": "wrong-key"}, headers=headers
    )
    sl.revoke_api_key("wrong-key")
    connection = installed.json()["Id"]
    (method,) = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "List accounts"}).json()[:1]
    failed = partner.http.post(
        f"/v1.0/account/connectors/{connection}/methods/{method['MethodUniqueIdentifier']}", json={}, headers=headers
    )
    assert failed.status_code == 401, failed.text
    event = receiver.wait_for("txerr", lambda e: e.type == "call.failed")
    assert event.verified and event.data["AccountConnectorId"] == connection
    assert "wrong-key" not in str(event.body)
    # Cyclr's "Example Transaction Error Webhook Payload", read by a receiver written for Cyclr, beside the event.
    cyclr = {key: value for key, value in event.body.items() if key[0].isupper()}
    assert set(cyclr) == {
        "Timestamp", "AccountId", "AccountExternalId", "AccountName", "CycleId", "CycleName", "StepId", "StepName",
        "StepType", "TransactionId", "Message", "Detail", "IncidentLevel", "AccountConnectorId",
    }  # fmt: skip
    assert (cyclr["AccountId"], cyclr["AccountExternalId"], cyclr["AccountName"]) == (api_id, api_id, api_id)
    assert cyclr["Message"] == "Failed to call the method" and cyclr["IncidentLevel"] == "Error"
    assert cyclr["Detail"].startswith("401 Unauthorized\r\n") and event.data["Message"] in cyclr["Detail"]
    assert cyclr["StepId"] == cyclr["StepName"] == method["MethodUniqueIdentifier"] and cyclr["StepType"] == 1
    assert cyclr["CycleId"] is None and cyclr["AccountConnectorId"] == connection
    assert cyclr["TransactionId"] == event.headers["webhook-id"]
    assert cyclr["Timestamp"] == event.body["timestamp"] and cyclr["Timestamp"].endswith("Z")

    path = f"/v1.0/accounts/{api_id}"
    partner.http.put(
        path, json={"TransactionErrorWebhookEnabled": False, "TransactionErrorWebhookIncludeWarnings": True}
    )
    (hook,) = account_webhooks(partner, api_id)
    assert hook["Enabled"] is False and hook["Events"] == ["call.failed", "ratelimit.exhausted"]
    cleared = partner.http.put(path, json={"TransactionErrorWebhookUrl": None})
    assert cleared.status_code == 200 and cleared.json()["TransactionErrorWebhookUrl"] is None
    assert account_webhooks(partner, api_id) == []
    partner.http.put(path, json={"TransactionErrorWebhookUrl": receiver.url("txerr")})
    assert len(account_webhooks(partner, api_id)) == 1
    assert partner.http.delete(path).is_success
    assert account_webhooks(partner, api_id) == []  # the endpoint goes with its account


def test_a_sub_account_is_refused_not_made_a_top_level_one(partner: Partner) -> None:
    """Cyclr's ParentAccountId: ignored, it would make an account without its parent's connectors, silently."""
    before = len(partner.http.get("/v1.0/accounts", params={"pageSize": 1000}).json())
    refused = create(partner, ParentAccountId="ParentID")
    assert "ParentAccountId" in message(refused) and "sub-accounts are not supported" in message(refused)
    assert len(partner.http.get("/v1.0/accounts", params={"pageSize": 1000}).json()) == before


def test_a_timezone_is_an_iana_name_and_an_id_no_dot_segment(partner: Partner) -> None:
    """Cyclr's Timezone is "the TZ database name" (its docs); an Id of . or .. is a URL's dot segment."""
    assert "is no IANA time zone name" in message(create(partner, Timezone="Mars/Base"))
    made = create(partner, Timezone="America/New_York")
    assert made.status_code == 200 and made.json()["Timezone"] == "America/New_York"
    moved = partner.http.put(f"/v1.0/accounts/{made.json()['Id']}", json={"Timezone": "Not/AZone"})
    assert "is no IANA time zone name" in message(moved)
    for dots in (".", ".."):
        refused = partner.http.post("/v1.0/accounts", json={"Id": dots, "Name": "Dots"})
        assert "(not . or .. alone)" in message(refused)
