"""Tenancy: partner A reaches nothing of partner B, and an account nothing of another account.

Every operation of the server's own OpenAPI document is sent with A's token, its path, query and
header ids filled with the other tenant's ids: an endpoint added later is covered without a word
here, and one taking an id this file cannot fill fails the test until it can. Whatever names the
other tenant's data must be a 404; nothing anyone answers may contain the other tenant's data;
and afterwards the other tenant's data is exactly as it was.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from switchboard.catalog import Registry
from tests.harness import Account, Partner, SwitchboardServer

# A body for each request schema that would succeed if the ids were the caller's own, so a
# broken check shows as a change, not as a 400.
BODIES: dict[str, Any] = {
    "AccountIn": {"Name": "Hijacked"},
    "AccountUpdate": {"Name": "Hijacked"},
    "AccountConnectorUpdate": {"Name": "Hijacked"},
    "InstallIn": {},
    "ConnectorSettingsIn": {"ClientId": "hijacked-client-id"},
    "IpAllowList": {"Cidrs": []},
    "BrandingIn": {"Name": "Hijacked"},
    "CallById": {},
    "CallByName": {},
    "McpTokenIn": {"Name": "Hijacked"},
    "WebhookIn": {"Url": "http://127.0.0.1:9/hijacked"},
    "WebhookUpdate": {"Url": "http://127.0.0.1:9/hijacked", "Description": "Hijacked"},
    "SyncIn": {"Name": "hijacked", "Default": None, "FrequencyMinutes": 60},
    "SyncUpdate": {"Enabled": False},
    "RunIn": {},
    "PropertyIn": {"Name": "team", "Value": "Hijacked"},
    "SignInTokenIn": {"Username": "Hijacked"},
}


@dataclass
class Tenant:
    """An account with a Salesloft connection, and the secrets-free markers of its data."""

    account: Account
    connection: int
    markers: list[str] = field(default_factory=list)
    mcp_token: int = 0
    webhook: int = 1  # the partner's webhook and one of its deliveries (partner-scoped, unlike the rest)
    delivery: int = 1
    request_id: str = ""  # a call of this tenant's, in the call log
    sync: int = 0  # a sync of its connection (disabled: it never runs here)


@dataclass
class World:
    alpha: Partner
    own: Tenant  # A's account the requests are sent from
    sibling: Tenant  # another account of A
    beta: Tenant  # partner B's account
    salesloft_id: int
    list_accounts: str


def tenant(partner: Partner, api_key: str, label: str) -> Tenant:
    marker = f"{label}-{uuid.uuid4().hex[:12]}"
    api_id = f"{label}-account-{uuid.uuid4()}"
    response = partner.http.post("/v1.0/accounts", json={"Id": api_id, "Name": f"Customer {marker}"})
    assert response.status_code == 200, response.text
    account = Account(partner, api_id)
    connection = account.install("salesloft", AuthValue=api_key, Name=f"Connection {marker}")
    # Data only this tenant created, in the (shared) Salesloft emulator: its call results.
    create = account.methods("salesloft")["Create account"]["MethodUniqueIdentifier"]
    created = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{create}/body",
        json={"RequestBody": f'{{"full_name": "Company {marker}", "domain": "{marker}.example"}}'},
    )
    assert created.status_code == 200, created.text
    token = partner.http.post(f"/v1.0/accounts/{api_id}/mcptokens", json={"Name": f"Agent {marker}"})
    assert token.status_code == 201, token.text
    # Its request id is a marker too: no answer to another tenant may name this call.
    request_id = created.headers["X-Request-Id"]
    sync = account.post(f"/v1.0/account/connectors/{connection}/syncs", json={"Default": "people", "Enabled": False})
    assert sync.status_code in (200, 201), sync.text
    return Tenant(
        account, connection, [marker, request_id], token.json()["Id"], request_id=request_id, sync=sync.json()["Id"]
    )


@pytest.fixture(scope="module")
def world(switchboard: SwitchboardServer, salesloft_api_key_value: str) -> World:
    alpha, beta_partner = switchboard.new_partner("Alpha"), switchboard.new_partner("Beta")
    beta = tenant(beta_partner, salesloft_api_key_value, "beta")
    salesloft_id = beta_partner.connector_id("salesloft")
    beta_settings = f"beta-client-{uuid.uuid4().hex[:12]}"
    assert beta_partner.http.put(
        f"/v1.0/connectors/{salesloft_id}/settings", json={"ClientId": beta_settings, "ClientSecret": "s"}
    ).is_success
    assert beta_partner.http.put("/v1.0/ipallowlist", json={"Cidrs": ["127.0.0.1/32", "192.0.2.77/32"]}).is_success
    beta.markers += [beta_settings, "192.0.2.77"]
    hook_marker = f"beta-hook-{uuid.uuid4().hex[:12]}"
    hook = beta_partner.http.post(
        "/v1.0/webhooks", json={"Url": f"http://127.0.0.1:9/{hook_marker}", "Description": hook_marker}
    )
    assert hook.status_code == 201, hook.text
    beta.webhook = hook.json()["Id"]
    assert beta_partner.http.post(f"/v1.0/webhooks/{beta.webhook}/test").status_code == 202
    beta.delivery = beta_partner.http.get(f"/v1.0/webhooks/{beta.webhook}/deliveries").json()["Deliveries"][0]["Id"]
    beta.markers += [hook_marker]
    list_accounts = beta.account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    return World(
        alpha,
        tenant(alpha, salesloft_api_key_value, "own"),
        tenant(alpha, salesloft_api_key_value, "sibling"),
        beta,
        salesloft_id,
        list_accounts,
    )


@pytest.fixture(scope="module")
def salesloft_api_key_value(salesloft: Any) -> str:
    key: str = salesloft.emulator.api_key
    return key


def operations(server: SwitchboardServer) -> list[tuple[str, str, dict[str, Any]]]:
    document = httpx.get(f"{server.url}/openapi.json").json()
    return [(m.upper(), p, op) for p, ops in document["paths"].items() for m, op in ops.items()]


def body_schema(operation: dict[str, Any]) -> tuple[str, str] | None:
    """(media type, schema name) of the request body, if the operation takes one."""
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, spec in content.items():
        refs = [spec["schema"], *spec["schema"].get("anyOf", [])]
        for ref in refs:
            if "$ref" in ref:
                return media_type, ref["$ref"].rsplit("/", 1)[1]
    return None


@dataclass
class Probe:
    """One request; whether it names the other tenant's data; whether an account scopes it."""

    method: str
    url: str
    headers: dict[str, str]
    kwargs: dict[str, Any]
    foreign: bool
    account_scoped: bool


