"""The connect page's sign-in form for a connector that asks a property first (an Okta-like app whose domain is its
host, signing in with OAuth or an API key): a value the server refuses comes back to the card, in Chromium, with
the field focused, marked invalid and described by the error; the sign-in popup the page opened closes, and
nothing is installed. A host Switchboard does not send to is said as such (not "try again later"), in both forms."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_connect_credentials import _open
from tests.browser.test_connect_errors import FOCUSED, MARKED
from tests.harness import CONNECTORS, Account, SwitchboardServer, server_env

NAME = "Okta SSO"
FIELD = "input[name='property.okta_domain']"
HINT = "The organisation's Okta domain, without https://: acme.okta.com, acme.oktapreview.com or a custom domain"
CLOSED_HOST = "The Okta domain you entered points at a private or local network address"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    okta = yaml.safe_load((CONNECTORS / "okta" / "connector.yaml").read_text())
    oauth = {
        "type": "oauth2",
        "authorize_url": "https://{okta_domain}/oauth2/v1/authorize",
        "token_url": "https://{okta_domain}/oauth2/v1/token",
        "scopes": ["okta.users.read"],
    }
    folder = tmp_path_factory.mktemp("oauth-errors-connectors")
    auth = [*okta["auth"], oauth]
    definition = {**okta, "key": "okta_sso", "name": NAME, "auth": auth, "methods": okta["methods"][:2]}
    (folder / "okta_sso").mkdir()
    (folder / "okta_sso" / "connector.yaml").write_text(yaml.safe_dump(definition))
    data_dir: Path = tmp_path_factory.mktemp("connect-oauth-errors")
    # No upstream for okta_sso: its base URL stays https://{okta_domain}, the property is the host.
    env = server_env(data_dir, {}, SWITCHBOARD_CONNECTOR_DIRS=json.dumps([str(folder)]))
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


def _card(page: Page, server: SwitchboardServer, partner_name: str) -> tuple[Account, Locator]:
    """The app's card on a fresh account's connect page, the partner's OAuth app set (so it signs in with OAuth)."""
    partner = server.new_partner(partner_name)
    connector_id = next(c["Id"] for c in partner.connectors() if c["Name"] == NAME)
    app = {"ClientId": "client", "ClientSecret": "secret"}
    assert partner.http.put(f"/v1.0/connectors/{connector_id}/settings", json=app).is_success
    account = partner.new_account()
    _open(page, server, account, "okta_sso")
    return account, page.locator("article.card", has_text=NAME)


def _sign_in(page: Page, card: Locator, value: str, *, popup: bool = True) -> None:
    field = card.locator(f"form[action='/connect/oauth'] {FIELD}")
    field.evaluate("el => el.removeAttribute('maxlength')")  # a browser that ignores it: the server still checks
    field.fill(value)
    if not popup:
        card.get_by_role("button", name=f"Connect {NAME}").click()
        return
    with page.expect_popup() as opened:
        card.get_by_role("button", name=f"Connect {NAME}").click()
    deadline = time.monotonic() + 10
    while not opened.value.is_closed() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert opened.value.is_closed()  # the popup opened for the sign-in does not stay with nothing to show


def _assert_marked(page: Page, account: Account, said: str, form: str = "oauth") -> None:
    expect(page.locator("article.card", has_text=NAME).get_by_role("alert")).to_contain_text(said)
    state = dict(page.evaluate(FOCUSED))
    assert (state["name"], state["invalid"]) == ("property.okta_domain", "true")
    assert page.evaluate("document.activeElement.id").startswith(f"{form}-")  # that form's field, not the other's
    assert state["described"][0] == HINT and said in state["described"][1] and state["title"].startswith("Error: ")
    assert page.evaluate(MARKED) == ["property.okta_domain"]
    assert account.get("/v1.0/account/connectors").json() == []  # nothing installed


def test_property_inputs_stop_a_value_longer_than_the_server_takes(page: Page, server: SwitchboardServer) -> None:
    _, card = _card(page, server, "Maxlength Partner")
    fields = card.locator(FIELD)
    expect(fields).to_have_count(2)  # the sign-in form's and the folded key form's
    for index in range(2):
        expect(fields.nth(index)).to_have_attribute("maxlength", "500")
    card.get_by_text("Use an API key instead").click()
    fields.nth(1).fill("a" * 501)
    assert len(fields.nth(1).input_value()) == 500


def test_a_property_too_long_for_the_sign_in_comes_back_to_the_field(page: Page, server: SwitchboardServer) -> None:
    account, card = _card(page, server, "Long Domain Partner")
    _sign_in(page, card, "a" * 501)
    _assert_marked(page, account, "Okta domain is too long")


def test_a_blank_property_for_the_sign_in_comes_back_to_the_field(page: Page, server: SwitchboardServer) -> None:
    account, card = _card(page, server, "Blank Domain Partner")
    _sign_in(page, card, "   ")  # spaces pass the browser's required check; the server reads them as nothing
    _assert_marked(page, account, "Required property Okta domain was not provided")


def test_a_closed_host_for_the_sign_in_says_so_on_the_field(page: Page, server: SwitchboardServer) -> None:
    account, card = _card(page, server, "Loopback Domain Partner")
    _sign_in(page, card, "127.0.0.1")
    _assert_marked(page, account, CLOSED_HOST)
    assert "127.0.0.1" not in page.locator("body").inner_text()  # what is wrong, not the value again


def test_with_popups_blocked_a_closed_host_comes_back_to_the_field(page: Page, server: SwitchboardServer) -> None:
    page.add_init_script("window.open = () => null")  # as a popup blocker answers: the form posts in the page
    account, card = _card(page, server, "Blocked Loopback Partner")
    _sign_in(page, card, "10.0.0.5", popup=False)
    _assert_marked(page, account, CLOSED_HOST)


def test_a_closed_host_in_the_key_form_says_so_on_the_field(page: Page, server: SwitchboardServer) -> None:
    account, card = _card(page, server, "Key Loopback Partner")
    card.get_by_text("Use an API key instead").click()
    card.locator(f"form.key-form {FIELD}").fill("192.168.1.20")
    card.get_by_label(f"{NAME} API key").fill("some-key")
    card.get_by_role("button", name=f"Save key for {NAME}").click()
    _assert_marked(page, account, CLOSED_HOST, form="key")
