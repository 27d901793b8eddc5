"""What an end user reads and can do on the connect page, in Chromium, for connections in every state."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Locator, Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.browser.test_connect import PARTNER_APP, partner_app
from tests.browser.test_connect_js import HELPER, _account_and_token, _embedding_page, connect_popup
from tests.browser.test_connect_page import open_connect, partner_with_cc
from tests.harness import SwitchboardServer


def test_an_install_nobody_signed_in_to_is_offered_as_new_not_as_one_to_disconnect(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer, salesloft_api_key: str
) -> None:
    # The partner installs first (README, OAuth step 3), or the user cancelled a sign-in the page started:
    # the connection exists but holds nothing, and the user must not read "Not connected" beside "Disconnect".
    partner = partner_with_cc(switchboard, constant_contact, "Bare Install Partner")
    account = open_connect(page, switchboard, partner, "&connector=constant_contact")
    account.install("constant_contact")
    account.install("salesloft")
    for key, name in (("constant_contact", "Constant Contact"), ("salesloft", "Salesloft")):
        token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
        page.goto(f"{switchboard.url}/connect?token={token}&connector={key}")
        card = page.locator("article.card", has_text=name)
        expect(card.locator("[data-state]")).to_have_text("Not connected")
        expect(card.get_by_role("button", name=f"Disconnect {name}")).to_have_count(0)
        expect(card.get_by_role("button", name=f"Reconnect {name}")).to_have_count(0)
        expect(card.get_by_role("button", name="Replace key", exact=False)).to_have_count(0)
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill(salesloft_api_key)
    card.get_by_role("button", name="Save key for Salesloft").click()
    expect(card.locator("[data-state]")).to_have_text("Connected")
    # Once it holds a key, it can be replaced or disconnected.
    expect(card.get_by_role("button", name="Replace key for Salesloft")).to_be_visible()
    expect(card.get_by_role("button", name="Disconnect Salesloft")).to_be_visible()


def test_reloading_the_page_after_connecting_does_not_tell_the_partner_again(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "Reload Partner")
    with partner_app(_embedding_page(switchboard.url, token, "popup"), {"/connect.js": HELPER}):
        popup, _ = _salesloft_saved_in_popup(page, salesloft_api_key)
        # The user reloads, or goes elsewhere and comes back: the same connection is not announced twice.
        popup.reload()
        expect(popup.locator("article.card", has_text="Salesloft").locator("[data-state]")).to_have_text("Connected")
        popup.go_back()
        popup.go_forward()
        expect(popup.locator("article.card", has_text="Salesloft").locator("[data-state]")).to_have_text("Connected")
        popup.wait_for_timeout(500)  # a message posted by the reloaded page would have arrived by now
        events = page.evaluate("window.events")
    connection = account.get("/v1.0/account/connectors").json()[0]["Id"]
    assert events == [{"status": "connected", "accountConnectorId": connection, "state": "Authenticated"}]


def _salesloft_saved_in_popup(page: Page, api_key: str) -> tuple[Page, Locator]:
    """The connect popup opened from the partner's page, Salesloft's key saved there and told to the partner."""
    popup = connect_popup(page)
    card = popup.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill(api_key)
    card.get_by_role("button", name="Save key for Salesloft").click()
    page.wait_for_function("window.events.length === 1")
    return popup, card


def _two_click_page(switchboard_url: str, tokens: list[str]) -> str:
    """The partner's page: each click opens the connect popup with the next sign-in token, as a backend gives them."""
    return f"""<!doctype html><html><body><button id="connect">Connect an app</button>
<script type="module">
import {{ openConnect }} from "/connect.js";
const tokens = {json.dumps(tokens)};
window.events = []; window.sessions = [];
document.getElementById("connect").addEventListener("click", () => {{
  const onEvent = (e) => window.events.push(e);
  window.sessions.push(openConnect({{ url: {json.dumps(switchboard_url)}, token: tokens.shift(), onEvent }}));
}});
</script></body></html>"""


def test_a_second_click_while_the_popup_is_open_takes_it_over_and_each_connection_is_told_once(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "Second Click Partner")
    second = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    with partner_app(_two_click_page(switchboard.url, [token, second]), {"/connect.js": HELPER}):
        popup = connect_popup(page)
        expect(popup.locator("article.card", has_text="Salesloft")).to_be_visible()
        # The popup went behind the app; the user clicks again: the same window shows the new session's page.
        page.get_by_role("button", name="Connect an app").click()
        page.wait_for_function("window.events.length === 1")
        assert page.evaluate("window.events") == [{"status": "closed"}]  # the first session ended
        page.evaluate("window.sessions[0].close()")  # and closing it now leaves the new one's window alone
        card = popup.locator("article.card", has_text="Salesloft")
        card.get_by_label("Salesloft API key").fill(salesloft_api_key)
        card.get_by_role("button", name="Save key for Salesloft").click()
        page.wait_for_function("window.events.length === 2")
        popup.wait_for_timeout(500)  # a second telling of the connection would have arrived by now
        assert not popup.is_closed()
        events = page.evaluate("window.events")
        assert page.evaluate("window.sessions[1]") == events[1]
    connection = account.get("/v1.0/account/connectors").json()[0]["Id"]
    assert events == [
        {"status": "closed"},
        {"status": "connected", "accountConnectorId": connection, "state": "Authenticated"},
    ]


