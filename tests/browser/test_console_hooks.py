"""The console's provider webhooks in a real browser: the hook URL, the signing secret, incoming events."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.browser.test_console import sign_in
from tests.harness import SwitchboardServer
from tests.integration import hook_helpers as h
from tests.webhook_receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


def test_hook_url_signing_secret_and_incoming_events(
    page: Page, switchboard: SwitchboardServer, receiver: Receiver
) -> None:
    partner = switchboard.new_partner("Hook Console")
    h.subscribe(partner, receiver, "console-hooks")
    url = h.settings(partner, "hubspot", ClientId="hc-client", ClientSecret="hc-secret-value")["HookUrl"]
    account = partner.new_account()
    connection = h.install(account, partner, "hubspot", AuthValue="pat", Properties={"hub_id": "777"})
    sign_in(page, switchboard, partner)

    page.goto(f"{switchboard.url}/console/connectors/{h.connector_id(partner, 'hubspot')}")
    expect(page.get_by_label("Webhook URL")).to_have_value(url)
    page.goto(f"{switchboard.url}/console/connectors/{h.connector_id(partner, 'slack')}")
    page.get_by_label("Signing secret").fill("slack-console-secret")
    page.get_by_role("button", name="Save signing secret").click()
    expect(page.get_by_text("Signing secret saved.")).to_be_visible()
    assert h.settings(partner, "slack", WebhookSigningSecret="slack-console-secret")["WebhookSigningSecretSet"]
    assert "slack-console-secret" not in page.content()

    body = h.encode([{"eventId": 55, "subscriptionType": "contact.deletion", "portalId": 777}])
    local = h.path_of(switchboard, url)
    assert h.post(switchboard, local, body, h.hubspot_v3("hc-secret-value", url, body)).status_code == 200
    assert h.post(switchboard, local, body, h.hubspot_v3("forged", url, body)).status_code == 401
    receiver.wait_for("console-hooks", lambda e: e.type == "provider.event")

    page.goto(f"{switchboard.url}/console/accounts/{account.api_id}")
    page.get_by_role("link", name="Incoming events").last.click()
    row = page.locator("tr[data-hook-event]").filter(has_text="contact.deletion")
    expect(row.locator("[data-verified]")).to_have_text("verified")
    expect(row.locator("[data-forwarded]")).to_contain_text(receiver.url("console-hooks"))
    expect(row).to_contain_text(f"#{connection}")
    page.goto(f"{switchboard.url}/console/hooks")
    refused = page.locator("tr[data-hook-event]").filter(has_text="refused")
    expect(refused.first).to_contain_text("does not match")
    assert "hc-secret-value" not in page.content() and "eventId" not in page.content()
    shot(page, "console-incoming-events")
