"""Only what the partner offers reaches its end users: ``Enabled`` in the connector settings, and no
OAuth-only connector without the partner's OAuth app (over real HTTP, the real store)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.harness import Partner, SwitchboardServer


def connect_home(server: SwitchboardServer, partner: Partner) -> tuple[str, str]:
    """A fresh account's connect page: its ticket and its HTML."""
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    arrived = httpx.get(f"{server.url}/connect", params={"token": token})
    assert arrived.status_code == 303, arrived.text
    ticket = parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]
    home = httpx.get(f"{server.url}/connect/home", params={"ticket": ticket})
    assert home.status_code == 200, home.text
    return ticket, home.text


def offered_ids(html: str) -> set[int]:
    return {int(part.split('"')[0]) for part in html.split('data-connector="')[1:]}


def test_enabled_is_stored_echoed_and_hides_the_connector_from_end_users(switchboard: SwitchboardServer) -> None:
    partner = switchboard.new_partner("Offers Partner")
    salesloft = partner.connector_id("salesloft")
    before = partner.http.get(f"/v1.0/connectors/{salesloft}/settings").json()
    assert (before["Enabled"], before["Usable"], before["UnusableReason"]) == (True, True, None)
    _, page = connect_home(switchboard, partner)
    assert salesloft in offered_ids(page)

    turned_off = partner.http.put(f"/v1.0/connectors/{salesloft}/settings", json={"Enabled": False})
    assert turned_off.status_code == 200, turned_off.text
    assert turned_off.json()["Enabled"] is False
    assert partner.http.get(f"/v1.0/connectors/{salesloft}/settings").json()["Enabled"] is False
    ticket, page = connect_home(switchboard, partner)
    assert salesloft not in offered_ids(page)
    assert "Salesloft" not in page
    # Nor can the page's form be posted for it directly.
    posted = httpx.post(
        f"{switchboard.url}/connect/apikey",
        data={"ticket": ticket, "connector_id": str(salesloft), "api_key": "k"},
    )
    assert posted.status_code == 400
    assert "not offered" in posted.text

    # Another partner is untouched: the setting is this partner's.
    other = switchboard.new_partner("Other Offers Partner")
    assert salesloft in offered_ids(connect_home(switchboard, other)[1])

    back_on = partner.http.put(f"/v1.0/connectors/{salesloft}/settings", json={"Enabled": True})
    assert back_on.json()["Enabled"] is True
    assert salesloft in offered_ids(connect_home(switchboard, partner)[1])
    # A settings body without Enabled keeps it.
    partner.http.put(f"/v1.0/connectors/{salesloft}/settings", json={"Enabled": False})
    kept = partner.http.put(f"/v1.0/connectors/{salesloft}/settings", json={"Scopes": []})
    assert kept.status_code == 200, kept.text
    assert kept.json()["Enabled"] is False


def test_an_oauth_only_connector_is_offered_only_once_its_oauth_app_is_set(
    switchboard: SwitchboardServer, constant_contact: EmulatorServer
) -> None:
    cc = constant_contact.emulator
    assert isinstance(cc, ConstantContactEmulator)
    partner = switchboard.new_partner("OAuth Offers Partner")
    listing = {c["Name"]: c["Id"] for c in partner.connectors()}
    cc_id, box_id, hubspot_id = listing["Constant Contact"], listing["Box"], listing["HubSpot CRM Contacts"]
    settings = partner.http.get(f"/v1.0/connectors/{box_id}/settings").json()
    assert settings["Usable"] is False
    assert "OAuth app" in settings["UnusableReason"]
    ticket, page = connect_home(switchboard, partner)
    ids = offered_ids(page)
    assert cc_id not in ids and box_id not in ids
    assert hubspot_id in ids  # OAuth or an API key: usable with a key alone
    refused = httpx.post(f"{switchboard.url}/connect/oauth", data={"ticket": ticket, "connector_id": str(box_id)})
    assert refused.status_code == 400
    assert "ClientId" not in refused.text and "PUT /v1.0" not in refused.text

    app = {"ClientId": cc.client_id, "ClientSecret": cc.client_secret}
    assert partner.http.put(f"/v1.0/connectors/{cc_id}/settings", json=app).json()["Usable"] is True
    assert cc_id in offered_ids(connect_home(switchboard, partner)[1])


def card_of(html: str, connector_id: int) -> str:
    """One app's card on the connect page."""
    return html.split(f'data-connector="{connector_id}"', 1)[1].split("</article>", 1)[0]


def test_a_connector_installed_twice_shows_and_keeps_its_authenticated_connection(
    switchboard: SwitchboardServer, salesloft: EmulatorServer
) -> None:
    """The API lets an account install a connector twice; the page shows the authenticated one, and a key typed
    there goes to the connection it shows (it showed the newest and saved into the oldest)."""
    partner = switchboard.new_partner("Twice Installed")
    account = partner.new_account()
    bare = account.install("salesloft")  # installed first, no key: not connected
    keyed = account.install("salesloft", AuthValue=salesloft.emulator.api_key)  # type: ignore[attr-defined]
    newer = account.install("salesloft")
    assert bare < keyed < newer
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    arrived = httpx.get(f"{switchboard.url}/connect", params={"token": token})
    ticket = parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]
    home = httpx.get(f"{switchboard.url}/connect/home", params={"ticket": ticket}).text
    card = card_of(home, partner.connector_id("salesloft"))
    assert "data-state>Connected<" in card and "Replace key" in card, card

    saved = httpx.post(
        f"{switchboard.url}/connect/apikey",
        data={"ticket": ticket, "connector_id": str(partner.connector_id("salesloft")),
              "api_key": salesloft.emulator.api_key},  # type: ignore[attr-defined]
    )  # fmt: skip
    assert saved.status_code == 303 and f"id={keyed}" in saved.headers["location"], saved.headers
    states = {c["Id"]: c["AuthState"] for c in account.get("/v1.0/account/connectors").json()}
    assert states == {bare: "Unauthenticated", keyed: "Authenticated", newer: "Unauthenticated"}
