"""A provider that answers badly (round eight): its token endpoint, its pages and its redirects, over HTTP.

A stand-in provider (an aiohttp app on loopback, ``Provider``) is the third party of a custom connector: each test
says how its token endpoint or list answers, makes a call through a real server, and checks what the caller is
told and what was sent where.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web

from switchboard_emulators import EmulatorServer
from tests.harness import Account, Partner, SwitchboardServer, logged, server_env
from tests.integration.test_syncs import syncs_url, wait_run

LIST_ITEMS = "6d1f0c2a-93b4-4c55-8e0e-3f4a5b6c7d81"
GET_ITEM = "6d1f0c2a-93b4-4c55-8e0e-3f4a5b6c7d82"
CONNECTOR = f"""
key: hostile
name: Hostile Provider
version: "1"
base_url: https://api.hostile.example
auth:
  - {{type: oauth2, authorize_url: "https://api.hostile.example/oauth/authorize",
      token_url: "https://api.hostile.example/oauth/token"}}
methods:
  - name: List items
    unique_id: {LIST_ITEMS}
    http: GET /v1/items
    pagination: {{type: cursor_link, records: data, next: next}}
  - {{name: Get item, unique_id: {GET_ITEM}, http: GET /v1/item}}
"""
CLIENT_SECRET = "hostile-client-secret"


class Provider:
    """The third party: a token endpoint whose answers a test queues, and a list whose pages it sets."""

    name = "hostile"

    def __init__(self) -> None:
        self.token_answers: list[web.Response] = []
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.seen: list[tuple[str, str, dict[str, str]]] = []
        self._lock = threading.Lock()

    def create_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/oauth/token", self._token)
        app.router.add_route("*", "/{tail:.*}", self._any)
        return app

    def requests_to(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [headers for _, p, headers in self.seen if p == path]

    async def _token(self, request: web.Request) -> web.Response:
        await request.read()
        with self._lock:
            self.seen.append((request.method, request.path, dict(request.headers)))
            if self.token_answers:
                return self.token_answers.pop(0)
        return json_answer({"access_token": f"fresh-{time.monotonic_ns()}", "expires_in": 3600})

    async def _any(self, request: web.Request) -> web.Response:
        with self._lock:
            self.seen.append((request.method, request.path_qs, dict(request.headers)))
            status, headers, body = self.pages.get(request.path_qs, (404, {}, b'{"error": "not found"}'))
        return web.Response(status=status, headers=headers, body=body, content_type="application/json")


def json_answer(value: Any, status: int = 200) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(value), content_type="application/json")


@pytest.fixture(scope="module")
def provider() -> Iterator[tuple[Provider, EmulatorServer]]:
    stand_in = Provider()
    server = EmulatorServer(stand_in).start()  # type: ignore[arg-type]
    yield stand_in, server
    server.stop()


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory, provider: tuple[Provider, EmulatorServer]) -> Iterator[Partner]:
    tmp: Path = tmp_path_factory.mktemp("hostile")
    (tmp / "connectors" / "hostile").mkdir(parents=True)
    (tmp / "data").mkdir()
    (tmp / "connectors" / "hostile" / "connector.yaml").write_text(CONNECTOR, encoding="utf-8")
    env = server_env(tmp / "data", {"hostile": provider[1].url}, SWITCHBOARD_CONNECTOR_DIRS=f'["{tmp / "connectors"}"]')
    server = SwitchboardServer(tmp / "data", env).start()
    partner = server.new_partner("Hostile")
    app = {"ClientId": "hostile-client", "ClientSecret": CLIENT_SECRET}
    assert partner.http.put(f"/v1.0/connectors/{catalog_id(partner)}/settings", json=app).status_code == 200
    yield partner
    server.stop()


def catalog_id(partner: Partner) -> int:
    return int(next(c["Id"] for c in partner.connectors() if c["Name"] == "Hostile Provider"))


def expired_connection(partner: Partner) -> tuple[Account, int]:
    """A connection whose access token has expired, so its next call refreshes first."""
    account = partner.new_account()
    tokens = {"AccessToken": "old-access", "RefreshToken": "old-refresh", "Expires": "2001-01-01T00:00:00Z"}
    answer = account.post(
        f"/v1.0/connectors/{catalog_id(partner)}/install", json={"AuthValue": orjson.dumps(tokens).decode()}
    )
    assert answer.status_code == 200, answer.text
    return account, int(answer.json()["Id"])


def call(account: Account, connection: int, method: str, **parameters: Any) -> Any:
    return account.post(f"/v1.0/account/connectors/{connection}/methods/{method}/body", json={"Parameters": parameters})


def token_requests(stand_in: Provider) -> int:
    return len(stand_in.requests_to("/oauth/token"))


@pytest.mark.parametrize("token", ["abc\r\nX-Evil: 1", "abc\x00def", "tab\there"])
def test_a_token_no_header_can_carry_is_refused_and_not_stored(
    partner: Partner, provider: tuple[Provider, EmulatorServer], token: str
) -> None:
    """Stored, such a token made every later call of the connection a 500 (aiohttp refuses the header)."""
    stand_in, _ = provider
    stand_in.pages["/v1/item"] = (200, {}, b'{"id": 1}')
    account, connection = expired_connection(partner)
    stand_in.token_answers = [json_answer({"access_token": token, "expires_in": 3600})]
    refused = call(account, connection, GET_ITEM)
    assert refused.status_code == 502, refused.text
    assert "line break or another control character" in refused.json()["Message"]
    assert "X-Evil" not in refused.text and "abc" not in refused.text
    # Nothing was stored: the next call refreshes again (the provider behaves now) and goes through.
    answered = call(account, connection, GET_ITEM)
    assert answered.status_code == 200, answered.text
    sent = stand_in.requests_to("/v1/item")[-1]
    assert sent["Authorization"].startswith("Bearer fresh-")


def test_a_refused_refresh_answered_with_a_200_asks_for_a_new_sign_in(
    partner: Partner, provider: tuple[Provider, EmulatorServer]
) -> None:
    """GitHub answers a dead refresh token with 200 and an ``error``: it was a 502 "without an access_token" on
    every call, each one spending a token request, and the connection never said it needed its user."""
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    stand_in.token_answers = [json_answer({"error": "invalid_grant", "error_description": "The refresh token is dead"})]
    before = token_requests(stand_in)
    first = call(account, connection, GET_ITEM)
    assert first.status_code == 409, first.text
    assert "needs re-authentication" in first.json()["Message"] and "The refresh token is dead" in first.text
    again = call(account, connection, GET_ITEM)
    assert again.status_code == 409, again.text
    assert token_requests(stand_in) == before + 1
    shown = account.get(f"/v1.0/account/connectors/{connection}")
    assert shown.json()["AuthState"] == "NeedsReauthentication", shown.text


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (web.Response(status=200, text="<html><body>Maintenance</body></html>", content_type="text/html"), "is HTML"),
        (json_answer({"error": "bad_refresh_token", "error_description": "The token is bad"}), "bad_refresh_token"),
        (json_answer({"access_token": 12345}), "answered 200 without an access_token"),
    ],
)
def test_a_200_without_a_token_says_what_it_held(
    partner: Partner, provider: tuple[Provider, EmulatorServer], answer: web.Response, words: str
) -> None:
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    stand_in.token_answers = [answer]
    refused = call(account, connection, GET_ITEM)
    assert refused.status_code == 502, refused.text
    assert words in refused.json()["Message"], refused.text


@pytest.mark.parametrize("lifetime", [-5, 0, "nan", "-inf"])
def test_a_lifetime_spent_or_not_a_number_is_the_default_not_a_refresh_per_call(
    partner: Partner, provider: tuple[Provider, EmulatorServer], lifetime: object
) -> None:
    stand_in, _ = provider
    stand_in.pages["/v1/item"] = (200, {}, b'{"id": 1}')
    account, connection = expired_connection(partner)
    stand_in.token_answers = [json_answer({"access_token": "short-lived", "expires_in": lifetime})]
    before = token_requests(stand_in)
    for _ in range(3):
        answered = call(account, connection, GET_ITEM)
        assert answered.status_code == 200, answered.text
    assert token_requests(stand_in) == before + 1
    assert stand_in.requests_to("/v1/item")[-1]["Authorization"] == "Bearer short-lived"


DEEP = b"[" * 10_000 + b"]" * 10_000


@pytest.mark.parametrize(
    ("method", "body", "words"),
    [
        (LIST_ITEMS, b'{"data": [' + DEEP + b'], "next": null}', "Page 1 of the answer nests"),
        (LIST_ITEMS, b'{"data": [{"id": 1}], "next": ' + DEEP + b"}", "Page 1 of the answer nests"),
        (LIST_ITEMS, b'{"outer": {"data": [' + DEEP + b"]}}", "Page 1 of the answer nests"),
        (GET_ITEM, b'{"id": ' + DEEP + b"}", "Hostile Provider's answer nests"),
    ],
)
def test_an_answer_nested_past_reading_is_a_502_not_a_500(
    partner: Partner, provider: tuple[Provider, EmulatorServer], method: str, body: bytes, words: str
) -> None:
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    path = "/v1/items" if method == LIST_ITEMS else "/v1/item"
    stand_in.pages[path] = (200, {}, body)
    answered = call(account, connection, method)
    assert answered.status_code == 502, answered.text
    assert words in answered.json()["Message"] and "too deeply to be read" in answered.text


def test_credentials_never_follow_a_link_or_a_redirect_to_another_host(
    partner: Partner, provider: tuple[Provider, EmulatorServer]
) -> None:
    """The stand-in answers as ``localhost`` too: a request carrying the token there would be seen."""
    stand_in, server = provider
    account, connection = expired_connection(partner)
    other = server.url.replace("127.0.0.1", "localhost")
    stand_in.pages["/v1/items?p=2"] = (200, {}, orjson.dumps({"data": [{"id": 2}], "next": None}))
    pages = {
        "another host": (200, {}, orjson.dumps({"data": [{"id": 1}], "next": f"{other}/v1/items?p=2"})),
        "scheme-relative": (200, {}, orjson.dumps({"data": [{"id": 1}], "next": "//localhost:1/v1/items?p=2"})),
        "user part": (200, {}, orjson.dumps({"data": [{"id": 1}], "next": f"{server.url}@localhost:1/v1/items"})),
        "redirect": (302, {"Location": f"{other}/v1/items?p=2"}, b""),
        "redirect inward": (307, {"Location": "http://10.0.0.1/v1/items?p=2"}, b""),
    }
    for name, page in pages.items():
        stand_in.pages["/v1/items"] = page
        before = len(stand_in.seen)
        answered = call(account, connection, LIST_ITEMS)
        assert answered.status_code == 502, (name, answered.text)
        with stand_in._lock:
            sent = [(path, headers.get("Host", "")) for _, path, headers in stand_in.seen[before:]]
        assert [path for path, _ in sent if path != "/oauth/token"] == ["/v1/items"], (name, sent)
        assert all(host.startswith("127.0.0.1:") for _, host in sent), (name, sent)


END = b'}], "next": null}'


def run_sync(account: Account, connection: int, name: str) -> dict[str, Any]:
    sync = account.post(syncs_url(connection), json={"Name": name, "MethodUniqueIdentifier": LIST_ITEMS})
    assert sync.status_code in (200, 201), sync.text
    return wait_run(account, connection, sync.json()["Id"], None)


def test_a_sync_keeps_records_holding_numbers_past_64_bits_or_deep_nesting(
    partner: Partner, provider: tuple[Provider, EmulatorServer]
) -> None:
    """Both are valid JSON that orjson will not write: hashing such a record failed every run as an "internal
    error", with a traceback in the log."""
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    big = b"111111111111111111111111111111"
    nested = b"[" * 300 + b"]" * 300
    stand_in.pages["/v1/items"] = (
        200,
        {},
        b'{"data": [{"id": 1, "n": ' + big + b'}, {"id": ' + big + b'}, {"id": 3, "n": ' + nested + END,
    )
    done = run_sync(account, connection, "wide")
    assert done["LastRun"]["Outcome"] == "completed", done
    assert done["LastRun"]["Records"] == 3 and done["LastRun"]["Added"] == 3, done
    # The feed hands them on as they came: the number was a float (1.111111111111111e+29), the nesting a 500.
    feed = account.get(syncs_url(connection, done["Id"], "records"))
    assert feed.status_code == 200, feed.text
    assert feed.text.count(big.decode()) == 3  # twice in the records, once as a Key
    assert ("[" * 300 + "]" * 300) in feed.text
    records = feed.json()["Records"]
    assert [r["_switchboard"]["Key"] for r in records] == ["1", big.decode(), "3"]
    assert records[0]["n"] == int(big) and feed.json()["HasMore"] is False


