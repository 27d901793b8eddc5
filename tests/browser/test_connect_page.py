"""The connect page for many connectors, in Chromium: search, categories, one connector by link,
disconnect, screenshots (desktop, phone, dark) and an axe-core check (axe from disk, no CDN)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.browser.conftest import shot
from tests.harness import Account, Partner, SwitchboardServer

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def browser_no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def partner_with_cc(switchboard: SwitchboardServer, constant_contact: EmulatorServer, name: str) -> Partner:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner(name)
    assert partner.http.put("/v1.0/branding", json={"Name": "Acme CRM", "Colour": "#6D28D9"}).is_success
    app = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('constant_contact')}/settings", json=app
    ).is_success
    return partner


def open_connect(page: Page, switchboard: SwitchboardServer, partner: Partner, query: str = "") -> Account:
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.goto(f"{switchboard.url}/connect?token={token}{query}")
    expect(page).to_have_url(re.compile(r"/connect/home\?ticket="))
    return account


def visible_names(page: Page) -> list[str]:
    return page.locator("article[data-connector]:visible h2").all_inner_texts()


def assert_accessible(browser: Browser, url: str, *, dark: bool = False) -> None:
    """axe-core finds nothing serious or critical on ``url`` (the page's own CSP would refuse the
    injected script, so axe runs in a context of its own that bypasses it; the checked page is the same)."""
    assert AXE.is_file(), "axe-core is missing: run scripts/install-node.sh (make test does)"
    context = browser.new_context(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        if dark:
            page.emulate_media(color_scheme="dark")
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document)).violations")
    finally:
        context.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious


def test_search_and_categories_filter_the_offered_connectors(
    page: Page, browser: Browser, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    partner = partner_with_cc(switchboard, constant_contact, "Finder Partner")
    open_connect(page, switchboard, partner)
    everything = visible_names(page)
    assert "Constant Contact" in everything and "Salesloft" in everything
    assert "Box" not in everything and "Slack" not in everything  # OAuth only, no app: not offered
    shot(page, "connect-desktop")
    assert_accessible(browser, page.url)

    search = page.get_by_label("Search apps")
    search.fill("salesl")
    expect(page.locator("article[data-connector]:visible")).to_have_count(1)
    assert visible_names(page) == ["Salesloft"]
    search.fill("zzzz nothing")
    expect(page.get_by_text("No apps match your search.")).to_be_visible()
    search.fill("")
    expect(page.locator("article[data-connector]:visible")).to_have_count(len(everything))

    crm = page.get_by_role("group", name="Category").get_by_role("button", name="CRMs", exact=True)
    crm.focus()
    page.keyboard.press("Enter")  # buttons: the keyboard works them
    expect(crm).to_have_attribute("aria-pressed", "true")
    assert sorted(visible_names(page)) == [
        "Apideck CRM",
        "HubSpot CRM Associations",
        "HubSpot CRM Companies",
        "HubSpot CRM Contacts",
        "HubSpot CRM Deals",
        "HubSpot CRM Tickets",
        "Pipedrive",
        "Salesloft",
    ]
    page.get_by_role("button", name="All", exact=True).click()
    assert len(visible_names(page)) == len(everything)


def test_without_scripts_every_offered_connector_is_listed(
    browser_no_js_page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    page = browser_no_js_page
    partner = partner_with_cc(switchboard, constant_contact, "No Script Partner")
    open_connect(page, switchboard, partner)
    expect(page.get_by_label("Search apps")).to_be_hidden()
    assert "Constant Contact" in visible_names(page) and "Salesloft" in visible_names(page)


def test_connect_one_connector_by_link_then_disconnect_it(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer, salesloft_api_key: str
) -> None:
    partner = partner_with_cc(switchboard, constant_contact, "One Connector Partner")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    account = open_connect(page, switchboard, partner, "&connector=salesloft")
    assert visible_names(page) == ["Salesloft"]
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill(salesloft_api_key)
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("status")).to_have_text("Connected.")
    assert visible_names(page) == ["Salesloft"]  # the link's choice carries through the ticket's pages
    expect(card.locator("[data-state]")).to_have_text("Connected")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "connect-phone")
    installed = account.get("/v1.0/account/connectors").json()
    assert [c["AuthState"] for c in installed] == ["Authenticated"]

    card.get_by_role("button", name="Disconnect Salesloft").click()
    expect(page.get_by_role("status")).to_have_text("Salesloft is disconnected.")
    expect(card.locator("[data-state]")).to_have_text("Not connected")
    assert account.get("/v1.0/account/connectors").json() == []
    assert account.get(f"/v1.0/account/connectors/{installed[0]['Id']}").status_code == 404


def test_the_connect_page_in_dark_mode_keeps_the_partners_colour(
    page: Page, browser: Browser, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    partner = partner_with_cc(switchboard, constant_contact, "Dark Partner")
    page.emulate_media(color_scheme="dark")
    open_connect(page, switchboard, partner)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(14, 17, 22)", background
    brand = page.evaluate("getComputedStyle(document.querySelector('.connect-head')).backgroundColor")
    assert brand == "rgb(109, 40, 217)", brand  # the partner's colour, in dark too
    shot(page, "connect-dark")
    assert_accessible(browser, page.url, dark=True)


def test_a_logo_that_does_not_load_leaves_nothing_in_the_header(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Broken Logo Partner")
    brand = {"Name": "Acme CRM", "LogoUrl": "https://127.0.0.1:9/missing.png"}  # nothing listens there
    assert partner.http.put("/v1.0/branding", json=brand).is_success
    open_connect(page, switchboard, partner)
    expect(page.locator(".connect-head img.logo")).to_be_hidden()  # no broken-image mark beside the name
    expect(page.get_by_role("heading", name="Acme CRM")).to_be_visible()
