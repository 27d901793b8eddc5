"""Playwright driving Debian's Chromium (never a downloaded browser), headless, against the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# Package scope, not session: Playwright's sync API leaves its event loop set as the thread's running
# loop while it is open, so every asyncio.run() after it fails. Under xdist a worker runs other packages'
# files between these; the browser closes when the worker leaves this package.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # No skip: without the browser these tests fail and say how to get it.
    assert CHROMIUM.exists(), "Debian's Chromium is missing: run scripts/install-browser.sh (make test does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(20_000)
    opened = context.new_page()
    yield opened
    context.close()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot kept as a test artifact (tests/browser/artifacts/, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