@pytest.mark.parametrize("number", [b"1e400", b"1" * 5000])
def test_a_sync_record_holding_a_number_no_reader_takes_says_so(
    partner: Partner, provider: tuple[Provider, EmulatorServer], number: bytes
) -> None:
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    stand_in.pages["/v1/items"] = (200, {}, b'{"data": [{"id": 1, "n": ' + number + END)
    done = run_sync(account, connection, "unreadable")
    assert done["LastRun"]["Outcome"] == "failed", done
    assert done["LastRun"]["Error"].startswith("A record could not be read: "), done
    assert "out of range" in done["LastRun"]["Error"] and done["LastRun"]["ErrorType"] == "UpstreamProtocolError"


def test_an_answer_nested_past_what_orjson_writes_is_logged_and_the_call_log_goes_on(
    partner: Partner, provider: tuple[Provider, EmulatorServer]
) -> None:
    """A body 300 levels deep is read (orjson reads 1,024) but not written (254): the call log's writer process
    died on that call's row, and no call of any partner was logged again until the server restarted."""
    stand_in, _ = provider
    account, connection = expired_connection(partner)
    stand_in.pages["/v1/item"] = (200, {}, b'{"id": ' + b"[" * 300 + b"]" * 300 + b"}")
    deep = call(account, connection, GET_ITEM)
    assert deep.status_code == 200, deep.text
    entry = logged(partner.http, deep.headers["X-Request-Id"])
    (exchange,) = entry["Exchanges"]
    assert exchange["Response"]["Body"].startswith('{"id": [[[')  # kept as its text
    stand_in.pages["/v1/item"] = (200, {}, b'{"id": 2}')
    later = call(account, connection, GET_ITEM)
    assert later.status_code == 200, later.text
    assert logged(partner.http, later.headers["X-Request-Id"])["Status"] == 200
