"""Issue 26, item 10: errors in Cyclr's statuses and words where its documentation or tests read them."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.harness import Account, Partner, SwitchboardServer

MALFORMED = "9afbeecc-6019-49c6-ade9-721874d81c5aa"  # one hex digit too many, as in Cyclr's tests


def test_a_duplicate_account_id_is_400_id_already_in_use(partner: Partner) -> None:
    api_id = f"JO-Test-{uuid.uuid4().hex[:10]}"
    assert partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": api_id}).status_code == 200
    again = partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": api_id})
    assert again.status_code == 400
    assert again.text == '{"Message":"ID already in use"}'  # Cyclr's tests compare the text
    assert again.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("body", [{"Description": "SD-1932"}, {"Name": ""}, {"Name": "   "}], ids=str)
def test_an_account_without_a_name_is_400_name_is_required(partner: Partner, body: dict[str, str]) -> None:
    answer = partner.http.post("/v1.0/accounts", json={**body, "AuditInfo": "testAuditInfo"})
    assert answer.status_code == 400
    assert "Name is required" in answer.text


@pytest.mark.parametrize(
    ("verb", "route"), [("POST", "methods"), ("GET", "methods"), ("POST", "test"), ("GET", "test")]
)
def test_a_malformed_method_guid_is_400(connected: tuple[Account, int], verb: str, route: str) -> None:
    account, installed = connected
    kwargs = {"json": {"Parameters": {"296077": 1}}} if verb == "POST" else {}
    answer = account.partner.http.request(
        verb, f"/v1.0/account/connectors/{installed}/{route}/{MALFORMED}", headers=account.headers, **kwargs
    )
    assert answer.status_code == 400, answer.text
    assert f"Method '{MALFORMED}' is neither a method Id nor a MethodUniqueIdentifier" in answer.json()["Message"]


def test_a_well_formed_unknown_guid_or_id_is_404(connected: tuple[Account, int]) -> None:
    account, installed = connected
    for ref in ("9afbeecc-6019-49c6-ade9-721874d81555", "999999999"):
        answer = account.post(f"/v1.0/account/connectors/{installed}/test/{ref}", json={})
        assert answer.status_code == 404, answer.text
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_catalogue_refuses_a_malformed_guid_too(partner: Partner) -> None:
    catalog = partner.connector_id("salesloft")
    assert partner.http.get(f"/v1.0/connectors/{catalog}/methods/{MALFORMED}").status_code == 400
    assert partner.http.get(f"/v1.0/connectors/{catalog}/methods/{uuid.uuid4()}").status_code == 404


def test_a_missing_account_header_is_400_naming_it(switchboard: SwitchboardServer, partner: Partner) -> None:
    """Cyclr's documentation requires the header on account calls but does not say what its absence answers;
    Switchboard keeps its 400 that names the header (the README lists this)."""
    for path in ("/v1.0/account/connectors", "/v1.0/account/connectors/1/methods/1"):
        answer = partner.http.get(path)
        assert answer.status_code == 400, answer.text
        assert answer.json() == {
            "Message": "X-Cyclr-Account header is missing: send the API ID of the account to work in"
        }
    # Partner-level calls ignore the header, as Cyclr's clients send it on every call.
    assert partner.http.get("/v1.0/accounts", headers={"X-Cyclr-Account": "anything"}).status_code == 200
    assert httpx.get(f"{switchboard.url}/v1.0/account/connectors").status_code == 401
