"""The end user's connect page in a real browser: framed in the partner's app, OAuth in a popup, postMessage."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.browser.conftest import shot
from tests.harness import SwitchboardServer

# The partner's app: a real server on an origin of its own (localhost, not 127.0.0.1). On loopback,
# because Chrome blocks a public site from framing a local server (local network access checks).
# Bound once, at import, and kept: a port only picked then (and bound per test) was taken meanwhile by
# another worker's server now and then.
_SERVED: dict[str, Any] = {"html": None, "scripts": {}}


class _PartnerHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        html, scripts = _SERVED["html"], _SERVED["scripts"]
        script = scripts.get(self.path)
        if html is None:
            self.send_error(404, "No partner page is being served")
            return
        body = script if script is not None else html
        self.send_response(200)
        kind = "text/javascript" if script is not None else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


_PARTNER_SERVER = ThreadingHTTPServer(("127.0.0.1", 0), _PartnerHandler)
threading.Thread(target=_PARTNER_SERVER.serve_forever, daemon=True).start()
PARTNER_PORT = _PARTNER_SERVER.server_address[1]
PARTNER_APP = f"http://localhost:{PARTNER_PORT}"


@contextmanager
def partner_app(html: str, scripts: dict[str, bytes] | None = None) -> Iterator[None]:
    """Serves ``html`` at every path of ``PARTNER_APP`` (and each of ``scripts`` at its path) while the block runs."""
    _SERVED.update(html=html.encode(), scripts=scripts or {})
    try:
        yield
    finally:
        _SERVED.update(html=None, scripts={})


def partner_page(connect_url: str) -> str:
    """The partner's own page: frames the connect page and records what it is told."""
    return f"""<!doctype html><html><body><h1>Partner app</h1>
<script>window.told = []; window.addEventListener("message", function (e) {{
  window.told.push({{origin: e.origin, data: e.data}}); }});</script>
<iframe id="connect" title="Connect" src={json.dumps(connect_url)} width="600" height="700"></iframe></body></html>"""


