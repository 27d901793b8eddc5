"""The console's library decides what end users see: the Enabled toggle, and unusable connectors flagged."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.test_console import sign_in
from tests.harness import SwitchboardServer


def test_the_library_toggle_hides_a_connector_from_the_connect_page(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Toggle Partner")
    salesloft = partner.connector_id("salesloft")
    sign_in(page, switchboard, partner)
    page.goto(f"{switchboard.url}/console/connectors")
    box = page.locator("tr").filter(has=page.get_by_role("link", name="Box", exact=True))  # not Dropbox's row
    expect(box.locator("[data-unusable]")).to_contain_text("Needs an OAuth app")
    toggle = page.get_by_role("switch", name="Offer Salesloft to end users")
    expect(toggle).to_have_attribute("aria-checked", "true")
    toggle.focus()
    page.keyboard.press("Enter")  # a button: the keyboard works it
    expect(page.get_by_role("status")).to_have_text("Salesloft is now hidden from end users.")
    expect(page.get_by_role("switch", name="Offer Salesloft to end users")).to_have_attribute("aria-checked", "false")
    shot(page, "console-library-toggles")
    assert partner.http.get(f"/v1.0/connectors/{salesloft}/settings").json()["Enabled"] is False

    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.goto(f"{switchboard.url}/connect?token={token}")
    expect(page).to_have_url(re.compile(r"/connect/home"))
    expect(page.locator("[data-connector]").first).to_be_visible()
    assert page.locator(f'[data-connector="{salesloft}"]').count() == 0
    box = page.get_by_role("heading", name="Box", exact=True)  # not "Dropbox Sign"
    assert page.locator("[data-connector]").filter(has=box).count() == 0  # no OAuth app: not offered
    pipedrive = page.get_by_role("heading", name="Pipedrive", exact=True)  # Apideck CRM's text names it too
    assert page.locator("[data-connector]").filter(has=pipedrive).count() == 1
