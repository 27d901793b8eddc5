"""The imported connectors end to end against the spec-driven emulator (issue 11, point 5).

One Switchboard server; each connector pointed at its vendor's spec emulator and connected through the real
OAuth flow. Every method is called once through ``POST .../methods/{uid}/body`` with inputs generated from its
definition (tests/contract/imported_inputs.py); the emulator validates each request against the vendor's spec
with openapi-core and answers 400 when it does not. Then a paged list per connector, and a token refresh.
"""

from __future__ import annotations

import math
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
import pytest

from switchboard.catalog.registry import Method, Registry
from switchboard_emulators import VENDORS, EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.spec import SpecEmulator, load_config
from tests.contract.case import CASE, CLIENT, EVERY, KEYS, LISTS, OAUTH, Listed
from tests.contract.imported_inputs import call_body, operation_of
from tests.contract.sent import carried, expected_headers
from tests.contract.specs import SPECS_DIR
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import browse, sign_in_url

SPECS = SPECS_DIR


@dataclass
class Wired:
    """A connector's emulator and its connections (one per slice of methods, see ``slices``)."""

    key: str
    emulator: SpecEmulator
    server: EmulatorServer
    account: Account
    connections: list[int]


def _emulator(key: str) -> SpecEmulator:
    config = load_config(VENDORS / f"{key}.yaml")
    assert config.spec is not None
    # The vendors' limits stay Switchboard's to keep (its own limiter paces every connection);
    # the emulator's single window would count all the test's connections together.
    return SpecEmulator(SPECS / config.spec, replace(config, rate_limits=()))


def slices(registry: Registry, key: str) -> int:
    """Connections needed so no connection's methods wait for its per-connection rate limit.

    Limits are per connection (``scope: account_connector``); one call each fits in the
    shortest window when a connection has at most 80% of the smallest such limit to spend.
    """
    definition = registry.by_key[key].definition
    limits = [r.limit for r in definition.rate_limits if r.scope == "account_connector" and r.per <= 3600]
    count = len(registry.by_key[key].methods)
    return max(1, math.ceil(count / max(1, int(min(limits) * 0.8)))) if limits else 1


def connect(account: Account, key: str, connector_id: int, emulator: SpecEmulator, own: dict[str, str]) -> int:
    """An account connector signed in as a user would: OAuth consent, or the emulator's key as AuthValue; ``own``:
    this install's own property values (one of the case's ``installs``)."""
    if not CASE[key].oauth:
        return install_with_key(account, key, connector_id, emulator.credentials(), own)
    given = [{"Name": name, "Value": v} for name, v in {**CASE[key].install, **own}.items()]
    installed = account.post(f"/v1.0/connectors/{connector_id}/install", json={"Properties": given})
    assert installed.status_code == 200, installed.text
    connection: int = installed.json()["Id"]
    final, page = browse(sign_in_url(account, connection))
    assert page is None, f"{key}: {page.status_code} {page.text[:500]}" if page else ""
    assert "Status=Authenticated" in final, final
    shown = account.get(f"/v1.0/account/connectors/{connection}").json()["Properties"]
    assert {p["Name"]: p["Value"] for p in shown} == {**CASE[key].install, **own, **CASE[key].properties}
    return connection


def install_with_key(
    account: Account, key: str, connector_id: int, creds: dict[str, str], own: dict[str, str] | None = None
) -> int:
    """Install with the key the emulator accepts: Basic as ``user:password``, client credentials as
    ``client_id:client_secret``, else the key itself."""
    if "username" in creds:
        value = f"{creds['username']}:{creds['password']}"
    elif "client_id" in creds:
        value = f"{creds['client_id']}:{creds['client_secret']}"
    else:
        value = creds["key"]
    properties = [{"Name": name, "Value": v} for name, v in {**CASE[key].properties, **(own or {})}.items()]
    installed = account.post(f"/v1.0/connectors/{connector_id}/install",
                             json={"AuthValue": value, "Properties": properties})  # fmt: skip
    assert installed.status_code == 200, installed.text
    connection: int = installed.json()["Id"]
    return connection


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load()


