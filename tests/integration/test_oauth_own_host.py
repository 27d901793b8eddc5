"""An OAuth sign-in on the connection's own host (Okta's ``https://{okta_domain}/oauth2/v1/authorize``): the
user is sent to the host the connection's property names, the code is exchanged there, and that property is
checked like a base URL's host, since the exchange carries the partner's client secret.

The Salesloft emulator stands in for the tenant: ``SWITCHBOARD_UPSTREAM_TENANT_APP=http://{tenant_host}:PORT``
keeps the property in the host and points the port at it; loopback is opened for that server only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import browse, sign_in_url

CONNECTOR = """
key: tenant_app
name: Tenant App
version: "1"
base_url: https://{tenant_host}
auth:
  - {type: oauth2, authorize_url: "https://{tenant_host}/oauth/authorize", token_url: "https://{tenant_host}/oauth/token"}
properties:
  - {name: tenant_host, display_name: Tenant host}
methods:
  - {name: List accounts, unique_id: 5b0e9a1c-7d42-4f6e-9c3b-2a8d1e6f4b70, http: GET /v2/accounts}
"""


@pytest.fixture(scope="module")
def emu() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    yield server
    server.stop()


def tenant_server(tmp: Path, upstream: dict[str, str], connector: str = CONNECTOR, **extra: str) -> SwitchboardServer:
    (tmp / "connectors" / "tenant_app").mkdir(parents=True)
    (tmp / "data").mkdir()
    (tmp / "connectors" / "tenant_app" / "connector.yaml").write_text(connector, encoding="utf-8")
    env = server_env(tmp / "data", upstream, SWITCHBOARD_CONNECTOR_DIRS=f'["{tmp / "connectors"}"]', **extra)
    return SwitchboardServer(tmp / "data", env).start()


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory, emu: EmulatorServer) -> Iterator[Partner]:
    upstream = {"tenant_app": f"http://{{tenant_host}}:{urlsplit(emu.url).port}"}
    server = tenant_server(
        tmp_path_factory.mktemp("own-host"), upstream, SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS="127.0.0.0/8"
    )
    partner = server.new_partner("Tenants")
    emulator = emu.emulator
    assert isinstance(emulator, SalesloftEmulator)
    settings = partner.http.put(
        f"/v1.0/connectors/{catalog_id(partner)}/settings",
        json={"ClientId": emulator.client_id, "ClientSecret": emulator.client_secret},
    )
    assert settings.status_code == 200, settings.text
    yield partner
    server.stop()


def catalog_id(partner: Partner) -> int:
    return int(next(c["Id"] for c in partner.connectors() if c["Name"] == "Tenant App"))


def install(account: Account, host: str | None) -> int:
    body = {"Properties": [{"Name": "tenant_host", "Value": host}]} if host else {}
    answer = account.post(f"/v1.0/connectors/{catalog_id(account.partner)}/install", json=body)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["Id"])


def first_hop(url: str) -> httpx.Response:
    with httpx.Client(follow_redirects=False, timeout=30) as browser:
        return browser.get(url)


def test_the_sign_in_and_the_exchange_go_to_the_connections_host(partner: Partner, emu: EmulatorServer) -> None:
    account = partner.new_account()
    connection = install(account, "127.0.0.1")
    port = urlsplit(emu.url).port
    link = sign_in_url(account, connection)
    redirect = first_hop(link)
    assert redirect.status_code == 302
    assert redirect.headers["Location"].startswith(f"http://127.0.0.1:{port}/oauth/authorize?response_type=code")
    mark = len(emu.emulator.requests.all())
    final, page = browse(sign_in_url(account, connection))
    assert page is None, page.text if page else ""
    assert parse_qs(urlsplit(final).query)["Status"] == ["Authenticated"]
    paths = [r.path for r in emu.emulator.requests.all()[mark:]]
    assert "/oauth/token" in paths  # the code was exchanged on the connection's host
    listing = partner.http.get(f"/v1.0/connectors/{catalog_id(partner)}/methods").json()
    uid = next(m["MethodUniqueIdentifier"] for m in listing if m["Name"] == "List accounts")
    listed = account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json={})
    assert listed.status_code == 200, listed.text
    (sent,) = [r for r in emu.emulator.requests.all()[mark:] if r.path == "/v2/accounts"]
    assert sent.headers["Authorization"].startswith("Bearer ")


def test_another_connection_signs_in_on_its_own_host(partner: Partner, emu: EmulatorServer) -> None:
    account = partner.new_account()
    connection = install(account, "localhost")
    location = first_hop(sign_in_url(account, connection)).headers["Location"]
    assert location.startswith(f"http://localhost:{urlsplit(emu.url).port}/oauth/authorize?")


def test_without_the_host_the_link_says_so_and_stays_unspent(partner: Partner) -> None:
    account = partner.new_account()
    connection = install(account, None)
    token_link = sign_in_url(account, connection)
    refused = first_hop(token_link)
    assert refused.status_code == 400 and "cannot sign in yet" in refused.text and "tenant_host" in refused.text
    moved = account.put(
        f"/v1.0/account/connectors/{connection}", json={"Properties": [{"Name": "tenant_host", "Value": "127.0.0.1"}]}
    )
    assert moved.status_code == 200, moved.text
    assert first_hop(token_link).status_code == 302  # the same link goes on now


def test_an_oauth_host_pointing_inward_is_refused_where_loopback_is_closed(tmp_path: Path) -> None:
    # The API itself on a fixed host: only the token URL's host is the connection's to say.
    fixed = CONNECTOR.replace("base_url: https://{tenant_host}", "base_url: https://api.tenant.example")
    server = tenant_server(tmp_path, {}, fixed)
    try:
        partner = server.new_partner("Closed")
        app = {"ClientId": "tenant-client", "ClientSecret": "tenant-secret"}
        assert partner.http.put(f"/v1.0/connectors/{catalog_id(partner)}/settings", json=app).status_code == 200
        account = partner.new_account()
        for value in ("127.0.0.1", "10.0.0.1"):
            answer = account.post(
                f"/v1.0/connectors/{catalog_id(partner)}/install",
                json={"Properties": [{"Name": "tenant_host", "Value": value}]},
            )
            assert answer.status_code == 400, answer.text
            assert answer.json().get("PropertyName") == "tenant_host", answer.text
        assert install(account, "tenant.auth.invalid") > 0  # a public-looking name: allowed
    finally:
        server.stop()


def test_a_token_host_closed_later_gets_no_exchange(tmp_path: Path, emu: EmulatorServer) -> None:
    """Installed while loopback was open, signed in on a server with the default settings: the code exchange,
    which would carry the client secret, is refused before anything is sent."""
    emulator = emu.emulator
    assert isinstance(emulator, SalesloftEmulator)
    upstream = {"tenant_app": f"http://{{tenant_host}}:{urlsplit(emu.url).port}"}
    opened = tenant_server(tmp_path, upstream, SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS="127.0.0.0/8")
    try:
        partner = opened.new_partner("Later")
        app = {"ClientId": emulator.client_id, "ClientSecret": emulator.client_secret}
        assert partner.http.put(f"/v1.0/connectors/{catalog_id(partner)}/settings", json=app).status_code == 200
        account = partner.new_account()
        connection = install(account, "127.0.0.1")
    finally:
        opened.stop()
    env = dict(opened.env)
    env.pop("SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS")
    closed = SwitchboardServer(opened.data_dir, env, port=opened.port).start()  # the same store, key and address
    try:
        location = first_hop(sign_in_url(account, connection)).headers["Location"]
        state = parse_qs(urlsplit(location).query)["state"][0]
        mark = len(emulator.requests.all())
        with httpx.Client(timeout=30) as browser:
            page = browser.get(f"{closed.url}/connector/callback", params={"state": state, "code": "a-code"})
        assert page.status_code == 502 and "could not complete the sign-in" in page.text, page.text
        assert "loopback, private or link-local" in page.text
        assert [r.path for r in emulator.requests.all()[mark:]] == []  # nothing reached the token endpoint
        assert emulator.client_secret not in page.text
    finally:
        closed.stop()
