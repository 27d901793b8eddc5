"""What PostgreSQL refuses and SQLite takes, sent by a caller: text longer than its column, integers past 32 bits
where an ``Integer`` column is compared, lone surrogates (``\\ud800``) in JSON text, times past the calendar's ends.

Each is a deliberate 4xx that says what to change, never the database's refusal as a 500. The same limits hold on
the embedded store (they are checked at the API's edge); this runs them where a gap would show.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_plus

import httpx
import pytest

from tests.harness import Account, Partner, SwitchboardServer

PAST_32_BITS = 2**31
LONGEST_32 = 2**31 - 1


@pytest.fixture(scope="module")
def partner(scale_server: SwitchboardServer) -> Partner:
    return scale_server.new_partner("Limits")


@pytest.fixture(scope="module")
def account(partner: Partner) -> Account:
    return partner.new_account()


@pytest.fixture(scope="module")
def connection(account: Account) -> int:
    return account.install("salesloft")


@pytest.fixture(scope="module")
def sync(account: Account, connection: int) -> int:
    made = account.post(f"/v1.0/account/connectors/{connection}/syncs", json={"Default": "people", "Enabled": False})
    assert made.status_code == 201, made.text
    sync_id: int = made.json()["Id"]
    return sync_id


def refused(answer: httpx.Response, *words: str, status: int = 400) -> None:
    """A deliberate refusal: the status, and a message naming what to change."""
    assert answer.status_code == status, answer.text
    message = answer.json()["Message"]
    for word in words:
        assert word in message, message


# --- text longer than its column ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "named"),
    [
        ("POST", "/v1.0/accounts", {"Name": "n" * 201}, "Name"),
        ("POST", "/v1.0/accounts", {"Name": "Acme", "Timezone": "t" * 65}, "Timezone"),
        ("POST", "/v1.0/accounts", {"Name": "Acme", "Id": "i" * 65}, "Id"),
        ("PUT", "/v1.0/branding", {"Name": "n" * 201}, "Name"),
        ("PUT", "/v1.0/branding", {"Name": "Acme", "Colour": "#1f5fbf0"}, "Colour"),
    ],
    ids=["account-name", "account-timezone", "account-id", "branding-name", "branding-colour"],
)
def test_partner_text_past_its_column_is_a_400(
    partner: Partner, method: str, path: str, body: dict[str, Any], named: str
) -> None:
    refused(partner.http.request(method, path, json=body), named)


def test_account_text_past_its_column_is_a_400(partner: Partner, account: Account, connection: int) -> None:
    base = f"/v1.0/accounts/{account.api_id}"
    refused(partner.http.put(base, json={"Name": "n" * 201}), "Name")
    refused(partner.http.put(base, json={"Timezone": "t" * 65}), "Timezone")
    refused(partner.http.post(f"{base}/mcptokens", json={"Name": "n" * 201}), "Name")
    salesloft = partner.connector_id("salesloft")
    refused(account.post(f"/v1.0/connectors/{salesloft}/install", json={"Name": "n" * 201}), "Name")
    refused(account.put(f"/v1.0/account/connectors/{connection}", json={"Name": "n" * 201}), "Name")
    refused(partner.http.put(f"/v1.0/connectors/{salesloft}/settings", json={"ClientId": "c" * 501}), "ClientId")


def test_sync_text_past_its_column_is_a_400(account: Account, connection: int, sync: int) -> None:
    syncs = f"/v1.0/account/connectors/{connection}/syncs"
    refused(account.post(syncs, json={"Default": "people", "Name": "n" * 65}), "Name")
    refused(account.put(f"{syncs}/{sync}", json={"KeyField": "k" * 201}), "KeyField")
    refused(account.put(f"{syncs}/{sync}", json={"MethodUniqueIdentifier": "m" * 65}), "MethodUniqueIdentifier")


def test_long_text_that_is_only_looked_up_is_not_found(partner: Partner, account: Account) -> None:
    # Compared with a VARCHAR(64) column, never stored: unknown, as any other unknown name is.
    assert partner.http.get(f"/v1.0/accounts/{'a' * 300}").status_code == 404
    assert partner.http.get(f"/v1.0/calls/{'r' * 300}").status_code == 404
    unknown = partner.http.get("/v1.0/account/connectors", headers={"X-Cyclr-Account": "a" * 300})
    assert unknown.status_code == 404, unknown.text


# --- integers past 32 bits -----------------------------------------------------------------------------------------


def test_an_id_past_32_bits_in_a_path_is_a_400(account: Account, connection: int) -> None:
    refused(account.get(f"/v1.0/account/connectors/{PAST_32_BITS}"), "connector_id")
    refused(account.get(f"/v1.0/account/connectors/{connection}/syncs/{PAST_32_BITS}"), "sync_id")
    assert account.get(f"/v1.0/account/connectors/{connection}/syncs/{LONGEST_32}").status_code == 404


def test_a_feed_cursor_past_32_bits_is_a_400(account: Account, connection: int, sync: int) -> None:
    records = f"/v1.0/account/connectors/{connection}/syncs/{sync}/records"
    refused(account.get(records, params={"cursor": str(PAST_32_BITS)}), "cursor")
    refused(account.get(records, params={"cursor": "9" * 18}), "cursor")
    # The largest 32-bit cursor is read as one, and is past this new sync's feed: a 400 saying so, not a 500.
    refused(account.get(records, params={"cursor": str(LONGEST_32)}), "ahead of this sync's feed")


def test_a_call_log_cursor_past_32_bits_is_a_400(partner: Partner) -> None:
    def cursor(number: int) -> str:
        return base64.urlsafe_b64encode(f"call:{number}".encode()).decode().rstrip("=")

    refused(partner.http.get("/v1.0/calls", params={"cursor": cursor(PAST_32_BITS)}), "cursor")
    assert partner.http.get("/v1.0/calls", params={"cursor": cursor(LONGEST_32)}).status_code == 200


def test_the_last_page_of_32_bits_is_an_empty_page(partner: Partner) -> None:
    last = partner.http.get("/v1.0/accounts", params={"page": LONGEST_32, "pageSize": 1000})
    assert last.status_code == 200, last.text
    assert last.json() == []
    refused(partner.http.get("/v1.0/accounts", params={"page": PAST_32_BITS}), "page")


def test_a_token_for_an_account_connector_past_32_bits_is_refused(partner: Partner, account: Account) -> None:
    answer = partner.http.post(
        f"/v1.0/accounts/{account.api_id}/mcptokens", json={"Name": "agent", "AccountConnectorIds": [PAST_32_BITS]}
    )
    assert answer.status_code in (400, 404), answer.text
    assert str(PAST_32_BITS) in answer.json()["Message"]


# --- lone surrogates in JSON text ----------------------------------------------------------------------------------

SURROGATE_MESSAGE = "surrogate"


@pytest.mark.parametrize(
    "body",
    [
        b'{"Name": "Acme \\ud800 Corp"}',
        b"{'Name': 'Acme \\udfff'}",
        b'{Name: "Acme", Description: "\\uDC00"}',
        b'{"Name": "Acme", "\\ud800": 1}',
    ],
    ids=["strict-form", "lenient", "lenient-upper", "key"],
)
def test_a_lone_surrogate_in_a_body_is_a_400(partner: Partner, body: bytes) -> None:
    answer = partner.http.post("/v1.0/accounts", content=body, headers={"Content-Type": "application/json"})
    refused(answer, SURROGATE_MESSAGE)


def test_a_surrogate_pair_is_one_character(partner: Partner) -> None:
    made = partner.http.post(
        "/v1.0/accounts", content=b"{'Name': 'Acme \\ud83d\\ude00'}", headers={"Content-Type": "application/json"}
    )
    assert made.status_code == 200, made.text
    assert made.json()["Name"] == "Acme \U0001f600"


def test_a_lone_surrogate_in_a_call_body_is_a_400(account: Account, connection: int) -> None:
    # The call routes read bodies on the ASGI fast path, with the same reader.
    method = account.methods("salesloft")["List people (DDL)"]["MethodUniqueIdentifier"]
    answer = account.post(
        f"/v1.0/account/connectors/{connection}/methods/{method}",
        content=b"{'Parameters': {'x': '\\ud800'}}",
        headers={"Content-Type": "application/json"},
    )
    refused(answer, SURROGATE_MESSAGE)


# --- times past the calendar's ends --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"since": "0001-01-01T00:00:00+05:00"}, {"until": "9999-12-31T23:59:59-05:00"}],
    ids=["since-before-year-1-in-utc", "until-after-9999-in-utc"],
)
def test_a_time_outside_utc_years_1_to_9999_is_a_400(partner: Partner, params: dict[str, str]) -> None:
    (name,) = params
    refused(partner.http.get("/v1.0/calls", params=params), name)


def test_the_calendar_ends_themselves_are_taken(partner: Partner) -> None:
    answer = partner.http.get("/v1.0/calls", params={"since": "0001-01-01T00:00:00Z", "until": "9999-12-31T23:59:59Z"})
    assert answer.status_code == 200, answer.text


# --- the console: the same columns behind its pages and forms -------------------------------------------------------


@pytest.fixture(scope="module")
def console(scale_server: SwitchboardServer, partner: Partner) -> Iterator[httpx.Client]:
    browser = httpx.Client(base_url=scale_server.url, timeout=60)
    signed_in = browser.post(
        "/console/signin", data={"client_id": partner.client_id, "client_secret": partner.client_secret}
    )
    assert signed_in.status_code == 303, signed_in.text
    yield browser
    browser.close()


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


def test_console_ids_past_32_bits_are_not_found(console: httpx.Client, account: Account, connection: int) -> None:
    for page in (
        f"/console/webhooks/{PAST_32_BITS}",
        f"/console/accounts/{account.api_id}/connections/{PAST_32_BITS}/syncs",
    ):
        answer = console.get(page)
        assert answer.status_code == 404, f"{page}: {answer.status_code} {answer.text[:300]}"
    csrf = csrf_of(console.get(f"/console/accounts/{account.api_id}"))
    removed = console.post(f"/console/accounts/{account.api_id}/connections/{PAST_32_BITS}/delete", data={"csrf": csrf})
    assert removed.status_code == 303, removed.text[:300]
    assert f"Account connector {PAST_32_BITS} was not found" in unquote_plus(removed.headers["location"])
    syncs = f"/console/accounts/{account.api_id}/connections/{connection}/syncs"
    run = console.post(f"{syncs}/{PAST_32_BITS}/run", data={"csrf": csrf})
    assert run.status_code == 303, run.text[:300]
    assert f"Sync {PAST_32_BITS} was not found" in unquote_plus(run.headers["location"])


def test_console_feed_cursor_past_32_bits_reads_from_the_start(
    console: httpx.Client, account: Account, connection: int, sync: int
) -> None:
    # The page's answer to a cursor it did not give: the feed from the start, as for any other.
    page = f"/console/accounts/{account.api_id}/connections/{connection}/syncs"
    shown = console.get(page, params={"sync": sync, "cursor": PAST_32_BITS})
    assert shown.status_code == 200, shown.text[:300]
    assert "Syncs of" in shown.text


def test_console_call_log_times_past_the_calendar_are_a_400(console: httpx.Client) -> None:
    answer = console.get("/console/calls", params={"since": "0001-01-01T00:00+05:00"})
    assert answer.status_code == 400, answer.text[:300]
    assert "outside the years 1 to 9999" in answer.text


def test_console_try_with_a_connection_past_32_bits_is_not_found(
    console: httpx.Client, partner: Partner, account: Account
) -> None:
    salesloft = partner.connector_id("salesloft")
    method = account.methods("salesloft")["List people (DDL)"]["MethodUniqueIdentifier"]
    page = f"/console/connectors/{salesloft}/methods/{method}"
    tried = console.post(
        f"{page}/try", data={"csrf": csrf_of(console.get(page)), "connection": f"{account.api_id}:{PAST_32_BITS}"}
    )
    assert tried.status_code == 200, tried.text[:300]
    assert f"Account connector {PAST_32_BITS} was not found" in tried.text