class Wiring(dict[str, Wired]):
    """Each connector wired on first use (its emulator, app settings, an account, its connections),
    so a test of one connector (``-k <key>``) builds only that one, and no test's set-up builds all
    (reading a spec into its emulator takes seconds; fifty of them would outlast a test's timeout)."""

    def __init__(self, registry: Registry, partner: Partner, sockets: dict[str, socket.socket]) -> None:
        super().__init__()
        self.registry, self.partner, self.sockets = registry, partner, sockets
        self.servers: dict[str, EmulatorServer] = {}
        self.listing = {c["Name"]: c["Id"] for c in partner.connectors()}

    def __missing__(self, key: str) -> Wired:
        emu = _emulator(key)
        # On the socket bound at start, whose address Switchboard was told of (a port only reserved
        # could be taken meanwhile by any outgoing connection's ephemeral port).
        self.servers[key] = EmulatorServer(emu, sock=self.sockets[key]).start()
        connector_id = self.listing[self.registry.by_key[key].definition.name]
        case, creds = CASE[key], emu.credentials()
        settings = {"Properties": case.partner} if case.partner else {}  # values for every install, set once
        if case.oauth:
            settings |= {"ClientId": creds["client_id"], "ClientSecret": creds["client_secret"]}
        if settings:
            answer = self.partner.http.put(f"/v1.0/connectors/{connector_id}/settings", json=settings)
            assert answer.status_code == 200, answer.text
        account, installs = self.partner.new_account(), case.installs
        count = max(slices(self.registry, key), len(installs))
        connections = [connect(account, key, connector_id, emu, installs[i % len(installs)]) for i in range(count)]
        self[key] = Wired(key, emu, self.servers[key], account, connections)
        return self[key]


