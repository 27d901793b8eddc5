"""In a real browser: keys checked when saved (connect page and console), the call log's UTC date filters
read in a New York browser, and the console library's category filter and name search."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.browser.conftest import shot
from tests.browser.test_console import sign_in
from tests.harness import SwitchboardServer


def test_connect_page_refuses_a_wrong_salesloft_key_with_a_clear_message(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Verify Connect Partner")
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.goto(f"{switchboard.url}/connect?token={token}")
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill("this-is-not-my-key")
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Salesloft did not accept this API key (Not authenticated). Check the key and try again."
    )
    expect(page.locator("article.card", has_text="Salesloft").locator("[data-state]")).to_have_text("Not connected")
    assert "this-is-not-my-key" not in page.content()
    shot(page, "connect-key-refused")
    assert account.get("/v1.0/account/connectors").json() == []  # nothing stored

    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill(salesloft_api_key)
    card.get_by_role("button", name="Save key").click()
    expect(page.locator("article.card", has_text="Salesloft").locator("[data-state]")).to_have_text("Connected")
    (installed,) = account.get("/v1.0/account/connectors").json()
    assert installed["Verified"] is True


def test_console_key_form_refuses_a_wrong_key_and_flags_an_unchecked_one(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str, salesloft: EmulatorServer
) -> None:
    partner = switchboard.new_partner("Verify Console Partner")
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    sign_in(page, switchboard, partner)
    page.goto(f"{switchboard.url}/console/accounts/{account.api_id}")
    card = page.locator(f"article[data-connection='{connection}']")
    card.get_by_label("API key").fill("wrong-console-key")
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("alert")).to_contain_text("Salesloft refused these credentials: Not authenticated")
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Verified"] is True  # unchanged

    sl = salesloft.emulator
    assert isinstance(sl, SalesloftEmulator)
    sl.faults.arm(Fault(kind="error", status=503, path_prefix="/v2/me", times=None))
    try:
        card = page.locator(f"article[data-connection='{connection}']")
        card.get_by_label("API key").fill(salesloft_api_key)
        card.get_by_role("button", name="Save key").click()
        expect(page.get_by_role("status")).to_contain_text("NOT verified")
    finally:
        sl.faults.clear()
    expect(page.locator(f"article[data-connection='{connection}'] [data-unverified]")).to_contain_text(
        "Salesloft answered 503"
    )
    shot(page, "console-key-unverified")


@pytest.fixture
def new_york(browser: Browser) -> Iterator[Page]:
    """A browser whose clock is New York's (UTC-5 or -4): a filter read in local time would miss by hours."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, timezone_id="America/New_York")
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def test_call_log_date_filters_read_and_show_utc(
    new_york: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    page = new_york
    assert page.evaluate("new Date().getTimezoneOffset()") in (240, 300)  # the browser really is in New York
    partner = switchboard.new_partner("UTC Filters Partner")
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    assert account.post(f"/v1.0/account/connectors/{connection}/methods/{uid}", json={}).status_code == 200
    called = datetime.now(UTC)
    sign_in(page, switchboard, partner)
    page.goto(f"{switchboard.url}/console/calls")
    assert _logged(page, switchboard), "the call never showed in the call log"

    # Seconds of 30, never 0: Chromium shows a datetime-local value with zero seconds without them, so the
    # value read back would miss ":00" once a minute.
    before = (called - timedelta(minutes=10)).replace(second=30).strftime("%Y-%m-%dT%H:%M:%S")
    page.get_by_label(re.compile("^Since")).fill(before)
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr[data-call]")).to_have_count(1)  # ten minutes before the call, read as UTC
    expect(page.get_by_label(re.compile("^Since"))).to_have_value(before)

    page.get_by_label(re.compile("^Since")).fill("")
    page.get_by_label(re.compile("^Until")).fill(before)
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tr[data-call]")).to_have_count(0)  # in New York's time it would be hours later
    expect(page.get_by_text("No calls match.")).to_be_visible()

    # A link with an offset shows the same moment in UTC, as the boxes are labelled.
    page.goto(f"{switchboard.url}/console/calls?since=2026-01-31T04:30:00-05:00")
    expect(page.get_by_label(re.compile("^Since"))).to_have_value("2026-01-31T09:30")  # Chromium drops zero seconds
    expect(page.locator("[data-now]")).to_contain_text(called.strftime("%Y-%m-%d"))
    expect(page.locator("[data-now]")).to_contain_text("UTC")


def _logged(page: Page, server: SwitchboardServer) -> bool:
    """Waits for the call log's writer (batched, off the call's path) to show the call; True once it does."""
    for _ in range(40):
        if page.locator("tr[data-call]").count():
            return True
        page.wait_for_timeout(250)
        page.goto(f"{server.url}/console/calls")
    return False


def test_library_filters_by_category_and_searches_by_name(page: Page, switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Library Partner")
    sign_in(page, switchboard, partner)
    listing = partner.http.get("/v1.0/connectors", params={"pageSize": 1000}).json()
    crms = sorted(c["Name"] for c in listing if "CRMs" in c["Categories"])
    assert len(crms) >= 2
    page.get_by_label("Category").select_option("CRMs")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=CRMs"))
    rows = page.locator("tbody tr[data-connector]")
    expect(rows).to_have_count(len(crms))
    for name in crms:
        row = page.get_by_role("row", name=re.compile(re.escape(name)))
        expect(row.first.locator("[data-categories]")).to_contain_text("CRMs")
    expect(page.locator("[data-shown]")).to_have_text(f"{len(crms)} of {len(listing)} connectors")

    page.get_by_label("Name").fill("sales")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    salesloft = next(c for c in listing if c["Name"] == "Salesloft")
    row = rows.first
    expect(row).to_contain_text("Salesloft")
    expect(row).to_contain_text("OAuth 2 or API key")
    expect(row).to_contain_text(str(salesloft["MethodCount"]))
    shot(page, "console-library-filtered")

    page.get_by_label("Name").fill("no such connector")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No connectors match.")).to_be_visible()
