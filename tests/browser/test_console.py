"""The partner console in a real browser: from sign-in to a connected Constant Contact and a call in it."""

from __future__ import annotations

import json
import re
import time
import uuid

import httpx
from playwright.sync_api import Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.browser.conftest import shot
from tests.browser.test_connect import PARTNER_APP, partner_app
from tests.harness import Partner, SwitchboardServer


def sign_in(page: Page, server: SwitchboardServer, partner: Partner) -> None:
    page.goto(f"{server.url}/console")
    expect(page).to_have_url(re.compile(r"/console/signin"))
    page.get_by_label("Client ID").fill(partner.client_id)
    page.get_by_label("Client Secret").fill(partner.client_secret)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Connector library")).to_be_visible()


def test_from_sign_in_to_a_connected_constant_contact_and_a_tried_call(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner("Console Partner")
    sign_in(page, switchboard, partner)
    shot(page, "console-connectors")
    row = page.get_by_role("row", name=re.compile("Constant Contact"))
    expect(row).to_contain_text("OAuth 2")
    expect(row).to_contain_text("per partner app")

    # Configure the app: Client ID, write-only secret, the callback URL to register.
    row.get_by_role("link", name="Constant Contact").click()
    expect(page.get_by_label("Callback URL")).to_have_value(f"{switchboard.url}/connector/callback")
    page.get_by_label("Client ID").fill(cc.client_id)
    page.get_by_label("Client Secret").fill(cc.client_secret)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_have_text("Settings saved.")
    expect(page.get_by_label("Client Secret")).to_have_value("")  # write-only: never shown back
    assert cc.client_secret not in page.content()
    shot(page, "console-connector")
    stored = partner.http.get(f"/v1.0/connectors/{partner.connector_id('constant_contact')}/settings").json()
    assert stored["ClientId"] == cc.client_id and stored["ClientSecretSet"] is True

    # An account, Constant Contact installed into it, connected through the OAuth popup.
    page.get_by_role("link", name="Accounts").click()
    page.get_by_label("Name", exact=True).fill("Console Customer")
    page.get_by_label("API ID").fill("console-customer")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Console Customer")).to_be_visible()
    page.get_by_label("Connector", exact=True).select_option(label="Constant Contact")
    page.get_by_role("button", name="Install").click()
    expect(page.get_by_role("status")).to_have_text("Constant Contact installed.")
    card = page.locator("article.card", has_text="Constant Contact")
    expect(card.locator("[data-state]")).to_have_text("Not connected")
    with page.expect_popup() as popup_info:
        card.get_by_role("button", name="Connect with OAuth").click()
    popup = popup_info.value
    popup.wait_for_event("close")
    expect(card.locator("[data-state]")).to_have_text("Authenticated")
    expect(page.get_by_role("status")).to_have_text("Connected.")  # the script names the outcome; the page words it
    shot(page, "console-account")
    listed = partner.http.get("/v1.0/account/connectors", headers={"X-Cyclr-Account": "console-customer"}).json()
    assert [c["AuthState"] for c in listed] == ["Authenticated"]
    connection = listed[0]["Id"]

    # Browse to a method, see its inputs and examples with the real ids, try it.
    card.get_by_role("link", name="Methods").click()
    page.get_by_label("Name").fill("account summary")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Get account summary").click()
    expect(page.get_by_role("heading", name="Response Fields")).to_be_visible()
    curl = page.locator("#ex-curl")
    expect(curl).to_contain_text(f"/v1.0/account/connectors/{connection}/methods/")
    expect(curl).to_contain_text("X-Cyclr-Account: console-customer")
    expect(page.locator("#ex-python")).to_contain_text("requests.post(")
    page.get_by_role("button", name="Call it").click()
    expect(page.locator("[data-status]")).to_have_text("200")
    exchange = page.locator("pre.exchange").first
    expect(exchange).to_contain_text("/v3/account/summary")
    expect(exchange).to_contain_text("Authorization")
    # The bearer token the call used upstream is redacted on the page.
    assert not re.search(r"Bearer [A-Za-z0-9._-]{16,}", page.content())
    shot(page, "console-method-try")


def test_salesloft_with_an_api_key_installed_and_called_from_the_console(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Key Partner")
    account = partner.new_account()
    sign_in(page, switchboard, partner)
    page.goto(f"{switchboard.url}/console/accounts/{account.api_id}")
    page.get_by_label("Connector", exact=True).select_option(label="Salesloft")
    page.locator("#install_key").fill(salesloft_api_key)
    page.get_by_role("button", name="Install").click()
    card = page.locator("article.card", has_text="Salesloft")
    expect(card.locator("[data-state]")).to_have_text("Authenticated")
    page.set_viewport_size({"width": 390, "height": 844})  # usable on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "console-account-phone")
    page.set_viewport_size({"width": 1200, "height": 900})
    card.get_by_role("link", name="Methods").click()
    page.get_by_label("Category").select_option("People")
    page.get_by_role("link", name="Create person", exact=True).click()
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"  # the emulator is shared: one person per email
    page.get_by_label(re.compile("^Email")).fill(email)
    page.get_by_role("button", name="Call it").click()
    expect(page.locator("[data-status]")).to_have_text("200")
    expect(page.locator("pre.answer")).to_contain_text(email)
    expect(page.get_by_label(re.compile("^Email"))).to_have_value(email)  # the form keeps what was typed
    assert salesloft_api_key not in page.content()
    created = json.loads(page.locator("pre.answer").inner_text())["data"]["id"]
    stored = httpx.get(f"{salesloft.url}/v2/people/{created}", headers={"Authorization": f"Bearer {salesloft_api_key}"})
    assert stored.json()["data"]["email_address"] == email  # it reached Salesloft
    # The try-it call is in the call log, as a /test/ call is: kind test, its account connector, redacted.
    (installed,) = [c["Id"] for c in account.get("/v1.0/account/connectors").json()]
    deadline, tried = time.monotonic() + 10, []
    while not tried and time.monotonic() < deadline:  # the call log is written in the background
        calls = account.get(f"/v1.0/account/connectors/{installed}/calls").json()["Calls"]
        tried = [c for c in calls if c["MethodName"] == "Create person"]
        time.sleep(0.2)
    assert [(c["Kind"], c["Status"], c["AccountConnectorId"]) for c in tried] == [("test", 200, installed)]
    logged = account.get(f"/v1.0/calls/{tried[0]['RequestId']}").text
    assert email in logged and salesloft_api_key not in logged


def test_a_page_without_a_session_redirects_to_sign_in(page: Page, switchboard: SwitchboardServer) -> None:
    for path in ("/console/accounts", "/console/connectors", "/console/connectors/1/methods"):
        page.goto(f"{switchboard.url}{path}")
        expect(page).to_have_url(re.compile(r"/console/signin\?next="))
    shot(page, "console-signin")
    page.get_by_label("Client ID").fill("nobody")
    page.get_by_label("Client Secret").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")


def test_a_session_never_shows_another_partners_data(page: Page, switchboard: SwitchboardServer) -> None:
    mine, theirs = switchboard.new_partner("Mine"), switchboard.new_partner("Theirs")
    other = theirs.new_account()
    sign_in(page, switchboard, mine)
    page.goto(f"{switchboard.url}/console/accounts")
    expect(page.locator("main")).not_to_contain_text(other.api_id)
    response = page.goto(f"{switchboard.url}/console/accounts/{other.api_id}")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("does not exist, or is not yours")


def test_forms_refuse_a_missing_or_wrong_csrf_token(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Csrf Partner")
    sign_in(page, switchboard, partner)
    request = page.context.request  # carries the session cookie, as a forged cross-site form would
    for form in ({"name": "Forged"}, {"name": "Forged", "csrf": "0" * 64}):
        answer = request.post(f"{switchboard.url}/console/accounts", form=form, max_redirects=0)
        assert answer.status == 403, answer.status
    assert partner.http.get("/v1.0/accounts").json() == []
    # Signing out ends the session: the old cookie no longer opens a page.
    cookies = page.context.cookies()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/console/signin"))
    page.context.add_cookies(cookies)
    page.goto(f"{switchboard.url}/console/accounts")
    expect(page).to_have_url(re.compile(r"/console/signin"))


def test_the_ip_allow_list_is_edited_in_the_console(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Allow Partner")
    sign_in(page, switchboard, partner)
    page.get_by_role("link", name="IP allow list").click()
    box = page.get_by_label(re.compile("^Addresses and networks"))
    box.fill("203.0.113.0/24\n300.1.1.1")
    page.get_by_role("button", name="Save allow list").click()
    expect(page.get_by_role("alert")).to_contain_text("'300.1.1.1' is not a valid CIDR")
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": []}
    page.get_by_label(re.compile("^Addresses and networks")).fill("203.0.113.0/24\n198.51.100.7")
    page.get_by_role("button", name="Save allow list").click()
    expect(page.get_by_role("status")).to_have_text("Saved: 2 entries.")
    shot(page, "console-allowlist")
    assert partner.http.get("/v1.0/ipallowlist").json() == {"Cidrs": ["203.0.113.0/24", "198.51.100.7/32"]}


def test_properties_are_given_at_install_and_shown_on_the_card(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Properties Partner")
    account = partner.new_account()
    sign_in(page, switchboard, partner)
    page.goto(f"{switchboard.url}/console/accounts/{account.api_id}")
    # An API-key install skips the sign-in that would read Pipedrive's company domain: it must be given.
    page.get_by_label("Connector", exact=True).select_option(label="Pipedrive")
    page.locator("#install_key").fill("a-pipedrive-api-token")
    page.get_by_role("button", name="Install").click()
    expect(page.get_by_role("alert")).to_have_text("Required property Company domain was not provided")
    page.get_by_label("Connector", exact=True).select_option(label="Pipedrive")
    page.locator("#install_key").fill("a-pipedrive-api-token")
    page.get_by_label(re.compile("^Properties")).fill("company_domain\n")
    page.get_by_role("button", name="Install").click()
    expect(page.get_by_role("alert")).to_have_text("Properties: write one name=value per line (line 1 is not)")
    page.get_by_label("Connector", exact=True).select_option(label="Pipedrive")
    page.locator("#install_key").fill("a-pipedrive-api-token")
    page.get_by_label(re.compile("^Properties")).fill("company_domain = acme\n")
    page.get_by_role("button", name="Install").click()
    card = page.locator("article.card", has_text="Pipedrive")
    expect(card.locator("[data-state]")).to_have_text("Authenticated")
    expect(card.locator("[data-properties]")).to_have_text("company_domain acme")
    listed = partner.http.get("/v1.0/account/connectors", headers={"X-Cyclr-Account": account.api_id}).json()
    assert [{p["Name"]: p["Value"] for p in c["Properties"]} for c in listed] == [{"company_domain": "acme"}]
    # An OAuth install may leave out what the sign-in reads (Jira's cloud id).
    page.get_by_label("Connector", exact=True).select_option(label="Jira Cloud")
    page.get_by_role("button", name="Install").click()
    expect(page.get_by_role("status")).to_have_text("Jira Cloud installed.")
    expect(page.locator("article.card", has_text="Jira Cloud").locator("[data-state]")).to_have_text("Not connected")


def test_a_sign_in_posted_from_another_site_signs_nobody_in(page: Page, switchboard: SwitchboardServer) -> None:
    """N17: a page on another origin that posts the partner's sign-in form (login CSRF) gets no session."""
    partner = switchboard.new_partner("Cross Site")
    attack = f"""<!doctype html><form id="f" method="post" action="{switchboard.url}/console/signin">
<input name="client_id" value="{partner.client_id}"><input name="client_secret" value="{partner.client_secret}">
</form><script>document.getElementById("f").submit();</script>"""
    with partner_app(attack):
        page.goto(f"{PARTNER_APP}/attack")
        expect(page.get_by_role("alert")).to_contain_text("posted from another site")
    assert [c["name"] for c in page.context.cookies()] == []
    page.goto(f"{switchboard.url}/console/accounts")
    expect(page).to_have_url(re.compile(r"/console/signin"))
    sign_in(page, switchboard, partner)  # the console's own form still signs in


def test_the_oauth_docs_and_console_pages_refuse_to_be_framed(page: Page, switchboard: SwitchboardServer) -> None:
    """N18: another site framing these pages (clickjacking) gets Chromium's error page, not the page."""
    framed = {
        "docs": "/docs",
        "redoc": "/redoc",
        "oauth": "/connectorauth/updateaccountconnectoroauth?id=1&token=x",
        "console": "/console/signin",
        "control": "/health",  # no anti-framing header: proves the frames load at all
    }
    frames = "".join(f'<iframe name="{n}" src="{switchboard.url}{p}"></iframe>' for n, p in framed.items())
    with partner_app(f"<!doctype html><body>{frames}</body>"):
        page.goto(f"{PARTNER_APP}/embed")
        page.wait_for_load_state("load")
    control = page.frame(name="control")
    assert control is not None and control.url == f"{switchboard.url}/health"
    assert '"ok"' in control.content().lower() or "ok" in control.content().lower()
    for name in ("docs", "redoc", "oauth", "console"):
        frame = page.frame(name=name)
        assert frame is not None, name
        assert frame.url.startswith("chrome-error://"), (name, frame.url)