@pytest.fixture(scope="session")
def wired(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Iterator[Wiring]:
    sockets = {key: _listening() for key in KEYS}
    data_dir = tmp_path_factory.mktemp("imported")
    env = server_env(data_dir, {key: f"http://127.0.0.1:{s.getsockname()[1]}" for key, s in sockets.items()},
                     SWITCHBOARD_HEALTH_POLL_SECONDS="3600", SWITCHBOARD_MAX_RATE_LIMIT_WAIT="120")  # fmt: skip
    switchboard = SwitchboardServer(data_dir, env).start()
    wiring = Wiring(registry, switchboard.new_partner("Importer partner"), sockets)
    try:
        yield wiring
    finally:
        switchboard.stop()
        for server in wiring.servers.values():
            server.stop()
        for sock in sockets.values():
            sock.close()


def _listening() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections wait in the backlog until the emulator serves
    return sock


def _call(wired: Wired, connection: int, method: Method, body: dict[str, Any]) -> httpx.Response:
    return wired.account.post(f"/v1.0/account/connectors/{connection}/methods/{method.unique_id}/body", json=body)


def _run_all(wired: Wired, registry: Registry) -> dict[str, str]:
    """Every method once; the failures by method name, with why."""
    methods = registry.by_key[wired.key].methods
    share = math.ceil(len(methods) / len(wired.connections))

    def run(index: int) -> dict[str, str]:
        failures: dict[str, str] = {}
        for method in methods[index * share : (index + 1) * share]:
            op = operation_of(wired.emulator, method)
            if op is None:
                failures[method.name] = f"{method.definition.http}: no such operation in the spec"
                continue
            answer = _call(wired, wired.connections[index], method, call_body(wired.emulator, method, op))
            if not 200 <= answer.status_code < 300:
                failures[method.name] = f"{method.definition.http}: {answer.status_code} {answer.text[:1000]}"
        return failures

    with ThreadPoolExecutor(max_workers=len(wired.connections)) as pool:
        found: dict[str, str] = {}
        for part in pool.map(run, range(len(wired.connections))):
            found.update(part)
    return found


@pytest.mark.parametrize("key", EVERY)
def test_every_method_sends_what_the_spec_accepts(key: str, wired: dict[str, Wired], registry: Registry) -> None:
    # One connector per test (not all in one fixture): each stays within the per-test timeout,
    # and ``-k <key>`` calls only that connector's methods.
    failures = _run_all(wired[key], registry)
    known = CASE[key].known
    unexpected = {name: why for name, why in failures.items() if name not in known}
    listing = "\n".join(f"{name}: {why}" for name, why in sorted(unexpected.items()))
    assert not unexpected, f"{len(unexpected)} failing:\n{listing}"
    assert set(known) - set(failures) == set(), (
        f"now passing, take off known in cases/{key}.yaml: {sorted(set(known) - set(failures))}"
    )
    otherwise = {name: failures[name] for name, (_, says) in known.items() if says not in failures[name]}
    assert not otherwise, f"failing for another reason than cases/{key}.yaml says: {otherwise}"


def test_a_method_on_another_host_of_the_api_is_sent_there(wired: dict[str, Wired], registry: Registry) -> None:
    w, own = wired["box"], [m for m in registry.by_key["box"].methods if m.definition.base_url]  # uploads, zips
    assert sorted(urlsplit(m.definition.base_url).netloc for m in own) == ["dl.boxcloud.com"] + 9 * ["upload.box.com"]
    for method in own:  # an upstream override moves the host, never the path
        mark, base = len(w.emulator.requests.all()), urlsplit(method.definition.base_url).path  # /api/2.0, /2.0
        _call(w, w.connections[0], method, call_body(w.emulator, method, operation_of(w.emulator, method)))  # type: ignore[arg-type]
        paths = [r.path for r in w.emulator.requests.all()[mark:]]
        assert paths and all(p.startswith(f"{base}/") for p in paths), (method.name, paths)


@pytest.mark.parametrize(("key", "listed"), LISTS)
def test_a_paged_list_comes_back_whole(key: str, listed: Listed, wired: dict[str, Wired], registry: Registry) -> None:
    """Through each install of the case's (Apideck's: one consumer id each, the app id the partner's), every page
    asked for once, each request carrying the install's headers and key."""
    case, w = CASE[key], wired[key]
    http, path, parameters, records = listed.http, listed.path, listed.parameters, listed.records
    method = next(m for m in registry.by_key[key].methods if m.definition.http == http)
    page_size = (method.pagination or registry.by_key[key].definition.pagination).size  # type: ignore[union-attr]
    # An API that takes no page size (Dialpad) pages at its own: the emulator's.
    page_size = page_size or w.emulator.config.pagination.size  # type: ignore[union-attr]
    seeded = w.emulator.seed(path, page_size * 2 + 3)
    # A connector's lists start on its connections in turn: their pages stay within each connection's rate limit.
    start = case.lists().index(listed)
    for turn in range(len(case.installs)):
        index = (start + turn) % len(w.connections)
        connection, own = w.connections[index], case.installs[index % len(case.installs)]
        mark = len(w.emulator.requests.all())
        answer = _call(w, connection, method, {"Parameters": parameters})
        assert answer.status_code == 200, answer.text[:1000]
        got = answer.json()
        for part in filter(None, records.split(".")):  # "": the answer is the list itself (Gusto, BigCommerce v2)
            got = got[part]  # a dotted path: HAL's _embedded.calls (Vonage Voice)
        id_field = w.emulator.answers.id_field(operation_of(w.emulator, method))  # type: ignore[arg-type]
        assert [r.get(id_field) for r in got] == [r.get(id_field) for r in seeded]
        pages = [r for r in w.emulator.requests.all()[mark:] if r.path == path]
        # More than one page, each asked for once (the method's own page size may be below the overlay's;
        # a cursor in the body, Notion's, tells its pages apart there).
        assert len(pages) > 1 and len({(tuple(r.query), r.body) for r in pages}) == len(pages), [r.query for r in pages]
        key_sent = None if case.oauth else w.emulator.credentials().get("key")
        wanted = expected_headers(registry.by_key[key].definition, {**case.partner, **case.properties, **own}, key_sent)
        assert [carried(r.headers, wanted) for r in pages] == [wanted] * len(pages)


def test_an_export_that_says_its_last_page_is_not_asked_past_it(wired: dict[str, Wired], registry: Registry) -> None:
    """Zendesk's cursor export gives after_cursor on every page (the next export starts there): end_of_stream, true on
    the last page, ends the list there, with no request for the empty page its cursor names."""
    w, path = wired["zendesk"], "/api/v2/incremental/users/cursor"
    method = next(m for m in registry.by_key["zendesk"].methods if m.definition.http == f"GET {path}")
    seeded = w.emulator.seed(path, 2 * 1000 + 7)  # the method's page size: 1000, three pages
    mark = len(w.emulator.requests.all())
    answer = _call(w, w.connections[0], method, {"Parameters": {"start_time": 1600000000}})
    assert answer.status_code == 200, answer.text[:1000]
    assert [u["id"] for u in answer.json()["users"]] == [u["id"] for u in seeded]
    assert answer.json()["end_of_stream"] is True  # the answer holds every page: it is the last
    pages = [r for r in w.emulator.requests.all()[mark:] if r.path == path]
    assert len(pages) == 3, [r.query for r in pages]


def test_a_next_link_to_another_host_is_never_followed(wired: dict[str, Wired], registry: Registry) -> None:
    """Okta's pages name the next one in the Link header; one aimed elsewhere must not get the token."""
    case, w = CASE["okta"], wired["okta"]
    method = next(m for m in registry.by_key["okta"].methods if m.definition.http == case.http)
    w.emulator.seed(str(case.path), 3)
    mark = len(w.emulator.requests.all())
    w.emulator.faults.arm(Fault(kind="foreign_link", path_prefix=str(case.path)))
    try:
        answer = _call(w, w.connections[0], method, {"Parameters": case.parameters})
    finally:
        w.emulator.faults.clear()
    assert answer.status_code == 502, answer.text[:500]
    assert "another host (elsewhere.invalid); refusing to follow it" in answer.json()["Message"]
    assert len([r for r in w.emulator.requests.all()[mark:] if r.path == case.path]) == 1


@pytest.mark.parametrize("key", OAUTH)
def test_an_expired_token_is_refreshed(key: str, wired: dict[str, Wired], registry: Registry) -> None:
    w = wired[key]
    emu = w.emulator
    http, parameters = CASE[key].refreshed_by or (CASE[key].http, CASE[key].parameters)
    method = next(m for m in registry.by_key[key].methods if m.definition.http == http)
    before = set(emu.auth.refresh)
    requests, mark = emu.auth.token_requests, len(emu.requests.all())
    emu.auth.expire_access_tokens()
    answer = _call(w, w.connections[0], method, {"Parameters": parameters})
    assert answer.status_code == 200, answer.text[:500]
    assert emu.auth.token_requests == requests + 1
    # Spent where the provider takes refresh tokens: its own endpoint (Figma's /v1/oauth/refresh), or the token URL.
    spent_at = emu.config.auth.refresh_path or emu.config.auth.token_path
    assert [r.path for r in emu.requests.all()[mark:]].count(spent_at) == 1
    if CASE[key].rotates:
        assert set(emu.auth.refresh) - before, "a new refresh token was issued"
        assert len(before - set(emu.auth.refresh)) == 1, "the used refresh token is retired"
    else:
        assert set(emu.auth.refresh) == before


@pytest.mark.parametrize("key", CLIENT)
def test_an_expired_client_token_is_fetched_once_for_parallel_calls(
    key: str, wired: dict[str, Wired], registry: Registry
) -> None:
    w = wired[key]
    emu = w.emulator
    method = next(m for m in registry.by_key[key].methods if m.definition.http == CASE[key].http)
    _call(w, w.connections[0], method, {"Parameters": CASE[key].parameters})  # a token is held
    requests = emu.auth.token_requests
    emu.auth.expire_access_tokens()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: _call(w, w.connections[0], method, {"Parameters": CASE[key].parameters}),
                                range(4)))  # fmt: skip
    assert [a.status_code for a in answers] == [200] * 4, [a.text[:300] for a in answers]
    assert emu.auth.token_requests == requests + 1