def probes(world: World, other: Tenant, method: str, path: str, operation: dict[str, Any]) -> list[Probe]:
    """The operation aimed at ``other``: in its account (header), and by its ids from our own account."""
    partner = world.alpha
    parameters = operation.get("parameters", [])
    uses_header = any(p["name"] == "X-Cyclr-Account" for p in parameters)
    out = []
    for header_account in [other.account.api_id, world.own.account.api_id] if uses_header else [None]:
        foreign = header_account == other.account.api_id
        account_scoped = uses_header
        url, query = path, {}
        for parameter in parameters:
            name, where = parameter["name"], parameter["in"]
            value: Any
            if where == "path" and name == "account_id":
                value, foreign = other.account.api_id, True
            elif where == "path" and name == "connector_id" and path.startswith("/v1.0/account/"):
                value, foreign = other.connection, True
            elif where == "path" and name == "connector_id":
                value = world.salesloft_id  # the shared connector library
            elif where == "path" and name == "request_id":
                value, foreign = other.request_id, True
            elif where == "path" and name == "method_id":
                value = world.list_accounts
            elif where == "path" and name == "name" and path.startswith("/v1.0/connectors/"):
                value = "Salesloft"  # a connector by name, from the shared library
            elif where == "path" and name == "version":
                value = "2.0"
            elif where == "path" and name == "name":
                value = "salesloft_list_accounts"  # a tool name
            elif where == "path" and name == "property_id":
                value = 100_000_001  # any: the account connector it is asked of is the other's
            elif where == "path" and name == "trigger_id":
                value = Registry.load().by_key["salesloft"].triggers[0].id
            elif where == "path" and name == "token_id":
                value, foreign = other.mcp_token, True
            elif where == "path" and name == "webhook_id":
                value, foreign = other.webhook, True
            elif where == "path" and name == "delivery_id":
                value, foreign = other.delivery, True
            elif where == "path" and name == "sync_id":
                value, foreign = other.sync, True
            elif where == "query" and name == "id":
                value, foreign, account_scoped = other.connection, True, True
            elif where == "query" and name == "token":
                # A sign-in token of our own account, used on the other's connection.
                signin = partner.http.post(f"/v1.0/accounts/{world.own.account.api_id}/signintoken")
                value = signin.json()["Token"]
            elif where in {"path", "query"} and (where == "path" or parameter.get("required")):
                pytest.fail(f"{method} {path}: no value for {where} parameter {name}; teach this test one")
            else:
                continue
            if where == "path":
                url = url.replace(f"{{{name}}}", str(value))
            else:
                query[name] = str(value)
        headers = {"Authorization": f"Bearer {partner.token}"}
        if header_account is not None:
            headers["X-Cyclr-Account"] = header_account
        kwargs: dict[str, Any] = {"params": query}
        body = body_schema(operation)
        if body is not None:
            media_type, name = body
            if media_type == "application/x-www-form-urlencoded":
                kwargs["data"] = {"grant_type": "client_credentials", "client_id": partner.client_id,
                                  "client_secret": partner.client_secret}  # fmt: skip
            elif name in BODIES:
                kwargs["json"] = BODIES[name]
            else:
                pytest.fail(f"{method} {path}: no body for request schema {name}; add one to BODIES")
        out.append(Probe(method, url, headers, kwargs, foreign, account_scoped))
    return out


