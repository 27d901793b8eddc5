"""clients/connect-js in Chromium: a partner's page embeds it, against the live server's connect page."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.test_connect import PARTNER_APP, partner_app
from tests.harness import Account, Partner, SwitchboardServer

HELPER = (Path(__file__).resolve().parents[2] / "clients" / "connect-js" / "connect.js").read_bytes()


def connect_popup(page: Page) -> Page:
    """The partner's settings page, its "Connect an app" clicked: the connect page's popup."""
    page.goto(f"{PARTNER_APP}/settings/integrations")
    with page.expect_popup() as opened:
        page.get_by_role("button", name="Connect an app").click()
    return opened.value


def _embedding_page(switchboard_url: str, token: str, mode: str, connector: str | None = None) -> str:
    """The partner's page: the ten lines the README shows, recording every event and the outcome."""
    options = {"url": switchboard_url, "token": token, "mode": mode, **({"connector": connector} if connector else {})}
    return f"""<!doctype html><html><body><h1>Partner app</h1>
<button id="connect">Connect an app</button><div id="slot"></div>
<script type="module">
import {{ openConnect }} from "/connect.js";
window.events = [];
document.getElementById("connect").addEventListener("click", () => {{
  const options = {json.dumps(options)};
  if (options.mode === "iframe") options.container = document.getElementById("slot");
  window.session = openConnect({{ ...options, onEvent: (e) => window.events.push(e) }});
  window.session.then((outcome) => {{ window.outcome = outcome; }});
  // A message from anyone but Switchboard's page (here the partner's own window) is not believed.
  window.postMessage({{ type: "switchboard:connect", accountConnectorId: 999, status: "Authenticated" }}, "*");
}});
</script></body></html>"""


def _partner_with_origin(switchboard: SwitchboardServer, name: str) -> Partner:
    partner = switchboard.new_partner(name)
    answer = partner.http.put("/v1.0/branding", json={"Name": name, "AllowedOrigins": [PARTNER_APP]})
    assert answer.status_code == 200, answer.text
    return partner


def _account_and_token(switchboard: SwitchboardServer, name: str) -> tuple[Account, str]:
    """A new account of a partner whose app may embed the page, and its sign-in token (the backend's part)."""
    partner = _partner_with_origin(switchboard, name)
    account = partner.new_account()
    return account, partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]


def test_the_helper_frames_the_connect_page_and_resolves_when_a_key_is_saved(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "Helper Partner")
    with partner_app(_embedding_page(switchboard.url, token, "iframe"), {"/connect.js": HELPER}):
        page.goto(f"{PARTNER_APP}/settings/integrations")
        page.get_by_role("button", name="Connect an app").click()
        frame = page.frame_locator("#slot iframe")
        card = frame.locator("article.card", has_text="Salesloft")
        card.get_by_label("Salesloft API key").fill(salesloft_api_key)
        card.get_by_role("button", name="Save key").click()
        page.wait_for_function("window.outcome !== undefined")
        shot(page, "connect-js-iframe")
        outcome = page.evaluate("window.outcome")
        events = page.evaluate("window.events")
    installed = account.get("/v1.0/account/connectors").json()
    assert [c["AuthState"] for c in installed] == ["Authenticated"]
    expected = {"status": "connected", "accountConnectorId": installed[0]["Id"], "state": "Authenticated"}
    assert outcome == expected
    assert events == [expected]  # the forged message from the partner's own window was ignored


def test_the_helper_opens_a_popup_and_resolves_closed_when_the_user_closes_it(
    page: Page, switchboard: SwitchboardServer
) -> None:
    account, token = _account_and_token(switchboard, "Popup Partner")
    with partner_app(_embedding_page(switchboard.url, token, "popup"), {"/connect.js": HELPER}):
        popup = connect_popup(page)
        expect(popup.locator("article.card", has_text="Salesloft")).to_be_visible()
        popup.close()
        page.wait_for_function("window.outcome !== undefined")
        assert page.evaluate("window.outcome") == {"status": "closed"}
        assert page.evaluate("window.events") == [{"status": "closed"}]
    assert account.get("/v1.0/account/connectors").json() == []


def test_a_popup_for_one_app_closes_once_it_is_connected_and_every_event_is_heard(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "One App Partner")
    with partner_app(_embedding_page(switchboard.url, token, "popup", "salesloft"), {"/connect.js": HELPER}):
        popup = connect_popup(page)
        card = popup.locator("article.card", has_text="Salesloft")
        card.get_by_label("Salesloft API key").fill(salesloft_api_key)
        with popup.expect_event("close"):
            card.get_by_role("button", name="Save key for Salesloft", exact=True).click()
        page.wait_for_function("window.events.length === 2")
        outcome, events = page.evaluate("window.outcome"), page.evaluate("window.events")
    installed = account.get("/v1.0/account/connectors").json()
    connected = {"status": "connected", "accountConnectorId": installed[0]["Id"], "state": "Authenticated"}
    assert outcome == connected
    assert events == [connected, {"status": "closed"}]  # the popup's closing is heard after the connection
