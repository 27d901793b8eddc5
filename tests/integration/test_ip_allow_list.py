"""The partner's IP allow list: set by API and CLI, enforced on the call endpoints, proxies, exemption.

Loopback has many addresses on Linux: the tests call from 127.0.0.1 and 127.0.0.2 as two
clients, and from 127.0.0.3 as the one reverse proxy the server is told to trust.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from tests.harness import Account, Partner, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"
PROXY = "127.0.0.3"
ELSEWHERE = "198.51.100.0/24"  # TEST-NET-2: no test ever calls from there


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("allowlist")
    env = server_env(
        data_dir,
        {"salesloft": salesloft.url, "partner_app": salesloft.url},
        SWITCHBOARD_TRUSTED_PROXIES=PROXY,
        SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture
def account(server: SwitchboardServer) -> Account:
    return server.new_partner("Allow list").new_account()


def client_from(address: str, partner: Partner) -> httpx.Client:
    """A client whose connections leave from ``address`` (any 127.0.0.0/8 address reaches the server)."""
    return httpx.Client(
        base_url=partner.server.url,
        headers={"Authorization": f"Bearer {partner.token}"},
        transport=httpx.HTTPTransport(local_address=address),
        timeout=30,
    )


def set_list(partner: Partner, cidrs: list[str]) -> None:
    response = partner.http.put("/v1.0/ipallowlist", json={"Cidrs": cidrs})
    assert response.status_code == 200, response.text


def test_the_list_is_set_and_read_through_the_api(account: Account) -> None:
    partner = account.partner
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": []}
    set_list(partner, ["127.0.0.1", "10.0.0.0/8", "10.0.0.0/8", " 2001:db8::/32 "])
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": ["127.0.0.1/32", "10.0.0.0/8", "2001:db8::/32"]}
    for bad, says in [
        ("10.0.0.300", "'10.0.0.300' is not a valid CIDR"),
        ("10.0.0.1/8", "'10.0.0.1/8' has host bits set: did you mean 10.0.0.0/8?"),
        ("everyone", "'everyone' is not a valid CIDR"),
    ]:
        refused = partner.http.put("/v1.0/ipallowlist", json={"Cidrs": ["192.0.2.0/24", bad]})
        assert refused.status_code == 400, refused.text
        assert says in refused.json()["Message"]
    assert partner.http.put("/v1.0/ipallowlist", json={}).status_code == 400
    assert partner.http.put("/v1.0/ipallowlist", json={"Cidrs": "10.0.0.0/8"}).status_code == 400
    assert len(partner.http.get("/v1.0/ipallowlist").json()["Cidrs"]) == 3  # unchanged by the refusals
    set_list(partner, [])
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": []}


def call_every_endpoint(client: httpx.Client, account: Account, connection: int, uid: str) -> list[httpx.Response]:
    """The four call endpoints (and /test/ by GET and POST), for one method that takes no input."""
    base = f"/v1.0/account/connectors/{connection}"
    headers = account.headers
    return [
        client.post(f"{base}/methods/{uid}", json={}, headers=headers),
        client.post(f"{base}/methods/{uid}/body", json={}, headers=headers),
        client.get(f"{base}/methods/{uid}", headers=headers),
        client.post(f"{base}/test/{uid}", json={}, headers=headers),
        client.get(f"{base}/test/{uid}", headers=headers),
    ]


def salesloft_me(account: Account, api_key: str) -> tuple[int, str]:
    connection = account.install("salesloft", AuthValue=api_key)
    return connection, account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]


def test_loopback_is_allowed_until_the_list_excludes_it(account: Account, salesloft_api_key: str) -> None:
    partner = account.partner
    connection, uid = salesloft_me(account, salesloft_api_key)
    with client_from("127.0.0.1", partner) as here, client_from("127.0.0.2", partner) as other:
        assert [r.status_code for r in call_every_endpoint(here, account, connection, uid)] == [200] * 5
        set_list(partner, ["127.0.0.1/32"])
        assert [r.status_code for r in call_every_endpoint(here, account, connection, uid)] == [200] * 5
        refused = call_every_endpoint(other, account, connection, uid)
        assert [r.status_code for r in refused] == [403] * 5
        assert {r.json()["Message"] for r in refused} == {"Unknown client IP Address: 127.0.0.2"}
        set_list(partner, [ELSEWHERE])
        refused = call_every_endpoint(here, account, connection, uid)
        assert [r.status_code for r in refused] == [403] * 5
        assert {r.json()["Message"] for r in refused} == {"Unknown client IP Address: 127.0.0.1"}
        # Only calls are guarded: the partner can still manage its accounts and its list.
        assert here.get("/v1.0/account/connectors", headers=account.headers).status_code == 200
        set_list(partner, [])
        assert [r.status_code for r in call_every_endpoint(other, account, connection, uid)] == [200] * 5


@pytest.fixture(scope="module")
def behind_proxy(server: SwitchboardServer, salesloft: EmulatorServer) -> tuple[Account, int, str]:
    """A connection of a partner that allows only 127.0.0.1."""
    account = server.new_partner("Behind a proxy").new_account()
    connection, uid = salesloft_me(account, salesloft.emulator.api_key)  # type: ignore[attr-defined]
    set_list(account.partner, ["127.0.0.1/32"])
    return account, connection, uid


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "seen_as"),
    [
        pytest.param("127.0.0.2", "127.0.0.1", "127.0.0.2", id="untrusted-peer-header-ignored"),
        pytest.param(PROXY, "127.0.0.1", None, id="trusted-proxy-honoured"),
        pytest.param(PROXY, "203.0.113.9", "203.0.113.9", id="trusted-proxy-names-an-outsider"),
        pytest.param(PROXY, "203.0.113.9, 127.0.0.1", None, id="rightmost-untrusted-hop-is-the-caller"),
        pytest.param(PROXY, "127.0.0.1, 203.0.113.9", "203.0.113.9", id="spoofed-left-hop-not-believed"),
        pytest.param(PROXY, "127.0.0.1, 127.0.0.3", None, id="trusted-hops-skipped"),
        pytest.param(PROXY, None, PROXY, id="proxy-without-header-is-the-caller"),
    ],
)
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    behind_proxy: tuple[Account, int, str], peer: str, forwarded_for: str | None, seen_as: str | None
) -> None:
    account, connection, uid = behind_proxy
    partner = account.partner
    headers = {**account.headers, **({"X-Forwarded-For": forwarded_for} if forwarded_for else {})}
    with client_from(peer, partner) as client:
        response = client.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={}, headers=headers)
    if seen_as is None:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 403, response.text
        assert response.json() == {"Message": f"Unknown client IP Address: {seen_as}"}


def test_partner_integration_connectors_are_exempt(account: Account, salesloft_api_key: str) -> None:
    partner = account.partner
    listing = partner.connectors()
    native = next(c for c in listing if c["Name"] == "Partner App")
    assert native["IsPartnerIntegrationConnector"] is True
    installed = account.post(f"/v1.0/connectors/{native['Id']}/install", json={"AuthValue": salesloft_api_key})
    assert installed.status_code == 200, installed.text
    native_uid = "5d0f5b5e-6a43-4c1e-9c3b-2f7f5f0c1a01"
    standard, standard_uid = salesloft_me(account, salesloft_api_key)
    set_list(partner, [ELSEWHERE])
    with client_from("127.0.0.1", partner) as client:
        exempt = call_every_endpoint(client, account, installed.json()["Id"], native_uid)
        assert [r.status_code for r in exempt] == [200] * 5, exempt[0].text
        assert exempt[0].json()["data"]["email"]
        guarded = call_every_endpoint(client, account, standard, standard_uid)
        assert [r.status_code for r in guarded] == [403] * 5


def test_the_cli_sets_and_clears_the_list(server: SwitchboardServer, account: Account, salesloft_api_key: str) -> None:
    partner = account.partner
    connection, uid = salesloft_me(account, salesloft_api_key)
    shown = server.cli("partner", "allowlist", "--partner", partner.client_id, "--cidr", ELSEWHERE, "--cidr", "::1")
    assert ELSEWHERE in shown and "::1/128" in shown
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": [ELSEWHERE, "::1/128"]}
    # A token the server has not cached yet sees the new list at once (cached ones within 1 s).
    fresh = fresh_partner(partner)
    refused = fresh.http.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={}, headers=account.headers)
    assert refused.status_code == 403
    assert refused.json()["Message"] == "Unknown client IP Address: 127.0.0.1"
    assert ELSEWHERE in server.cli("partner", "allowlist", "--partner", partner.client_id)
    assert "any address" in server.cli("partner", "allowlist", "--partner", partner.client_id, "--clear")
    fresh = fresh_partner(partner)
    allowed = fresh.http.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={}, headers=account.headers)
    assert allowed.status_code == 200, allowed.text
    with pytest.raises(RuntimeError, match="has host bits set"):
        server.cli("partner", "allowlist", "--partner", partner.client_id, "--cidr", "10.1.2.3/8")
    with pytest.raises(RuntimeError, match="no partner with client_id"):
        server.cli("partner", "allowlist", "--partner", "nobody", "--clear")


def fresh_partner(partner: Partner) -> Partner:
    """The same partner with a new bearer token."""
    token = httpx.post(
        f"{partner.server.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.client_secret,
        },
    ).json()["access_token"]
    http = httpx.Client(base_url=partner.server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    return Partner(partner.server, partner.client_id, partner.client_secret, token, http)


def test_sync_runs_and_records_are_held_to_the_list(account: Account, salesloft_api_key: str) -> None:
    """A sync's runs call the provider and its records are the provider's data: guarded as a method call is."""
    partner = account.partner
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    syncs = f"/v1.0/account/connectors/{connection}/syncs"
    created = account.post(syncs, json={"Default": "people"})
    assert created.status_code == 201, created.text
    sync = created.json()["Id"]
    set_list(partner, [ELSEWHERE])
    with client_from("127.0.0.1", partner) as here:
        refused = [
            here.get(f"{syncs}/{sync}/records", headers=account.headers),
            here.post(f"{syncs}/{sync}/run", json={}, headers=account.headers),
            here.post(syncs, json={"Default": "accounts"}, headers=account.headers),
        ]
        assert [r.status_code for r in refused] == [403] * 3, [r.text for r in refused]
        assert {r.json()["Message"] for r in refused} == {"Unknown client IP Address: 127.0.0.1"}
        # Its state is no customer data: still shown, as the account's connectors are.
        assert here.get(f"{syncs}/{sync}", headers=account.headers).status_code == 200
    set_list(partner, [])
    assert account.get(f"{syncs}/{sync}/records").status_code == 200


def test_the_consoles_try_it_is_held_to_the_list(
    server: SwitchboardServer, account: Account, salesloft_api_key: str
) -> None:
    """Signed in with the client secret from anywhere, the console must not call what the API would refuse."""
    partner = account.partner
    connection, uid = salesloft_me(account, salesloft_api_key)
    catalog_id = partner.connector_id("salesloft")
    page = f"/console/connectors/{catalog_id}/methods/{uid}"
    set_list(partner, [ELSEWHERE])
    with httpx.Client(base_url=server.url, transport=httpx.HTTPTransport(local_address="127.0.0.1")) as browser:
        signed_in = browser.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get(page).text)
        assert csrf is not None
        form = {"csrf": csrf.group(1), "connection": f"{account.api_id}:{connection}"}
        tried = browser.post(f"{page}/try", data=form)
        assert tried.status_code == 200, tried.text[:500]
        assert "Unknown client IP Address: 127.0.0.1" in tried.text
        assert "/v2/accounts?" not in tried.text  # nothing was sent to Salesloft
        set_list(partner, ["127.0.0.1/32"])
        allowed = browser.post(f"{page}/try", data=form)
        assert "Unknown client IP Address" not in allowed.text
        assert "data-status>200<" in allowed.text and "/v2/accounts?" in allowed.text  # sent, and answered
    set_list(partner, [])