@pytest.mark.parametrize("key", CLIENT)
def test_a_revoked_client_token_is_fetched_again_after_the_401(
    key: str, wired: dict[str, Wired], registry: Registry
) -> None:
    w = wired[key]
    emu = w.emulator
    method = next(m for m in registry.by_key[key].methods if m.definition.http == CASE[key].http)
    _call(w, w.connections[0], method, {"Parameters": CASE[key].parameters})  # a token is held
    requests = emu.auth.token_requests
    emu.auth.access.clear()  # the vendor revoked it before its time: only the 401 tells
    answer = _call(w, w.connections[0], method, {"Parameters": CASE[key].parameters})
    assert answer.status_code == 200, answer.text[:500]
    assert emu.auth.token_requests == requests + 1


@pytest.mark.parametrize("key", CLIENT)
def test_refused_client_credentials_are_a_400_at_install(key: str, wired: dict[str, Wired]) -> None:
    w = wired[key]
    creds = w.emulator.credentials()
    connector_id = w.account.get(f"/v1.0/account/connectors/{w.connections[0]}").json()["Connector"]["Id"]
    properties = [{"Name": name, "Value": v} for name, v in CASE[key].properties.items()]
    body = {"AuthValue": f"{creds['client_id']}:not-the-secret", "Properties": properties}
    answer = w.account.post(f"/v1.0/connectors/{connector_id}/install", json=body)
    assert answer.status_code == 400, answer.text[:500]
    assert "refused these credentials" in answer.json()["Message"]
    assert "not-the-secret" not in answer.text


