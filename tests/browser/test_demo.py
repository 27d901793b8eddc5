"""After ``switchboard demo``, a person with a browser alone gets a Salesloft call and a connected Constant Contact."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot
from tests.harness import free_port, server_env


def banner_value(text: str, label: str) -> str:
    found = re.search(rf"^\s+{label}:\s+(\S+)", text, re.MULTILINE)
    assert found, f"the banner has no {label}:\n{text}"
    return found.group(1)


def test_the_demo_banner_leads_to_a_call_and_a_connection_in_the_browser(page: Page, tmp_path: Path) -> None:
    port = free_port()
    out = tmp_path / "demo.out"
    env = server_env(tmp_path, {})
    del env["SWITCHBOARD_SECRET_KEY"]
    with out.open("wb") as sink:
        demo = subprocess.Popen(
            [sys.executable, "-m", "switchboard", "demo", "--port", str(port), "--data-dir", str(tmp_path / "demo")],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert demo.poll() is None, out.read_text()
                assert time.monotonic() < deadline, out.read_text()
                time.sleep(0.2)
        text = out.read_text()
        console = banner_value(text, "Console")
        assert console == f"http://127.0.0.1:{port}/console"

        page.goto(console)
        page.get_by_label("Client ID").fill(banner_value(text, "Client ID"))
        page.get_by_label("Client Secret").fill(banner_value(text, "Client Secret"))
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Accounts").click()
        page.get_by_role("link", name="Demo Customer").click()

        # Constant Contact: the demo installed it waiting for sign-in; connect it in the popup.
        cc = page.locator("article.card", has_text="Demo Constant Contact")
        expect(cc.locator("[data-state]")).to_have_text("Not connected")
        with page.expect_popup() as popup_info:
            cc.get_by_role("button", name="Connect with OAuth").click()
        popup_info.value.wait_for_event("close")
        expect(cc.locator("[data-state]")).to_have_text("Authenticated")
        shot(page, "demo-account")

        # Salesloft: list accounts through the method page's try-it form.
        page.locator("article.card", has_text="Demo Salesloft").get_by_role("link", name="Methods").click()
        page.get_by_label("Name").fill("list accounts")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="List accounts", exact=True).click()
        page.get_by_label(re.compile("^Page")).first.fill("1")
        page.get_by_role("button", name="Call it").click()
        expect(page.locator("[data-status]")).to_have_text("200")
        expect(page.locator("pre.answer")).to_contain_text('"name": "Account ')
        shot(page, "demo-salesloft-call")
    finally:
        demo.terminate()
        demo.wait(15)
