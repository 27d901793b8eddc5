"""The console's call log and webhooks in a real browser: calls made through the API, events to a local receiver."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.browser.conftest import shot
from tests.browser.test_console import sign_in
from tests.harness import SwitchboardServer
from tests.webhook_receiver import Receiver, settled


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


def test_calls_are_listed_filtered_and_a_failed_one_shows_its_redacted_exchanges(
    page: Page, switchboard: SwitchboardServer, salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    assert isinstance(salesloft.emulator, SalesloftEmulator)
    salesloft.emulator.seed("accounts", 2)
    partner = switchboard.new_partner("Log Partner")
    account = partner.new_account()
    installed = account.install("salesloft", AuthValue=salesloft_api_key)
    methods = account.methods("salesloft")
    base = f"/v1.0/account/connectors/{installed}/methods"
    ok = account.post(f"{base}/{methods['List accounts']['MethodUniqueIdentifier']}", json={})
    bad = account.get(f"{base}/{methods['Get account']['MethodUniqueIdentifier']}", params={"account_id": "987654321"})
    assert (ok.status_code, bad.status_code) == (200, 404)
    ok_id, bad_id = ok.headers["X-Request-Id"], bad.headers["X-Request-Id"]

    sign_in(page, switchboard, partner)
    page.get_by_role("link", name="Call log").click()
    rows = page.locator("tr[data-call]")
    expect(rows).to_have_count(2)
    assert [rows.nth(i).get_attribute("data-call") for i in range(2)] == [bad_id, ok_id]  # newest first
    expect(page.locator(f'tr[data-call="{ok_id}"]')).to_contain_text("List accounts")
    expect(page.locator(f'tr[data-call="{bad_id}"] [data-status]')).to_have_text("404")
    shot(page, "console-calls")
    page.set_viewport_size({"width": 390, "height": 844})  # usable on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "console-calls-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    page.get_by_label("Outcome").select_option("failed")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"status=failed"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-call", bad_id)
    page.get_by_label("Outcome").select_option("")
    page.get_by_label("HTTP status").fill("200")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-call", ok_id)
    page.get_by_label("HTTP status").fill("")
    page.get_by_label("Since (UTC)").fill("2999-01-01T00:00:00")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody")).to_contain_text("No calls match.")
    page.goto(f"{switchboard.url}/console/calls?status=maybe")
    expect(page.get_by_role("alert")).to_contain_text("status must be ok, failed or an HTTP status")

    # The failed call, opened: its error and the exchange with Salesloft, the API key redacted.
    page.goto(f"{switchboard.url}/console/calls?status=failed")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile("Get account"))).to_be_visible()
    expect(page.locator("[data-error]")).to_contain_text("UpstreamError")
    exchange = page.locator("pre.exchange").first
    expect(exchange).to_contain_text("/v2/accounts/987654321")
    expect(exchange).to_contain_text('"Authorization": "[redacted]"')
    expect(exchange).to_contain_text('"Status": 404')
    html = page.content()
    assert salesloft_api_key not in html and partner.client_secret not in html
    assert partner.token not in html  # nor the partner's bearer token
    shot(page, "console-call-failed")

    # The connection's card links to its calls.
    page.goto(f"{switchboard.url}/console/accounts/{account.api_id}")
    card = page.locator("article.card", has_text="Salesloft")
    expect(card.locator("[data-health]")).to_have_count(0)  # an API key is never refreshed: no upkeep to show
    # No OAuth app is set for Salesloft: the sign-in is not offered (it could only fail), and the card says why.
    expect(card.get_by_role("button", name="Connect with OAuth")).to_have_count(0)
    expect(card.locator("[data-oauth-unset]")).to_contain_text("Client ID and Client Secret")
    card.get_by_role("link", name="Calls").click()
    expect(page.get_by_label("Account connector Id")).to_have_value(str(installed))
    expect(rows).to_have_count(2)


def test_a_webhook_is_registered_tested_delivered_and_redelivered(
    page: Page, switchboard: SwitchboardServer, receiver: Receiver
) -> None:
    partner = switchboard.new_partner("Hook Partner")
    sign_in(page, switchboard, partner)
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_label("URL").fill("ftp://nowhere")
    page.get_by_role("button", name="Add webhook").click()  # a URL to the browser, refused by the server
    expect(page.get_by_role("alert")).to_have_text("Url must be an absolute http:// or https:// URL")
    assert partner.http.get("/v1.0/webhooks").json() == []
    page.get_by_label("URL").fill(receiver.url("console"))
    page.get_by_label("webhook.test").check()
    page.get_by_label("Description").fill("From the console")
    page.get_by_role("button", name="Add webhook").click()
    expect(page.get_by_role("status")).to_have_text("Webhook created.")
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")
    receiver.secrets["console"] = secret
    shot(page, "console-webhook-secret")
    (stored,) = partner.http.get("/v1.0/webhooks").json()
    assert stored["Url"] == receiver.url("console") and stored["Events"] == ["webhook.test"]
    assert "Secret" not in stored

    # The secret is shown once: the webhook's own page never shows it again.
    page.get_by_role("link", name="Done: on to the webhook").click()
    expect(page.get_by_role("heading", name=f"Webhook {stored['Id']}")).to_be_visible()
    assert secret not in page.content()
    page.get_by_role("button", name="Send test event").click()
    expect(page.get_by_role("status")).to_contain_text("Test event evt_")
    first = receiver.wait_for("console", lambda e: e.type == "webhook.test")
    assert first.verified and first.data == {"WebhookId": stored["Id"]}
    settled(partner.http, stored["Id"])  # the event arrives before the delivery is marked
    page.reload()
    delivery = page.locator("article[data-delivery]").first
    expect(delivery.locator("[data-delivery-status]")).to_have_text("Delivered")
    expect(delivery.locator("tr[data-attempt]")).to_have_count(1)
    expect(delivery.locator("tr[data-attempt]")).to_contain_text("200")
    expect(delivery).to_contain_text(first.headers["webhook-id"])
    shot(page, "console-webhook")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "console-webhook-phone")
    page.set_viewport_size({"width": 1200, "height": 900})

    # Redeliver: the same event (same webhook-id) again, as a new delivery.
    delivery.get_by_role("button", name="Redeliver").click()
    expect(page.get_by_role("status")).to_contain_text("queued again")
    deadline_events = lambda: [e for e in receiver.events("console") if e.type == "webhook.test"]  # noqa: E731
    receiver.wait_for("console", lambda e: len(deadline_events()) >= 2)
    second = deadline_events()[1]
    assert second.verified and second.headers["webhook-id"] == first.headers["webhook-id"]
    settled(partner.http, stored["Id"], count=2)
    page.reload()
    expect(page.locator("article[data-delivery]")).to_have_count(2)
    expect(page.locator("article[data-delivery]").first.locator("[data-delivery-status]")).to_have_text("Delivered")

    # Rotating shows the new secret once; the next delivery is signed with it.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rotate secret").click()
    rotated = page.get_by_label("Signing secret").input_value()
    assert rotated.startswith("whsec_") and rotated != secret
    receiver.secrets["console"] = rotated
    page.get_by_role("link", name="Done: on to the webhook").click()
    page.get_by_role("button", name="Send test event").click()
    receiver.wait_for("console", lambda e: len(deadline_events()) >= 3)
    assert deadline_events()[2].verified

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete webhook").click()
    expect(page.get_by_role("status")).to_have_text(f"Webhook {stored['Id']} deleted.")
    assert partner.http.get("/v1.0/webhooks").json() == []


def test_another_partners_calls_and_webhooks_never_show(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str, receiver: Receiver
) -> None:
    theirs = switchboard.new_partner("Their Partner")
    account = theirs.new_account()
    installed = account.install("salesloft", AuthValue=salesloft_api_key)
    method = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    call = account.post(f"/v1.0/account/connectors/{installed}/methods/{method}", json={})
    request_id = call.headers["X-Request-Id"]
    hook = theirs.http.post("/v1.0/webhooks", json={"Url": receiver.url("theirs")}).json()
    sent = theirs.http.post(f"/v1.0/webhooks/{hook['Id']}/test")
    assert sent.status_code == 202
    receiver.wait_for("theirs", lambda e: e.type == "webhook.test")
    assert theirs.http.get(f"/v1.0/calls/{request_id}").status_code == 200  # it is in their log

    mine = switchboard.new_partner("My Partner")
    sign_in(page, switchboard, mine)
    page.goto(f"{switchboard.url}/console/calls")
    expect(page.locator("tbody")).to_contain_text("No calls match.")
    page.goto(f"{switchboard.url}/console/calls?connection={installed}")
    expect(page.locator("tbody")).to_contain_text("No calls match.")
    response = page.goto(f"{switchboard.url}/console/calls/{request_id}")
    assert response is not None and response.status == 404
    expect(page.locator("main")).to_contain_text("That call does not exist, or is not yours")
    page.goto(f"{switchboard.url}/console/webhooks")
    expect(page.locator("main")).not_to_contain_text(receiver.url("theirs"))
    for path in (f"/console/webhooks/{hook['Id']}", "/console/webhooks/99999999999999999999"):
        response = page.goto(f"{switchboard.url}{path}")
        assert response is not None and response.status == 404, path
    # Their forms refuse my session: nothing of theirs is touched.
    csrf = page.locator("input[name=csrf]").first.input_value()
    request = page.context.request
    for action in ("test", "rotate", "delete", "deliveries/1/redeliver"):
        answer = request.post(
            f"{switchboard.url}/console/webhooks/{hook['Id']}/{action}", form={"csrf": csrf}, max_redirects=0
        )
        assert answer.status == 303 and "error=" in answer.headers["location"], action
    assert theirs.http.get(f"/v1.0/webhooks/{hook['Id']}").status_code == 200
    assert len(receiver.events("theirs")) == 1
    shot(page, "console-webhooks-isolated")