@pytest.mark.parametrize("key", CLIENT)
def test_an_empty_auth_value_takes_the_client_from_the_properties(
    key: str, wired: dict[str, Wired], registry: Registry
) -> None:
    """Cyclr's AuthValue "{}" ("Cyclr obtains those details itself") with ClientId and ClientSecret as Properties:
    the client's id and secret, exchanged for a token, as "client_id:client_secret" is."""
    w = wired[key]
    creds = w.emulator.credentials()
    connector_id = w.account.get(f"/v1.0/account/connectors/{w.connections[0]}").json()["Connector"]["Id"]
    properties = [{"Name": name, "Value": v} for name, v in CASE[key].properties.items()]
    app = [{"Name": "ClientId", "Value": creds["client_id"]}, {"Name": "ClientSecret", "Value": creds["client_secret"]}]
    answer = w.account.post(
        f"/v1.0/connectors/{connector_id}/install", json={"AuthValue": "{}", "Properties": properties + app}
    )
    assert answer.status_code == 200, answer.text[:500]
    assert answer.json()["Authenticated"] is True and creds["client_secret"] not in answer.text
    assert {p["Name"] for p in answer.json()["Properties"]} == set(CASE[key].properties)  # the app is no property
    method = next(m for m in registry.by_key[key].methods if m.definition.http == CASE[key].http)
    called = _call(w, answer.json()["Id"], method, {"Parameters": CASE[key].parameters})
    assert called.status_code == 200, called.text[:500]
    half = w.account.post(
        f"/v1.0/connectors/{connector_id}/install", json={"AuthValue": "{}", "Properties": properties + app[:1]}
    )
    assert half.status_code == 400 and "give the client's ClientId and ClientSecret" in half.json()["Message"]
    w.account.delete(f"/v1.0/account/connectors/{answer.json()['Id']}")


def test_a_whole_body_is_sent_as_the_array_under_its_type_and_a_wrong_type_is_a_400(
    wired: dict[str, Wired], registry: Registry
) -> None:
    # Box's classification update: a JSON Patch array, application/json-patch+json in the spec.
    w = wired["box"]
    method = next(
        m for m in registry.by_key["box"].methods if m.definition.content_type == "application/json-patch+json"
    )
    generated = call_body(w.emulator, method, operation_of(w.emulator, method))
    ops = orjson.loads(generated["RequestBody"])["$"]
    mark = len(w.emulator.requests.all())
    # The array as the RequestBody itself (the other spelling, {"$": [...]}, is every method's call above).
    answer = _call(w, w.connections[0], method, {**generated, "RequestBody": orjson.dumps(ops).decode()})
    assert answer.status_code == 200, answer.text[:500]
    sent = w.emulator.requests.all()[mark:]
    assert [({k.lower(): v for k, v in r.headers.items()}["content-type"], orjson.loads(r.body)) for r in sent] == [
        ("application/json-patch+json", ops)
    ]
    wrong = _call(w, w.connections[0], method, {**generated, "RequestBody": orjson.dumps({"$": ops[0]}).decode()})
    assert wrong.status_code == 400, wrong.text[:500]
    assert "Field Body is the whole request body and must be a JSON array, not an object" in wrong.json()["Message"]
    assert len(w.emulator.requests.all()) == mark + 1  # nothing sent for the refused one
