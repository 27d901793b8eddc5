"""Cyclr's ``callbackMessage`` in a real browser (issue 26, item 12): the partner's page opens the
sign-in link in a popup, the user consents, and the page hears the message it chose, from Switchboard's
origin, while the popup closes itself."""

from __future__ import annotations

import json

import httpx
from playwright.sync_api import Page

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.browser.test_connect import PARTNER_APP, partner_app
from tests.harness import SwitchboardServer


def opener_page(sign_in_url: str) -> str:
    """The partner's page: opens the link in a popup and records every message it is sent."""
    return f"""<!doctype html><html><body><h1>Partner app</h1>
<button id="connect">Connect</button>
<script>window.told = []; window.addEventListener("message", function (e) {{
  window.told.push({{origin: e.origin, data: e.data}}); }});
document.getElementById("connect").addEventListener("click", function () {{
  window.open({json.dumps(sign_in_url)}, "signin", "width=500,height=600"); }});</script></body></html>"""


def test_the_popup_posts_the_callback_message_to_the_partner_page(
    page: Page, switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner("Callback message partner")
    cc_id = partner.connector_id("constant_contact")
    settings = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert partner.http.put(f"/v1.0/connectors/{cc_id}/settings", json=settings).status_code == 200
    account = partner.new_account()
    connection = account.install("constant_contact")
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    query = httpx.QueryParams(
        {"id": connection, "token": token, "targetOrigin": PARTNER_APP, "callbackMessage": "connected:crm"}
    )
    sign_in_url = f"{switchboard.url}/connectorauth/updateaccountconnectoroauth?{query}"

    with partner_app(opener_page(sign_in_url)):
        page.goto(f"{PARTNER_APP}/settings")
        with page.expect_popup() as popup_info:
            page.click("#connect")
        popup_info.value.wait_for_event("close")
        page.wait_for_function("window.told.length > 0")
        told = page.evaluate("window.told")
    assert told == [{"origin": switchboard.url, "data": "connected:crm"}]
    assert account.get(f"/v1.0/account/connectors/{connection}").json()["Authenticated"] is True