def test_connect_page_framed_by_the_partner_connects_constant_contact_and_tells_the_partner(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner("Connect Partner")
    branding = partner.http.put(
        "/v1.0/branding",
        json={"Name": "Acme CRM", "Colour": "#AA3300", "AllowedOrigins": [PARTNER_APP + "/"]},
    )
    assert branding.status_code == 200, branding.text
    assert branding.json() == {
        "Name": "Acme CRM",
        "LogoUrl": None,
        "Colour": "#aa3300",
        "AllowedOrigins": [PARTNER_APP],
    }
    cc_id = partner.connector_id("constant_contact")
    settings = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert partner.http.put(f"/v1.0/connectors/{cc_id}/settings", json=settings).status_code == 200
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    connect_url = f"{switchboard.url}/connect?token={token}"

    with partner_app(partner_page(connect_url)):
        page.goto(f"{PARTNER_APP}/integrations")
    frame = page.frame_locator("#connect")
    expect(frame.get_by_role("heading", name="Acme CRM")).to_be_visible()
    card = frame.locator("article.card", has_text="Constant Contact")
    expect(card.locator("[data-state]")).to_have_text("Not connected")
    shot(page, "connect-framed")

    with page.expect_popup() as popup_info:
        card.get_by_role("button", name="Connect Constant Contact").click()
    popup_info.value.wait_for_event("close")
    expect(card.locator("[data-state]")).to_have_text("Connected")
    page.wait_for_function("window.told.length > 0")
    told = page.evaluate("window.told")
    installed = account.get("/v1.0/account/connectors").json()
    assert [c["AuthState"] for c in installed] == ["Authenticated"]
    outcome = {"type": "switchboard:connect", "accountConnectorId": installed[0]["Id"], "status": "Authenticated"}
    assert told == [{"origin": switchboard.url, "data": outcome}]
    shot(page, "connect-connected")

    # The connection works: a call through the API with the token the popup obtained.
    summary = account.methods("constant_contact")["Get account summary"]["MethodUniqueIdentifier"]
    call = account.post(f"/v1.0/account/connectors/{installed[0]['Id']}/methods/{summary}", json={})
    assert call.status_code == 200, call.text


def test_connect_page_takes_an_api_key_and_the_token_is_single_use(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    partner = switchboard.new_partner("Key Connect Partner")
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{switchboard.url}/connect?token={token}")
    expect(page).to_have_url(re.compile(r"/connect/home\?ticket="))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the screen
    card = page.locator("article.card", has_text="Salesloft")
    card.get_by_label("Salesloft API key").fill(salesloft_api_key)
    card.get_by_role("button", name="Save key").click()
    expect(page.get_by_role("status")).to_have_text("Connected.")
    expect(page.locator("article.card", has_text="Salesloft").locator("[data-state]")).to_have_text("Connected")
    assert salesloft_api_key not in page.content()
    shot(page, "connect-api-key")
    installed = account.get("/v1.0/account/connectors").json()
    assert [(c["Connector"]["Name"], c["AuthState"]) for c in installed] == [("Salesloft", "Authenticated")]

    again = page.goto(f"{switchboard.url}/connect?token={token}")
    assert again is not None and again.status == 400
    expect(page.get_by_role("alert")).to_contain_text("expired or was already used")
    forged = httpx.post(f"{switchboard.url}/connect/apikey", data={"ticket": "connect:1:9999999999.bad"})
    assert forged.status_code == 400


def test_connect_page_may_be_framed_only_by_the_partners_origins(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Frame Partner")
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    home = httpx.get(f"{switchboard.url}/connect?token={token}", follow_redirects=True)
    assert home.status_code == 200
    assert "frame-ancestors 'self'" in home.headers["content-security-policy"]
    assert PARTNER_APP not in home.headers["content-security-policy"]
    console = httpx.get(f"{switchboard.url}/console/signin")
    assert "frame-ancestors 'none'" in console.headers["content-security-policy"]


def test_branding_refuses_what_it_cannot_use(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Brand Partner")
    assert partner.http.get("/v1.0/branding").json()["Name"] == ""
    for body in (
        {"Name": "X", "Colour": "red"},
        {"Name": "X", "LogoUrl": "javascript:alert(1)"},
        {"Name": "X", "AllowedOrigins": ["https://app.example.com/path"]},
        {"Name": ""},
    ):
        answer = partner.http.put("/v1.0/branding", json=body)
        assert answer.status_code in (400, 422), (body, answer.status_code)
        assert "Message" in answer.json()
    assert partner.http.get("/v1.0/branding").json()["Name"] == ""


def test_the_connect_page_announces_only_what_the_server_knows(
    page: Page, switchboard: SwitchboardServer, salesloft_api_key: str
) -> None:
    """N8: the outcome in the URL is no longer the message: a forged one is announced to nobody."""
    partner = switchboard.new_partner("Forged Outcome Partner")
    assert partner.http.put("/v1.0/branding", json={"Name": "Acme", "AllowedOrigins": [PARTNER_APP]}).is_success
    elsewhere = partner.new_account()
    authenticated = elsewhere.install("salesloft", AuthValue=salesloft_api_key)  # another account's connection
    account = partner.new_account()
    own = account.install("salesloft")  # this account's, not authenticated (no key yet)
    for forged in (authenticated, own, 987654):
        token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
        ticket = httpx.get(f"{switchboard.url}/connect?token={token}").headers["location"].split("ticket=")[1]
        url = f"{switchboard.url}/connect/home?ticket={ticket}&outcome=Authenticated&id={forged}"
        with partner_app(partner_page(url)):
            page.goto(f"{PARTNER_APP}/integrations")
            frame = page.frame_locator("#connect")
            expect(frame.get_by_role("heading", name="Acme")).to_be_visible()
            expect(frame.get_by_role("status")).to_have_count(0)  # no "Connected." either
            page.wait_for_timeout(500)
            assert page.evaluate("window.told") == [], forged
