"""Digits of other scripts where a number is read: a 4xx naming the input, never a 500.

``"²".isdigit()`` and ``"①".isdigit()`` are true, and ``int()`` refuses both: every check written with
``isdigit`` let them past and into a ValueError, a 500 with a traceback (found by a hostile probe of the
running server, on ids, query values, input keys and form fields alike). ``switchboard.numbers`` is the one
check now, and it takes ASCII digits only, no more of them than ``int`` reads (a run of 4,400 was a 500 too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.harness import MAX_PAGE, Account, SwitchboardServer

SUPERSCRIPT_TWO = "²"
CIRCLED_ONE = "①"
# More ASCII digits than ``int`` reads (4,300 by default): it raises ValueError, as for the two above.
PAST_INT = "7" * 4_400
DIGITS = [SUPERSCRIPT_TWO, CIRCLED_ONE, PAST_INT]


@pytest.fixture(scope="module")
def target(connected: tuple[Account, int]) -> dict[str, Any]:
    """The real ids the requests below reach past their other inputs with."""
    account, installed = connected
    methods = account.methods("salesloft")
    catalog = account.partner.connector_id("salesloft")
    connector = account.partner.http.get(f"/v1.0/connectors/{catalog}").json()
    return {
        "account": account,
        "installed": installed,
        "catalog": catalog,
        "list": methods["List accounts"]["MethodUniqueIdentifier"],
        "trigger": connector["Triggers"][0]["TriggerId"],
    }


def no_traceback(server: SwitchboardServer, since: int) -> None:
    with server.log_path.open("rb") as log:
        log.seek(since)
        added = log.read()
    assert b"Traceback" not in added and b"unhandled error" not in added, added[-3000:].decode(errors="replace")


def api_requests(t: dict[str, Any], digit: str) -> list[tuple[str, str, dict[str, Any]]]:
    base = f"/v1.0/account/connectors/{t['installed']}"
    call = f"{base}/methods/{t['list']}"
    return [
        ("GET", f"/v1.0/connectors/{digit}", {}),
        ("GET", f"/v1.0/connectors/{digit}/methods", {}),
        ("GET", f"/v1.0/connectors/{digit}/methods/{t['list']}", {}),
        ("POST", f"/v1.0/connectors/{digit}/install", {"json": {}}),
        ("GET", "/v1.0/calls", {"params": {"status": digit}}),
        ("GET", "/v1.0/calls", {"params": {"method": digit}}),
        ("GET", f"{base}/calls", {"params": {"status": digit}}),
        ("GET", f"{base}/calls", {"params": {"method": digit}}),
        ("POST", call, {"json": {"Parameters": {digit: "1"}}}),
        ("POST", call, {"json": {"Fields": {digit: "1"}}}),
        ("GET", call, {"params": {digit: "1"}}),
        ("POST", f"{base}/test/{t['list']}", {"json": {"Parameters": {digit: "1"}}}),
        ("GET", f"{base}/test/{t['list']}", {"params": {digit: "1"}}),
        ("POST", f"{base}/triggers/{t['trigger']}", {"json": {"Parameters": {digit: "1"}}}),
        ("POST", f"{call}/body", {"json": {"CustomCategoryId": digit}}),
    ]


@pytest.mark.parametrize("digit", DIGITS, ids=["superscript", "circled", "past-int"])
def test_the_api_answers_other_digits_with_a_4xx_naming_them(
    switchboard: SwitchboardServer, target: dict[str, Any], digit: str
) -> None:
    account: Account = target["account"]
    since = switchboard.log_path.stat().st_size
    failed = []
    for method, path, options in api_requests(target, digit):
        answer = account.partner.http.request(method, path, headers=account.headers, **options)
        if not 200 <= answer.status_code < 500 or (answer.status_code >= 400 and not answer.json().get("Message")):
            failed.append((method, path, options, answer.status_code))
    assert failed == []
    no_traceback(switchboard, since)


def test_a_signed_or_spaced_integer_in_a_string_is_read_and_two_signs_are_refused(target: dict[str, Any]) -> None:
    """The fast path reads ``CustomCategoryId`` as an integer from a string: ``-5`` and `` 7 `` are numbers,
    ``+-5`` is not (it passed the sign-stripping check and failed ``int``)."""
    account: Account = target["account"]
    path = f"/v1.0/account/connectors/{target['installed']}/methods/{target['list']}/body"
    for taken in ("-5", " 7 ", "+3"):
        assert account.post(path, json={"CustomCategoryId": taken}).status_code == 200, taken
    refused = account.post(path, json={"CustomCategoryId": "+-5"})
    assert refused.status_code == 400, refused.text
    assert "CustomCategoryId" in refused.json()["Message"]


@pytest.fixture(scope="module")
def browser(switchboard: SwitchboardServer, target: dict[str, Any]) -> Iterator[httpx.Client]:
    partner = target["account"].partner
    with httpx.Client(base_url=switchboard.url) as client:
        signed_in = client.post(
            "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
        )
        assert signed_in.status_code == 303, signed_in.text
        yield client


@pytest.mark.parametrize("digit", DIGITS, ids=["superscript", "circled", "past-int"])
def test_console_pages_and_forms_answer_other_digits_without_a_500(
    switchboard: SwitchboardServer, target: dict[str, Any], browser: httpx.Client, digit: str
) -> None:
    account: Account = target["account"]
    webhook = account.partner.http.post("/v1.0/webhooks", json={"Url": "http://127.0.0.1:9/digits", "Events": []})
    assert webhook.status_code == 201, webhook.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/console/accounts").text)
    assert csrf is not None
    since = switchboard.log_path.stat().st_size
    pages = [
        browser.get("/console/calls", params={"connection": digit}),
        browser.get("/console/hooks", params={"connection": digit}),
        browser.get(f"/console/webhooks/{webhook.json()['Id']}", params={"page": digit}),
        browser.post(
            f"/console/connectors/{target['catalog']}/methods/{target['list']}/try",
            data={"csrf": csrf.group(1), "connection": f"{account.api_id}:{digit}", f"p{digit}": "1"},
        ),
    ]
    assert [(str(p.request.url), p.status_code) for p in pages if p.status_code >= 500] == []
    assert pages[0].status_code == 400 and "connection must be an account connector id" in pages[0].text
    assert "Choose an account connector to call it with" in pages[3].text
    no_traceback(switchboard, since)


@pytest.mark.parametrize("digit", DIGITS, ids=["superscript", "circled", "past-int"])
def test_the_connect_page_answers_other_digits_without_a_500(
    switchboard: SwitchboardServer, target: dict[str, Any], digit: str
) -> None:
    account: Account = target["account"]
    token = account.partner.http.post(f"/v1.0/accounts/{account.api_id}/signintoken").json()["Token"]
    arrived = httpx.get(f"{switchboard.url}/connect", params={"token": token})
    assert arrived.status_code == 303, arrived.text
    ticket = parse_qs(urlsplit(arrived.headers["location"]).query)["ticket"][0]
    since = switchboard.log_path.stat().st_size
    home = httpx.get(
        f"{switchboard.url}/connect/home",
        params={"ticket": ticket, "outcome": "Authenticated", "id": digit, "at": digit},
    )
    assert home.status_code == 200, home.text[:500]
    for form in ("apikey", "oauth", "disconnect"):
        answer = httpx.post(f"{switchboard.url}/connect/{form}", data={"ticket": ticket, "connector_id": digit})
        assert answer.status_code == 400, answer.text[:500]
        assert "That connector is not offered here." in answer.text
    no_traceback(switchboard, since)


def test_method_listing_still_reads_ascii_ids(target: dict[str, Any]) -> None:
    """The checks now take ASCII digits only: plain ids are read as before."""
    http = target["account"].partner.http
    assert http.get(f"/v1.0/connectors/{target['catalog']}").status_code == 200
    listed = http.get(f"/v1.0/connectors/{target['catalog']}/methods", params={"pageSize": MAX_PAGE})
    assert listed.status_code == 200 and listed.json()
