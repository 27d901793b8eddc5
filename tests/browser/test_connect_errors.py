"""The connect page's errors as WAI-ARIA's form-error practice has them, in Chromium: after a refused submit the
wrong field (or the error itself) has focus, the field is marked invalid and described by the error, and the
title starts with "Error: ", so a screen reader says it on load; with scripts and without."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from switchboard_emulators import EmulatorServer
from tests.browser.test_connect_credentials import _open, server, vendors
from tests.browser.test_connect_page import browser_no_js_page, open_connect
from tests.harness import SwitchboardServer

__all__ = ["browser_no_js_page", "server", "vendors"]  # the fixtures, used by name below

# What assistive technology reads of the focused element and of the error it is described by.
FOCUSED = """() => {
  const el = document.activeElement;
  const described = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  return {
    tag: el.tagName, name: el.getAttribute("name"), invalid: el.getAttribute("aria-invalid"),
    described: described.map((id) => (document.getElementById(id) || {}).textContent || null),
    title: document.title,
  };
}"""
# Every field of the page marked invalid or described by an error.
MARKED = """() => Array.from(document.querySelectorAll("input")).filter((el) =>
  el.hasAttribute("aria-invalid") ||
  (el.getAttribute("aria-describedby") || "").split(" ").some((id) => {
    const found = document.getElementById(id); return found && found.classList.contains("error"); }))
  .map((el) => el.name)"""


def _state(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def _refused_key(page: Page, switchboard: SwitchboardServer, name: str, query: str = "&connector=salesloft") -> None:
    partner = switchboard.new_partner(name)
    open_connect(page, switchboard, partner, query)
    # A fresh page: no error, nothing marked, focus nowhere in particular.
    fresh = _state(page)
    assert fresh["tag"] == "BODY" and not fresh["title"].startswith("Error: ")
    assert page.evaluate(MARKED) == []
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill("not-the-key")
    card.get_by_role("button", name="Save key for Salesloft").click()
    expect(card.get_by_role("alert")).to_contain_text("Salesloft did not accept this API key")


def _assert_key_field_has_the_error(page: Page) -> None:
    state = _state(page)
    assert (state["tag"], state["name"], state["invalid"]) == ("INPUT", "api_key", "true")
    assert len(state["described"]) == 1 and "Salesloft did not accept this API key" in state["described"][0]
    assert state["title"].startswith("Error: ")
    assert page.evaluate(MARKED) == ["api_key"]


def test_a_refused_key_takes_focus_is_marked_invalid_and_described_by_its_error(
    page: Page, switchboard: SwitchboardServer
) -> None:
    _refused_key(page, switchboard, "Focus Partner")
    _assert_key_field_has_the_error(page)
    # Typing goes into the field at once: the user corrects the key without finding it first.
    page.keyboard.type("x")
    assert page.locator("input[name=api_key]").input_value() == "x"


def test_without_scripts_the_refused_key_takes_focus_all_the_same(
    browser_no_js_page: Page, switchboard: SwitchboardServer
) -> None:
    _refused_key(browser_no_js_page, switchboard, "No Script Focus Partner")
    _assert_key_field_has_the_error(browser_no_js_page)


def test_a_refused_key_behind_the_sign_in_button_opens_its_form_and_takes_focus(
    page: Page, switchboard: SwitchboardServer
) -> None:
    # With the partner's OAuth app set, the key form is folded under "Use an API key instead".
    partner = switchboard.new_partner("Folded Key Partner")
    app = {"ClientId": "client", "ClientSecret": "secret"}
    assert partner.http.put(f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings", json=app).is_success
    open_connect(page, switchboard, partner, "&connector=salesloft")
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_text("Use an API key instead").click()
    card.get_by_label("Salesloft API key").fill("not-the-key")
    card.get_by_role("button", name="Save key for Salesloft").click()
    expect(card.get_by_role("alert")).to_contain_text("Salesloft did not accept this API key")
    expect(card.get_by_label("Salesloft API key")).to_be_visible()
    _assert_key_field_has_the_error(page)


def test_an_error_no_one_field_is_at_fault_for_takes_focus_itself(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    # The choose-an-app list, from a link naming an app not offered: said at the top, no field at fault.
    partner = switchboard.new_partner("Unknown App Partner")
    open_connect(page, switchboard, partner, "&connector=no_such_app")
    state = _state(page)
    assert state["tag"] == "P" and state["title"].startswith("Error: ")
    focused = page.evaluate("[document.activeElement.getAttribute('tabindex'), document.activeElement.textContent]")
    assert focused[0] == "-1" and "not offered here" in focused[1]
    assert page.evaluate(MARKED) == []


def test_the_failed_connection_page_says_error_in_its_title_and_focuses_why(
    page: Page, switchboard: SwitchboardServer
) -> None:
    page.goto(f"{switchboard.url}/connect?token=made-up")
    expect(page.get_by_role("alert")).to_contain_text("This link has expired or was already used")
    state = _state(page)
    assert state["tag"] == "P" and state["title"].startswith("Error: ")
    assert "This link has expired" in page.evaluate("document.activeElement.textContent")


def test_a_property_too_long_is_the_field_marked_and_keeps_its_hint(
    page: Page, server: SwitchboardServer, vendors: dict[str, EmulatorServer]
) -> None:
    account = server.new_partner("Zendesk Errors").new_account()
    creds = vendors["zendesk"].emulator.credentials()
    _open(page, server, account, "zendesk")
    card = page.locator("article.card", has_text="Zendesk")
    subdomain = card.get_by_label("Zendesk subdomain")
    subdomain.evaluate("el => el.removeAttribute('maxlength')")  # a browser that ignores it: the server still checks
    subdomain.fill("a" * 501)
    card.get_by_label("Zendesk Support username").fill(creds["username"])
    card.get_by_label("Zendesk Support password or API token").fill(creds["password"])
    card.get_by_role("button", name="Save key").click()
    expect(card.get_by_role("alert")).to_contain_text("subdomain is too long")
    state = _state(page)
    assert (state["name"], state["invalid"]) == ("property.subdomain", "true")
    assert state["described"][0] == "The account's subdomain: acme for https://acme.zendesk.com"
    assert "subdomain is too long" in state["described"][1] and state["title"].startswith("Error: ")
    assert page.evaluate(MARKED) == ["property.subdomain"]

    # Basic's two values refused: neither alone is known to be wrong, so both are marked; the first has focus.
    card.get_by_label("Zendesk subdomain").fill("acme")
    card.get_by_label("Zendesk Support username").fill(creds["username"])
    card.get_by_label("Zendesk Support password or API token").fill("not-the-token")
    card.get_by_role("button", name="Save key").click()
    expect(card.get_by_role("alert")).to_contain_text("did not accept")
    assert (_state(page)["name"], page.evaluate(MARKED)) == ("username", ["username", "password"])
