"""Objects shaped as Cyclr's: Connector, AccountConnector, Method, the token answers."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from tests.harness import Partner


def salesloft(partner: Partner) -> dict[str, object]:
    (connector,) = partner.http.get("/v1.0/connectors/Salesloft/2.0").json()
    return dict(connector)


def test_connector_shape(partner: Partner) -> None:
    connector = salesloft(partner)
    assert connector["Status"] == "Approved"
    # Bare base64 of a PNG, as Cyclr's "Base64 image data for the connector icon" (test_cyclr_docs_as_written.py).
    assert base64.b64decode(str(connector["Icon"]), validate=True).startswith(b"\x89PNG\r\n\x1a\n")
    assert connector["Categories"] == ["CRMs", "Sales Engagement"]
    (imported,) = partner.http.get("/v1.0/connectors/Constant Contact").json()
    assert imported["Categories"] == ["Email Marketing"]  # an imported connector's, from its overlay
    assert connector["AuthType"] == "OAuth2" and connector["OAuth2Type"] == "AuthorisationCode"
    assert "AuthDescription" in connector and "AuthScheme" in connector
    auths = {a["AuthType"]: a for a in connector["Authentication"]}  # type: ignore[attr-defined]
    assert set(auths) == {"OAuth2", "ApiKey"}
    assert auths["ApiKey"]["AuthScheme"] == "Authorization" and auths["ApiKey"]["AuthName"] == "API Key"
    assert auths["ApiKey"]["OAuth2Type"] == "Unknown"  # Cyclr's word beside an API key, never null
    assert all(uuid.UUID(a["Id"]) for a in auths.values())
    # The same GUIDs in every listing: they are derived, not drawn.
    again = next(c for c in partner.connectors() if c["Name"] == "Salesloft")
    assert again["Authentication"] == connector["Authentication"]
    assert isinstance(connector["Triggers"], list) and connector["Triggers"]


def test_install_with_an_authentication_id(partner: Partner, salesloft_api_key: str) -> None:
    connector = salesloft(partner)
    api_key = next(a for a in connector["Authentication"] if a["AuthType"] == "ApiKey")  # type: ignore[attr-defined]
    account = partner.new_account()
    installed = account.post(
        "/v1.0/connectors/Salesloft/install", json={"AuthenticationId": api_key["Id"], "AuthValue": salesloft_api_key}
    )
    assert installed.is_success, installed.text
    assert installed.json()["Authenticated"] is True
    # Chosen without credentials yet, the account connector says which authentication it waits for (Cyclr's
    # "Checking the required Authentication Type"), where the connector's first is OAuth2.
    waiting = account.post("/v1.0/connectors/Salesloft/install", json={"AuthenticationId": api_key["Id"]}).json()
    assert waiting["Authenticated"] is False
    assert (waiting["Connector"]["AuthType"], waiting["Connector"]["OAuth2Type"]) == ("ApiKey", "Unknown")
    read = account.get(f"/v1.0/account/connectors/{waiting['Id']}").json()["Connector"]
    assert read["AuthType"] == "ApiKey" and salesloft(partner)["AuthType"] == "OAuth2"
    wrong = account.post("/v1.0/connectors/Salesloft/install", json={"AuthenticationId": str(uuid.uuid4())})
    assert wrong.status_code == 400 and "AuthenticationId" in wrong.json()["Message"]


def test_account_connector_nests_the_full_connector(partner: Partner, salesloft_api_key: str) -> None:
    account = partner.new_account()
    installed = account.post("/v1.0/connectors/Salesloft/install", json={"AuthValue": salesloft_api_key})
    body = installed.json()
    # The catalogue's connector, its authentication the one this account connector uses: the API key it was given.
    catalogue = salesloft(partner)
    assert body["Connector"] == {
        **catalogue,
        "AuthType": "ApiKey",
        "OAuth2Type": "Unknown",
        "AuthScheme": "Authorization",
    }
    assert body["IsPartnerIntegrationConnector"] is False and body["CustomFields"] == []
    assert body["AuthValue"] is None and salesloft_api_key not in installed.text  # write-only, as Cyclr shows it
    read = account.get(f"/v1.0/account/connectors/{body['Id']}").json()
    assert read["Connector"]["Icon"] == salesloft(partner)["Icon"] and read["Connector"]["Version"] == "2.0"
    (listed,) = account.get("/v1.0/account/connectors").json()
    assert listed["Connector"]["Status"] == "Approved"


def test_method_shape(partner: Partner) -> None:
    (method,) = partner.http.get("/v1.0/connectors/Salesloft/2.0/methods", params={"query": "List accounts"}).json()[:1]
    assert method["Name"] and method["Description"] is not None and method["Category"]
    assert method["MethodType"] == "Action" and method["EndPoint"].endswith("/v2/accounts")
    assert all({"TriggerName", "Triggers"} <= p.keys() for p in method["Parameters"])


def test_token_answer_has_client_id_and_dates(partner: Partner) -> None:
    response = httpx.post(
        f"{partner.server.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.client_secret,
        },
    )
    body = response.json()
    assert response.status_code == 200
    assert body["token_type"] == "bearer" and body["clientId"] == partner.client_id
    issued, expires = parsedate_to_datetime(body[".issued"]), parsedate_to_datetime(body[".expires"])
    assert body[".issued"].endswith(" GMT")
    assert abs((issued - datetime.now(UTC)).total_seconds()) < 60
    assert abs((expires - issued).total_seconds() - body["expires_in"]) <= 1
    assert partner.client_secret not in response.text


def test_sign_in_token_answer(partner: Partner) -> None:
    account = partner.new_account()
    response = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken", json={"Username": "jo@example.com"})
    assert response.status_code == 200
    body = response.json()
    assert body["Token"] and body["Username"] == "jo@example.com"
    expires = datetime.fromisoformat(body["ExpiresAtUtc"].replace("Z", "+00:00"))
    assert abs((expires - datetime.now(UTC)).total_seconds() - body["ExpiresIn"]) < 30
    bare = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken")  # no body, as before
    assert bare.status_code == 200 and bare.json()["Username"] is None
