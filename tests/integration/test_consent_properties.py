"""Connection properties the vendor tells after consent: read at sign-in, kept when given, refused when wrong.

Pipedrive's company host comes in the token answer (``api_domain``); Jira's cloud id and Xero's
tenant id from a list served to the new access token. Real server, real OAuth flow, the vendors'
spec emulators.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from switchboard.catalog.registry import Registry
from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import browse, sign_in_url

SPECS = SPECS_DIR
NAMES = {
    "pipedrive": "Pipedrive",
    "jira": "Jira Cloud",
    "xero": "Xero Accounting",
    "hubspot": "HubSpot CRM Contacts",
    "slack": "Slack",
}


@dataclasses.dataclass
class Vendors:
    partner: Partner
    emulators: dict[str, SpecEmulator]
    connector_ids: dict[str, int]


@pytest.fixture(scope="module")
def vendors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vendors]:
    emulators: dict[str, SpecEmulator] = {}
    for key in NAMES:
        config = load_config(VENDORS / f"{key}.yaml")
        assert config.spec is not None
        emulators[key] = SpecEmulator(SPECS / config.spec, config)
    servers = {key: EmulatorServer(emu).start() for key, emu in emulators.items()}
    data_dir = tmp_path_factory.mktemp("consent")
    switchboard = SwitchboardServer(data_dir, server_env(data_dir, {k: s.url for k, s in servers.items()})).start()
    try:
        partner = switchboard.new_partner("Consent partner")
        listing = {c["Name"]: c["Id"] for c in partner.connectors()}
        ids = {key: listing[name] for key, name in NAMES.items()}
        for key, emu in emulators.items():
            creds = emu.credentials()
            app = {"ClientId": creds["client_id"], "ClientSecret": creds["client_secret"]}
            assert partner.http.put(f"/v1.0/connectors/{ids[key]}/settings", json=app).status_code == 200
        yield Vendors(partner, emulators, ids)
    finally:
        switchboard.stop()
        for server in servers.values():
            server.stop()


def _install(v: Vendors, account: Account, key: str, **body: Any) -> httpx.Response:
    return account.post(f"/v1.0/connectors/{v.connector_ids[key]}/install", json=body)


def _shown(account: Account, connection: int) -> dict[str, Any]:
    body: dict[str, Any] = account.get(f"/v1.0/account/connectors/{connection}").json()
    return body


def _connected(v: Vendors, key: str, **properties: str) -> tuple[Account, int, dict[str, Any]]:
    account = v.partner.new_account()
    installed = _install(v, account, key, Properties=properties)
    assert installed.status_code == 200, installed.text
    connection: int = installed.json()["Id"]
    final, page = browse(sign_in_url(account, connection))
    assert page is None and "Status=Authenticated" in final, page.text if page else final
    return account, connection, _shown(account, connection)


def _properties(shown: dict[str, Any]) -> dict[str, str]:
    return {p["Name"]: p["Value"] for p in shown["Properties"]}


def test_pipedrives_company_domain_comes_from_the_token_answer_and_calls_use_it(vendors: Vendors) -> None:
    account, connection, shown = _connected(vendors, "pipedrive")
    assert _properties(shown) == {"company_domain": "emulated"}  # from https://emulated.pipedrive.com
    emu = vendors.emulators["pipedrive"]
    mark = len(emu.requests.all())
    answer = account.post(f"/v1.0/account/connectors/{connection}/methods/{_uid('pipedrive', 'GET /users/me')}/body",
                          json={})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert [r.path for r in emu.requests.all()[mark:]] == ["/api/v1/users/me"]


def test_jiras_cloud_id_is_read_with_the_new_access_token(vendors: Vendors) -> None:
    emu = vendors.emulators["jira"]
    mark = len(emu.requests.all())
    _, _, shown = _connected(vendors, "jira")
    assert _properties(shown) == {"cloud_id": "emulated-cloud"}
    lookups = [r for r in emu.requests.all()[mark:] if r.path == "/oauth/token/accessible-resources"]
    assert len(lookups) == 1
    assert lookups[0].headers["Authorization"].removeprefix("Bearer ") in emu.auth.access


def test_webhook_routing_values_are_read_at_sign_in(vendors: Vendors) -> None:
    """HubSpot's portal id (GET /account-info/v3/details) and Slack's team id (the token answer) route app webhooks."""
    _, _, hubspot = _connected(vendors, "hubspot")
    assert _properties(hubspot) == {"hub_id": "12345678"}
    _, _, slack = _connected(vendors, "slack")
    assert _properties(slack) == {"team_id": "T0EMULATED"}


def test_a_value_the_install_gave_is_kept(vendors: Vendors) -> None:
    emu = vendors.emulators["xero"]
    mark = len(emu.requests.all())
    _, _, shown = _connected(vendors, "xero", tenant_id="chosen-tenant")
    assert _properties(shown) == {"tenant_id": "chosen-tenant"}
    assert not [r for r in emu.requests.all()[mark:] if r.path == "/connections"], "nothing to look up"


def test_a_host_that_is_not_pipedrives_fails_the_sign_in_and_nothing_is_stored(vendors: Vendors) -> None:
    auth = vendors.emulators["pipedrive"].auth
    original = auth.config
    auth.config = dataclasses.replace(original, token_extra={"api_domain": "https://attacker.example.com"})
    try:
        account = vendors.partner.new_account()
        connection = _install(vendors, account, "pipedrive").json()["Id"]
        _, page = browse(sign_in_url(account, connection))
    finally:
        auth.config = original
    assert page is not None and page.status_code == 502
    assert "Pipedrive did not give Company domain (the token answer&#x27;s &#x27;api_domain&#x27;)" in page.text
    shown = _shown(account, connection)
    assert shown["Authenticated"] is False and _properties(shown) == {}


def test_a_failing_lookup_fails_the_sign_in_with_the_reason(vendors: Vendors) -> None:
    emu = vendors.emulators["xero"]
    account = vendors.partner.new_account()
    connection = _install(vendors, account, "xero").json()["Id"]
    emu.faults.arm(Fault(kind="error", status=503, path_prefix="/connections", times=1))
    try:
        _, page = browse(sign_in_url(account, connection))
    finally:
        emu.faults.clear()
    assert page is not None and page.status_code == 502
    assert "Xero Accounting answered 503 to GET" in page.text and "Nothing was changed" in page.text
    assert _shown(account, connection)["Authenticated"] is False


def test_an_api_key_install_must_give_the_property_itself(vendors: Vendors) -> None:
    account = vendors.partner.new_account()
    refused = _install(vendors, account, "pipedrive", AuthValue="a-pipedrive-api-token")
    assert refused.status_code == 400, refused.text
    assert refused.json()["Message"] == "Required property Company domain was not provided"
    emu = vendors.emulators["pipedrive"]
    # Pipedrive's emulator takes OAuth tokens only: its credentials check is answered 503 here, so the key
    # is saved, unverified (a refusal would be a 400).
    emu.faults.arm(Fault(kind="error", status=503, path_prefix="/api/v1/users/me", times=None))
    mark = len(emu.requests.all())
    try:
        given = _install(vendors, account, "pipedrive", AuthValue="a-pipedrive-api-token",
                         Properties={"company_domain": "acme"})  # fmt: skip
    finally:
        emu.faults.clear()
    assert given.status_code == 200 and _properties(given.json()) == {"company_domain": "acme"}
    assert given.json()["Verified"] is False and "503" in given.json()["VerificationError"]
    assert {r.path for r in emu.requests.all()[mark:]} == {"/api/v1/users/me"}  # the check, retried once


def _uid(key: str, http: str) -> str:
    return next(m.unique_id for m in Registry.load().by_key[key].methods if m.definition.http == http)