def snapshot(tenant: Tenant) -> dict[str, Any]:
    """What the owner sees of its data (and that its connection still calls)."""
    account = tenant.account
    partner = account.partner
    connector_id = partner.connector_id("salesloft")
    listing = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    call = account.post(f"/v1.0/account/connectors/{tenant.connection}/methods/{listing}", json={})
    return {
        "account": partner.http.get(f"/v1.0/accounts/{account.api_id}").json(),
        "connectors": account.get("/v1.0/account/connectors").json(),
        "settings": partner.http.get(f"/v1.0/connectors/{connector_id}/settings").json(),
        "allow list": partner.http.get("/v1.0/ipallowlist").json(),
        "branding": partner.http.get("/v1.0/branding").json(),
        "mcp tokens": partner.http.get(f"/v1.0/accounts/{account.api_id}/mcptokens").json(),
        "webhooks": partner.http.get("/v1.0/webhooks").json(),
        "call": (call.status_code, any(tenant.markers[0] in a["name"] for a in call.json()["data"])),
    }


@pytest.mark.parametrize("other", ["another partner", "another account"])
def test_no_endpoint_reaches_the_other_tenants_data(world: World, switchboard: SwitchboardServer, other: str) -> None:
    target = world.beta if other == "another partner" else world.sibling
    before = snapshot(target)
    assert before["call"] == (200, True)
    seen: set[str] = set()
    for method, path, operation in operations(switchboard):
        if path.startswith("/hooks/"):
            # The providers' webhooks take no partner token: a signature names the sender, and
            # tests/integration/test_provider_hooks.py checks another partner's connection is never reached.
            continue
        seen.add(f"{method} {path}")
        for probe in probes(world, target, method, path, operation):
            if other == "another account" and not probe.account_scoped:
                continue  # a partner may see all its accounts: only what an account scopes applies
            if other == "another account" and probe.headers.get("X-Cyclr-Account") == target.account.api_id:
                continue  # that is the sibling acting in its own account
            response = httpx.request(
                probe.method, f"{switchboard.url}{probe.url}", headers=probe.headers, timeout=60, **probe.kwargs
            )
            where = f"{method} {probe.url} as {probe.headers.get('X-Cyclr-Account', 'no account')}"
            assert response.status_code < 500, f"{where}: {response.status_code} {response.text}"
            if probe.foreign:
                assert response.status_code == 404, f"{where}: {response.status_code} {response.text}"
            for marker in target.markers:
                assert marker not in response.text, f"{where} shows the other tenant's {marker!r}"
    assert "POST /v1.0/account/connectors/{connector_id}/methods/{method_id}" in seen  # the document was read
    assert snapshot(target) == before


def test_an_account_header_reaches_only_its_own_connectors(world: World) -> None:
    own, sibling = world.own.account, world.sibling
    listed = [c["Id"] for c in own.get("/v1.0/account/connectors").json()]
    assert world.own.connection in listed
    assert sibling.connection not in listed
    for verb, suffix in [("GET", ""), ("PUT", ""), ("DELETE", ""), ("POST", f"/methods/{world.list_accounts}"),
                         ("GET", f"/test/{world.list_accounts}")]:  # fmt: skip
        response = own.partner.http.request(
            verb,
            f"/v1.0/account/connectors/{sibling.connection}{suffix}",
            headers=own.headers,
            json={} if verb in {"PUT", "POST"} else None,
        )
        assert response.status_code == 404, (verb, suffix, response.text)
        assert response.json()["Message"].startswith(f"Account connector {sibling.connection} was not found")


def test_the_same_account_id_in_two_partners_is_two_accounts(
    switchboard: SwitchboardServer, salesloft_api_key_value: str
) -> None:
    beta = tenant(switchboard.new_partner("Beta twin"), salesloft_api_key_value, "twin")
    alpha = switchboard.new_partner("Alpha twin")
    created = alpha.http.post("/v1.0/accounts", json={"Id": beta.account.api_id, "Name": "Mine"})
    assert created.status_code == 200, created.text
    mine = Account(alpha, beta.account.api_id)
    assert mine.get("/v1.0/account/connectors").json() == []
    assert mine.get(f"/v1.0/account/connectors/{beta.connection}").status_code == 404
    assert alpha.http.delete(f"/v1.0/accounts/{beta.account.api_id}").status_code == 200
    assert (
        beta.account.partner.http.get(f"/v1.0/accounts/{beta.account.api_id}").json()["Name"].endswith(beta.markers[0])
    )
    assert beta.account.get(f"/v1.0/account/connectors/{beta.connection}").status_code == 200
