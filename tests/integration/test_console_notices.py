"""A console or connect page shows only the notices the server worded: a link cannot put words on them.

A form's redirect carries its outcome in the query (``?notice=``, ``?error=``, ``?note=``). Shown as
given, a crafted link could word the page ("your key leaked: rotate it at ...") under Switchboard's own
address. The server signs what it words; the console's script names its OAuth outcomes by key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.harness import Partner, SwitchboardServer

PHISH = "Your API key leaked: rotate it at https://evil.example now"


@pytest.fixture
def browser(switchboard: SwitchboardServer, partner: Partner) -> Iterator[httpx.Client]:
    """A signed-in console session, as a browser holds it."""
    with httpx.Client(base_url=switchboard.url) as client:
        signed_in = client.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        yield client


def shown(page: httpx.Response) -> list[str]:
    """The notice and error paragraphs a page shows."""
    assert page.status_code == 200, page.text[:500]
    return re.findall(r'<p class="(?:notice|error)" role="(?:status|alert)">([^<]*)</p>', page.text)


def test_a_forms_notice_is_shown_and_a_links_words_are_not(browser: httpx.Client) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/console/accounts").text)
    assert csrf is not None
    created = browser.post("/console/accounts", data={"csrf": csrf.group(1), "name": "Notices", "api_id": ""})
    assert created.status_code == 303
    after = created.headers["location"]
    assert shown(browser.get(after)) == ["Account Notices created."]
    path = urlsplit(after).path
    assert shown(browser.get(path, params={"notice": PHISH, "error": PHISH})) == []
    # A signed notice with its words changed is not shown either.
    signed = parse_qs(urlsplit(after).query)["notice"][0]
    forged = signed.replace("Account Notices created.", "Account Notices deleted.")
    assert shown(browser.get(path, params={"notice": forged})) == []
    # What the console's script may ask for after the OAuth window, by name.
    assert shown(browser.get(path, params={"notice": "oauth-connected"})) == ["Connected."]
    failed = shown(browser.get(path, params={"error": "oauth-failed"}))
    assert failed == ["The connection was not made: its sign-in window says why."]


def test_the_connect_page_shows_its_own_notes_only(switchboard: SwitchboardServer, partner: Partner) -> None:
    account = partner.new_account()
    token = partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    arrived = httpx.get(f"{switchboard.url}/connect", params={"token": token})
    assert arrived.status_code == 303, arrived.text
    ticket = parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]
    home = f"{switchboard.url}/connect/home"
    assert shown(httpx.get(home, params={"ticket": ticket, "error": PHISH, "note": PHISH})) == []
    disconnected = httpx.post(
        f"{switchboard.url}/connect/disconnect",
        data={"ticket": ticket, "connector_id": str(partner.connector_id("salesloft"))},
    )
    assert disconnected.status_code == 303, disconnected.text
    assert shown(httpx.get(f"{switchboard.url}{disconnected.headers['location']}")) == ["Salesloft is disconnected."]
