"""``/docs`` and ``/redoc`` render in headless Chromium with no network beyond loopback; ids are short."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Route, sync_playwright

from tests.harness import SwitchboardServer

CHROMIUM = "/usr/bin/chromium"  # Debian's (scripts/install-browser.sh); Playwright's own download is never used
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        # No skip: without Chromium this fails, naming scripts/install-browser.sh (run by `make test`).
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def load_offline(browser: Browser, url: str, wait_for: str) -> tuple[str, list[str]]:
    """The page's text once ``wait_for`` shows, and every request that tried to leave loopback (refused)."""
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context = browser.new_context()
    try:
        context.route("**/*", only_loopback)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(wait_for, timeout=30_000)
        return page.inner_text("body"), refused
    finally:
        context.close()


def test_swagger_ui_renders_every_operation_offline(switchboard: SwitchboardServer, browser: Browser) -> None:
    text, refused = load_offline(browser, f"{switchboard.url}/docs", ".opblock")
    assert refused == []
    assert "/v1.0/account/connectors/{connector_id}/methods/{method_id}/body" in text
    assert "/v1.0/calls/{request_id}" in text


def test_redoc_renders_offline(switchboard: SwitchboardServer, browser: Browser) -> None:
    text, refused = load_offline(browser, f"{switchboard.url}/redoc", "text=Call log")
    assert refused == []
    assert "Method calls" in text


def test_operation_ids_are_short_and_unique(switchboard: SwitchboardServer) -> None:
    document = httpx.get(f"{switchboard.url}/openapi.json").json()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert {"list_accounts", "call_method", "call_method_body", "list_calls_partner", "read_call"} <= set(ids)
    assert all(len(i) <= 32 and "v1_0" not in i for i in ids), ids
