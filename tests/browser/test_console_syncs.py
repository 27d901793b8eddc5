"""The console's syncs page in a real browser: turn on a default sync, see its run, browse its records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.browser.conftest import shot
from tests.browser.test_console import sign_in
from tests.harness import SwitchboardServer, server_env


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    assert isinstance(server.emulator, SalesloftEmulator)
    server.emulator.seed("people", 30)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("console-syncs")
    env = server_env(data_dir, {"salesloft": sl.url}, SWITCHBOARD_SYNC_POLL_SECONDS="0.2")
    s = SwitchboardServer(data_dir, env).start()
    yield s
    s.stop()


def test_turn_on_a_default_sync_run_it_and_browse_its_records(
    page: Page, server: SwitchboardServer, sl: EmulatorServer
) -> None:
    assert isinstance(sl.emulator, SalesloftEmulator)
    partner = server.new_partner("Syncs Console")
    account = partner.new_account()
    connection = account.install("salesloft", AuthValue=sl.emulator.api_key)
    sign_in(page, server, partner)
    page.goto(f"{server.url}/console/accounts/{account.api_id}")
    page.locator(f"[data-connection='{connection}']").get_by_role("link", name="Syncs").click()
    expect(page.get_by_role("heading", name=re.compile("Syncs of"))).to_be_visible()
    page.get_by_label("Default sync").select_option("people")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Sync people turned on")).to_be_visible()
    card = page.locator("[data-sync]").filter(has_text="people")
    for _ in range(50):  # the run ends in the background: reload until the page shows it
        if "completed" in (card.locator("[data-last-run]").text_content() or ""):
            break
        page.wait_for_timeout(200)
        page.reload()
    expect(card.locator("[data-last-run]")).to_contain_text("+30 ~0 -0")
    expect(card.locator("[data-sync-state]")).to_have_text("idle")
    card.get_by_role("link", name="Records").click()
    expect(page.locator("[data-record]")).to_have_count(25)  # a page of the feed
    page.get_by_role("link", name="Later changes").click()
    expect(page.locator("[data-record]")).to_have_count(5)
    shot(page, "console-syncs")
    card = page.locator("[data-sync]").filter(has_text="people")
    card.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Sync paused")).to_be_visible()
    expect(page.locator("[data-sync]").filter(has_text="people").locator("[data-sync-state]")).to_have_text("disabled")
    listed = account.get(f"/v1.0/account/connectors/{connection}/syncs").json()
    assert [(s["Name"], s["Enabled"]) for s in listed] == [("people", False)]