def test_a_refused_key_is_said_on_its_card_where_the_user_typed_it(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    # Every app offered: Salesloft's card is far down the page, found through the search box.
    partner = partner_with_cc(switchboard, constant_contact, "Long List Partner")
    open_connect(page, switchboard, partner)
    page.get_by_label("Search apps").fill("salesloft")
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill("not-the-key")
    card.get_by_label("Salesloft API key").press("Enter")
    # The page comes back with every app listed: the refusal is on Salesloft's card, scrolled into view.
    refusal = card.get_by_role("alert")
    expect(refusal).to_contain_text("Salesloft did not accept this API key")
    expect(refusal).to_be_in_viewport()
    expect(page.get_by_role("alert")).to_have_count(1)
    # From there, the keyboard goes on into the card's form, not back through every app above it.
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('article') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('article')?.querySelector('h2')?.textContent") == "Salesloft"


def test_disconnecting_on_the_page_is_told_to_the_partner_once_and_a_forged_link_tells_nothing(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "Disconnect Partner")
    with partner_app(_embedding_page(switchboard.url, token, "popup"), {"/connect.js": HELPER}):
        popup, card = _salesloft_saved_in_popup(page, salesloft_api_key)
        connection = account.get("/v1.0/account/connectors").json()[0]["Id"]
        card.get_by_role("button", name="Disconnect Salesloft").click()
        expect(card.locator("[data-state]")).to_have_text("Not connected")
        page.wait_for_function("window.events.length === 2")
        popup.reload()  # told once
        # A link naming a connection as gone, without the page's signature, is told to nobody.
        ticket = popup.url.split("ticket=")[1].split("&")[0]
        popup.goto(f"{switchboard.url}/connect/home?ticket={ticket}&gone=gone:x:{connection + 1}")
        expect(popup.locator("article.card", has_text="Salesloft")).to_be_visible()
        popup.wait_for_timeout(500)
        events = page.evaluate("window.events")
        assert page.evaluate("window.outcome")["status"] == "connected"  # the promise settled with the connection
    assert account.get("/v1.0/account/connectors").json() == []
    assert events == [
        {"status": "connected", "accountConnectorId": connection, "state": "Authenticated"},
        {"status": "disconnected", "accountConnectorId": connection},
    ]


def _slow_token_page(switchboard_url: str) -> str:
    """The partner's page whose backend takes 6 s to give the token, handed to openConnect as the fetch itself
    (awaited first, a popup opened after it is blocked: by Safari at once, by Chrome past 5 s of user activation)."""
    return f"""<!doctype html><html><body><button id="connect">Connect an app</button>
<script type="module">
import {{ openConnect }} from "/connect.js";
window.events = [];
const later = (resolve) => setTimeout(() => fetch("/token").then((r) => r.text()).then(resolve), 6000);
const slow = () => new Promise(later);
document.getElementById("connect").addEventListener("click", () => {{
  const onEvent = (e) => window.events.push(e);
  window.opened = openConnect({{ url: {json.dumps(switchboard_url)}, token: slow, onEvent }});
}});
</script></body></html>"""


def test_a_token_fetched_by_the_helper_opens_the_popup_in_the_click_however_slow_the_backend(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    account, token = _account_and_token(switchboard, "Slow Backend Partner")
    with partner_app(_slow_token_page(switchboard.url), {"/connect.js": HELPER, "/token": token.encode()}):
        page.goto(f"{PARTNER_APP}/settings/integrations")
        with page.expect_popup(timeout=2_000) as opened:
            page.get_by_role("button", name="Connect an app").click()
        popup = opened.value  # open at once, inside the click, blank; sent to the page when the token comes
        card = popup.locator("article.card", has_text="Salesloft")
        card.get_by_label("Salesloft API key").fill(salesloft_api_key)
        card.get_by_role("button", name="Save key for Salesloft").click()
        page.wait_for_function("window.events.length === 1")
        events = page.evaluate("window.events")
    connection = account.get("/v1.0/account/connectors").json()[0]["Id"]
    assert events == [{"status": "connected", "accountConnectorId": connection, "state": "Authenticated"}]


def test_a_token_function_that_fails_closes_the_popup_and_says_so(page: Page, switchboard: SwitchboardServer) -> None:
    html = f"""<!doctype html><html><body><button id="connect">Connect an app</button>
<script type="module">
import {{ openConnect }} from "/connect.js";
document.getElementById("connect").addEventListener("click", () => {{
  const token = async () => {{ throw new Error("backend said 500"); }};
  openConnect({{ url: {json.dumps(switchboard.url)}, token }}).then((outcome) => {{ window.outcome = outcome; }});
}});
</script></body></html>"""
    with partner_app(html, {"/connect.js": HELPER}):
        page.goto(f"{PARTNER_APP}/settings/integrations")
        page.get_by_role("button", name="Connect an app").click()
        page.wait_for_function("window.outcome !== undefined")
        assert page.evaluate("window.outcome") == {
            "status": "error",
            "message": "openConnect: no sign-in token: backend said 500",
        }
        assert len(page.context.pages) == 1  # the blank popup it opened is gone


def test_an_oauth_sign_in_after_a_key_form_is_not_said_on_the_key_forms_card(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer, salesloft_api_key: str
) -> None:
    partner = partner_with_cc(switchboard, constant_contact, "Key Then OAuth Partner")
    open_connect(page, switchboard, partner)
    salesloft = page.locator("article.card", has_text="Salesloft")
    salesloft.get_by_label("Salesloft API key").fill(salesloft_api_key)
    salesloft.get_by_role("button", name="Save key for Salesloft").click()
    expect(salesloft.get_by_role("status")).to_have_text("Connected.")  # said on Salesloft's card
    cc = page.locator("article.card", has_text="Constant Contact")
    with page.expect_popup():
        cc.get_by_role("button", name="Connect Constant Contact").click()
    expect(cc.locator("[data-state]")).to_have_text("Connected")
    # Said at the top, not on Salesloft's card.
    expect(page.locator("main > p.notice[role=status]")).to_have_text("Connected.")
    expect(salesloft.get_by_role("status")).to_have_count(0)


def test_with_popups_blocked_the_sign_in_runs_in_the_page_and_comes_back_to_it(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    """Before, the sign-in ended on "You can close this window" in the page's own window: the user was stranded."""
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = partner_with_cc(switchboard, constant_contact, "Blocked Popups Partner")
    page.add_init_script("window.open = () => null")  # as a popup blocker answers
    account = open_connect(page, switchboard, partner, "&connector=constant_contact")
    card = page.locator("article.card", has_text="Constant Contact")
    cc.deny_consent = True
    try:
        card.get_by_role("button", name="Connect Constant Contact").click()
        expect(page.get_by_text("You did not allow access, so nothing was connected.", exact=False)).to_be_visible()
    finally:
        cc.deny_consent = False
    page.get_by_role("link", name="Back to where you started").click()
    card = page.locator("article.card", has_text="Constant Contact")
    expect(card.locator("[data-state]")).to_have_text("Not connected")
    assert account.get("/v1.0/account/connectors").json() == []  # the install the page made went with the denial
    card.get_by_role("button", name="Connect Constant Contact").click()
    expect(page).to_have_url(re.compile(r"/connect/home\?ticket="))
    expect(card.locator("[data-state]")).to_have_text("Connected")
    expect(page.locator("main > p.notice[role=status]")).to_have_text("Connected.")
    assert "AccountConnectorId" not in page.url  # told once: a reload announces nothing again
    (connection,) = account.get("/v1.0/account/connectors").json()
    assert connection["Authenticated"] is True and connection["Connector"]["Name"] == "Constant Contact"


def _deny_in_popup(page: Page, cc: ConstantContactEmulator) -> None:
    """The user presses Connect on Constant Contact's card and denies consent in the popup."""
    card = page.locator("article.card", has_text="Constant Contact")
    cc.deny_consent = True
    try:
        with page.expect_popup() as opened:
            card.get_by_role("button", name="Connect Constant Contact").click()
        popup = opened.value
        expect(popup.get_by_text("You did not allow access, so nothing was connected.", exact=False)).to_be_visible()
    finally:
        cc.deny_consent = False
    popup.close()  # the user reads it and closes it (an open one would be reused by the next Connect)
    expect(page).to_have_url(re.compile(r"outcome=Failed"))  # the page heard of it (the popup posts Failed)
    expect(card.locator("[data-state]")).to_have_text("Not connected")


def test_a_denied_consent_removes_the_install_the_page_made_for_it(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    """Before, the page's install stayed behind, unauthenticated: the partner's API listed a connection nobody made."""
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = partner_with_cc(switchboard, constant_contact, "Denied Install Partner")
    account = open_connect(page, switchboard, partner, "&connector=constant_contact")
    _deny_in_popup(page, cc)
    assert account.get("/v1.0/account/connectors").json() == []
    # Connecting again installs afresh and signs in: one connection, authenticated.
    card = page.locator("article.card", has_text="Constant Contact")
    with page.expect_popup():
        card.get_by_role("button", name="Connect Constant Contact").click()
    expect(card.locator("[data-state]")).to_have_text("Connected")
    (connection,) = account.get("/v1.0/account/connectors").json()
    assert connection["Authenticated"] is True


def test_a_denied_consent_keeps_the_install_the_partner_made(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = partner_with_cc(switchboard, constant_contact, "Partner Install Denied Partner")
    account = partner.new_account()
    installed = account.install("constant_contact", Name="Installed by the partner")
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.goto(f"{switchboard.url}/connect?token={token}&connector=constant_contact")
    _deny_in_popup(page, cc)
    (kept,) = account.get("/v1.0/account/connectors").json()
    assert kept["Id"] == installed and kept["Name"] == "Installed by the partner" and kept["Authenticated"] is False
