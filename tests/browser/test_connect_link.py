"""A partner's connect link that names one connector (``connector=<key>``) it does not offer, in Chromium."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from tests.browser.test_connect_page import open_connect
from tests.harness import SwitchboardServer


def _log_says(server: SwitchboardServer, words: str) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if words in server.log_path.read_text(errors="replace"):
            return True
        time.sleep(0.1)
    return False


def test_a_link_naming_no_connector_says_so_and_the_log_says_which_key(
    page: Page, switchboard: SwitchboardServer
) -> None:
    # A partner spelt the key as the name reads (the key is constant_contact): the page said only
    # "No apps are available to connect yet", as if the partner offered nothing at all.
    partner = switchboard.new_partner("Misspelt Link Partner")
    open_connect(page, switchboard, partner, "&connector=constantcontact")
    said = page.get_by_role("alert")
    expect(said).to_have_text("This link asks for an app that is not offered here. Ask the application for a new link.")
    expect(page.get_by_text("No apps are available to connect yet.")).to_have_count(0)
    assert "constantcontact" not in page.inner_text("body")  # no words from the URL on the page
    assert _log_says(switchboard, "connector=constantcontact names no connector"), "the log does not say which key"


def test_a_link_naming_a_connector_not_offered_says_its_name_and_the_log_says_why(
    page: Page, switchboard: SwitchboardServer
) -> None:
    # Constant Contact signs in through OAuth only, and this partner set no OAuth app for it.
    partner = switchboard.new_partner("Unready Link Partner")
    open_connect(page, switchboard, partner, "&connector=constant_contact")
    expect(page.get_by_role("alert")).to_have_text(
        "Constant Contact is not offered here yet. Ask the application for a new link."
    )
    assert _log_says(switchboard, "connector=constant_contact is not offered: "), "the log does not say why"
