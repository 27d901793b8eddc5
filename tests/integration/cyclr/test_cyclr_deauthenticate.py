"""``PUT /v1.0/account/connectors/{id}/deauthenticate``: Cyclr's message, the state and the event follow."""

from __future__ import annotations

from tests.harness import Partner
from tests.webhook_receiver import Receiver


def test_deauthenticate_drops_the_credentials_and_is_announced(
    partner: Partner, salesloft_api_key: str, receiver: Receiver
) -> None:
    account = partner.new_account()
    hook = partner.http.post(
        "/v1.0/webhooks",
        json={"Url": receiver.url("deauth"), "AccountId": account.api_id, "Events": ["connection.deauthenticated"]},
    )
    assert hook.status_code == 201, hook.text
    receiver.secrets["deauth"] = hook.json()["Secret"]
    installed = account.post("/v1.0/connectors/Salesloft/install", json={"AuthValue": salesloft_api_key})
    assert installed.is_success and installed.json()["Authenticated"] is True
    connection = installed.json()["Id"]
    methods = account.methods("salesloft")
    call = f"/v1.0/account/connectors/{connection}/methods/{methods['List accounts']['MethodUniqueIdentifier']}"
    assert account.post(call, json={}).status_code == 200

    response = account.put(f"/v1.0/account/connectors/{connection}/deauthenticate", json={})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"Message": "Connector 'Salesloft' successfully de-authenticated."}

    shown = account.get(f"/v1.0/account/connectors/{connection}").json()
    assert shown["Authenticated"] is False and shown["AuthState"] == "Unauthenticated"
    refused = account.post(call, json={})  # no credentials left: nothing is sent
    assert refused.status_code == 409, refused.text
    event = receiver.wait_for("deauth", lambda e: e.type == "connection.deauthenticated")
    assert event.verified and event.data["AccountConnectorId"] == connection
    assert salesloft_api_key not in str(event.body)

    # A new key authenticates it again.
    again = account.put(f"/v1.0/account/connectors/{connection}", json={"AuthValue": salesloft_api_key})
    assert again.json()["Authenticated"] is True
    assert account.post(call, json={}).status_code == 200


def test_deauthenticate_unknown_or_foreign_is_404(partner: Partner) -> None:
    account, other = partner.new_account(), partner.new_account()
    connection = other.post("/v1.0/connectors/Salesloft/install", json={}).json()["Id"]
    assert account.put(f"/v1.0/account/connectors/{connection}/deauthenticate").status_code == 404
    assert account.put("/v1.0/account/connectors/99999/deauthenticate").status_code == 404
