"""The connect page for connectors that need more than one key: a subdomain, Basic's two values, a client
id and secret. In a real browser, against the vendors' spec emulators; what arrived upstream is checked."""

from __future__ import annotations

import base64
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.browser.conftest import shot
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, SwitchboardServer, server_env


def _emulator(key: str) -> SpecEmulator:
    config = load_config(VENDORS / f"{key}.yaml")
    assert config.spec is not None
    return SpecEmulator(SPECS_DIR / config.spec, dataclasses.replace(config, rate_limits=()))


@pytest.fixture(scope="module")
def vendors() -> Iterator[dict[str, EmulatorServer]]:
    servers = {key: EmulatorServer(_emulator(key)).start() for key in ("zendesk", "personio")}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, vendors: dict[str, EmulatorServer]) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("connect-credentials")
    env = server_env(data_dir, {key: s.url for key, s in vendors.items()}, SWITCHBOARD_HEALTH_POLL_SECONDS="3600")
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


def _open(page: Page, server: SwitchboardServer, account: Account, connector: str) -> str:
    """The account's connect page for one connector; the ticket its forms carry."""
    partner = account.partner
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.goto(f"{server.url}/connect?token={token}&connector={connector}")
    expect(page).to_have_url(re.compile(r"/connect/home\?ticket="))
    found = re.search(r"ticket=([^&]+)", page.url)
    assert found is not None
    return httpx.QueryParams(f"ticket={found.group(1)}")["ticket"]


def test_basic_credentials_and_a_subdomain_are_asked_for_and_sent(
    page: Page, server: SwitchboardServer, vendors: dict[str, EmulatorServer]
) -> None:
    emulator = vendors["zendesk"].emulator
    creds = emulator.credentials()
    account = server.new_partner("Zendesk Connect").new_account()
    ticket = _open(page, server, account, "zendesk")
    card = page.locator("article.card", has_text="Zendesk")
    expect(card.get_by_label("Zendesk subdomain")).to_be_visible()
    expect(card.get_by_text("The account's subdomain: acme for https://acme.zendesk.com")).to_be_visible()
    shot(page, "connect-basic-subdomain")

    # A wrong password: the vendor refuses it at the credentials check, nothing is installed.
    card.get_by_label("Zendesk subdomain").fill("acme")
    card.get_by_label("Zendesk Support username").fill(creds["username"])
    card.get_by_label("Zendesk Support password or API token").fill("not-the-token")
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("alert")).to_contain_text("Zendesk Support did not accept this API key")
    assert account.get("/v1.0/account/connectors").json() == []

    emulator.requests.clear()
    card = page.locator("article.card", has_text="Zendesk")
    card.get_by_label("Zendesk subdomain").fill("acme")
    card.get_by_label("Zendesk Support username").fill(creds["username"])
    card.get_by_label("Zendesk Support password or API token").fill(creds["password"])
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("status")).to_have_text("Connected.")
    assert creds["password"] not in page.content()
    # Once connected, the subdomain is no longer asked (disconnect to change it).
    expect(page.locator("article.card", has_text="Zendesk").get_by_label("Zendesk subdomain")).to_have_count(0)

    # Upstream saw Basic of the two values the user typed, at the credentials check.
    basic = base64.b64encode(f"{creds['username']}:{creds['password']}".encode()).decode()
    checked = [r for r in emulator.requests.all() if r.path == "/api/v2/users/me"]
    assert [r.headers.get("Authorization") for r in checked] == [f"Basic {basic}"]
    installed = account.get("/v1.0/account/connectors").json()
    assert [(c["AuthState"], {p["Name"]: p["Value"] for p in c["Properties"]}) for c in installed] == [
        ("Authenticated", {"subdomain": "acme"})
    ]

    # Without the page's own checks (a form posted by hand), a missing subdomain is named, not a crash.
    again = server.new_partner("Zendesk Bare").new_account()
    bare_ticket = _open(page, server, again, "zendesk")
    answer = httpx.post(
        f"{server.url}/connect/apikey",
        data={"ticket": bare_ticket, "connector_id": str(installed[0]["Connector"]["Id"]),
              "username": creds["username"], "password": creds["password"]},
    )  # fmt: skip
    assert answer.status_code == 303
    assert "Required+property+Zendesk+subdomain+was+not+provided" in answer.headers["location"]
    assert again.get("/v1.0/account/connectors").json() == []
    assert ticket != bare_ticket


def test_a_client_id_and_secret_are_exchanged_for_a_token(
    page: Page, server: SwitchboardServer, vendors: dict[str, EmulatorServer]
) -> None:
    emulator = vendors["personio"].emulator
    creds = emulator.credentials()
    account = server.new_partner("Personio Connect").new_account()
    _open(page, server, account, "personio")
    card = page.locator("article.card", has_text="Personio")
    card.get_by_label("Personio client ID").fill(creds["client_id"])
    card.get_by_label("Personio client secret").fill(creds["client_secret"])
    emulator.requests.clear()
    card.get_by_role("button", name="Save credentials").click()
    expect(page.get_by_role("status")).to_have_text("Connected.")
    assert creds["client_secret"] not in page.content()
    shot(page, "connect-client-credentials")

    # The exchange went to Personio's /auth with the two values, then the check with the token it gave.
    seen = emulator.requests.all()
    assert [r.path for r in seen][:2] == ["/v1/auth", "/v1/company/employees"]
    assert creds["client_secret"].encode() in seen[0].body
    assert seen[1].headers.get("Authorization", "").startswith("Bearer ")
    installed = account.get("/v1.0/account/connectors").json()
    assert [c["AuthState"] for c in installed] == ["Authenticated"]
