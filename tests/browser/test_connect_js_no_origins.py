"""clients/connect-js with a branding that names no AllowedOrigins: the connection is saved, the partner's page
is told nothing (no origin to post to), and the connect page says why in its console instead of staying silent."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page

from tests.browser.test_connect import PARTNER_APP, partner_app
from tests.browser.test_connect_js import HELPER, _embedding_page, connect_popup
from tests.harness import SwitchboardServer


def test_a_connection_made_with_no_allowed_origins_is_explained_in_the_connect_pages_console(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    partner = switchboard.new_partner("No Origins Partner")  # its branding never named the partner's app
    account = partner.new_account()
    warnings = _save_a_key_from_the_helper(page, switchboard, partner.http, account.api_id, salesloft_api_key)
    assert [c["AuthState"] for c in account.get("/v1.0/account/connectors").json()] == ["Authenticated"]
    (warning,) = [w for w in warnings if "AllowedOrigins" in w]
    assert PARTNER_APP not in warning  # the page cannot read its opener's origin; it names the setting to fix
    assert "PUT /v1.0/branding" in warning and "switchboard:connect" in warning


def test_a_connection_made_from_an_origin_not_allowed_names_that_origin_in_the_connect_pages_console(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    # The branding names the production app; the partner tries the helper from a development origin. The page
    # posted to production only and said nothing: the promise waited, and no console told the developer why.
    partner = switchboard.new_partner("Other Origin Partner")
    branding = {"Name": "Acme CRM", "AllowedOrigins": ["https://app.acme.example"]}
    assert partner.http.put("/v1.0/branding", json=branding).is_success
    account = partner.new_account()
    warnings = _save_a_key_from_the_helper(page, switchboard, partner.http, account.api_id, salesloft_api_key)
    (warning,) = [w for w in warnings if "AllowedOrigins" in w]
    assert PARTNER_APP in warning and "https://app.acme.example" in warning, warning
    assert "PUT /v1.0/branding" in warning and "switchboard:connect" in warning


def _save_a_key_from_the_helper(
    page: Page, switchboard: SwitchboardServer, http: httpx.Client, account: str, api_key: str
) -> list[str]:
    """Open the connect page from the partner's page with the helper, save a Salesloft key: the connect page's console
    warnings (the partner's page is told nothing, whichever origin it is on)."""
    token = http.post(f"/v1.0/accounts/{account}/signintoken").json()["Token"]
    with partner_app(_embedding_page(switchboard.url, token, "popup"), {"/connect.js": HELPER}):
        popup = connect_popup(page)
        warnings: list[str] = []
        popup.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
        card = popup.locator("article.card", has_text="Salesloft")
        card.get_by_label("Salesloft API key").fill(api_key)
        with popup.expect_console_message(lambda message: message.type == "warning", timeout=5_000):
            card.get_by_role("button", name="Save key").click()
        assert page.evaluate("window.events") == []  # nothing reached the partner's page
    return warnings
