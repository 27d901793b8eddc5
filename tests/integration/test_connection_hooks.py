"""Provider webhooks at a connection's own URL (Salesloft, Asana, Box, Pipedrive, Jira), over real HTTP.

The partner reads the URL (and, where the provider signs with a token it is given, the token) from
``GET /v1.0/account/connectors/{id}``; events signed the vendor's way arrive at the partner's receiver
as ``provider.event`` for that connection, verified with ``standardwebhooks``.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.webhook_receiver import Received, Receiver


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("connection-hooks")
    s = SwitchboardServer(data_dir, server_env(data_dir, {}, **h.FAST)).start()
    yield s
    s.stop()


def of(connection: int) -> object:
    return lambda e: e.type == "provider.event" and e.data["AccountConnectorId"] == connection


def forwarded(receiver: Receiver, name: str, connection: int) -> list[Received]:
    return [
        e for e in receiver.events(name) if e.type == "provider.event" and e.data["AccountConnectorId"] == connection
    ]


def setup(server: SwitchboardServer, receiver: Receiver, name: str) -> tuple[Partner, Account]:
    partner = server.new_partner(name)
    h.subscribe(partner, receiver, name)
    return partner, partner.new_account()


def test_an_event_without_an_id_is_told_apart_by_its_connection_and_its_type(
    server: SwitchboardServer, receiver: Receiver
) -> None:
    """Salesloft sends the record alone: the same body at two customers' URLs, or deleted after its last update,
    is one event each (it was taken for a duplicate and dropped), while an exact replay still is one."""
    partner, first = setup(server, receiver, "sl-apart")
    second = partner.new_account()
    connections = [h.install(account, partner, "salesloft", AuthValue="key") for account in (first, second)]
    body = h.encode({"id": 77, "first_name": "Same", "updated_at": "2026-12-04T10:00:00Z"})
    for connection, account in zip(connections, (first, second), strict=True):
        shown = h.connection(account, connection)
        url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
        for kind in ("person_updated", "person_deleted"):
            answer = h.post(server, url, body, h.salesloft(token, body, kind))
            assert answer.status_code == 200 and answer.json() == {"Received": 1, "Duplicates": 0}, answer.text
        replay = h.post(server, url, body, h.salesloft(token, body, "person_deleted"))
        assert replay.json() == {"Received": 1, "Duplicates": 1}
    for connection in connections:
        receiver.wait_for("sl-apart", lambda e, c=connection: of(c)(e) and e.data["EventType"] == "person_deleted")
        kinds = sorted(e.data["EventType"] for e in forwarded(receiver, "sl-apart", connection))
        assert kinds == ["person_deleted", "person_updated"], kinds


def test_salesloft_callback_token(server: SwitchboardServer, receiver: Receiver) -> None:
    partner, account = setup(server, receiver, "sl")
    connection = h.install(account, partner, "salesloft", AuthValue="key")
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    assert "/hooks/c/" in url and token and h.connection(account, connection)["HookToken"] == token
    body = h.encode({"id": 5, "first_name": "Ada", "updated_at": "2026-12-04T10:00:00Z"})
    assert h.post(server, url, body, h.salesloft(token, body, "person_updated")).status_code == 200
    got = receiver.wait_for("sl", of(connection))
    assert got.verified and got.data["EventType"] == "person_updated" and got.data["Payload"]["first_name"] == "Ada"
    replay = h.post(server, url, body, h.salesloft(token, body, "person_updated"))
    assert replay.status_code == 200 and replay.json()["Duplicates"] == 1
    tampered = body.replace(b"Ada", b"Eve")
    assert h.post(server, url, tampered, h.salesloft(token, body, "person_updated")).status_code == 401
    assert h.post(server, url, tampered, h.salesloft("other-token", tampered, "person_updated")).status_code == 401
    # Another partner's connection: its token does not sign for this URL, and its receiver hears nothing.
    other, other_account = setup(server, receiver, "sl-other")
    other_connection = h.install(other_account, other, "salesloft", AuthValue="key")
    other_token = h.connection(other_account, other_connection)["HookToken"]
    assert h.post(server, url, tampered, h.salesloft(other_token, tampered, "person_updated")).status_code == 401
    time.sleep(1.0)
    assert len(forwarded(receiver, "sl", connection)) == 1 and not receiver.events("sl-other")


def test_asana_handshake_then_signed_events(server: SwitchboardServer, receiver: Receiver) -> None:
    partner, account = setup(server, receiver, "asana")
    connection = h.install(account, partner, "asana", AuthValue="pat")
    shown = h.connection(account, connection)
    assert shown["HookToken"] is None  # Asana hands its secret over in the handshake
    url = h.path_of(server, shown["HookUrl"])
    handshake = h.post(server, url, b"", {"X-Hook-Secret": "asana-secret-1"})
    assert handshake.status_code == 200 and handshake.headers["X-Hook-Secret"] == "asana-secret-1"
    event = {"action": "changed", "resource": {"gid": "1", "resource_type": "task"}, "created_at": "2026-12-04"}
    body = h.encode({"events": [event]})
    assert h.post(server, url, body, h.asana("not-it", body)).status_code == 401
    assert h.post(server, url, body, {}).status_code == 401
    assert h.post(server, url, body, h.asana("asana-secret-1", body)).status_code == 200
    got = receiver.wait_for("asana", of(connection))
    assert got.verified and got.data["EventType"] == "changed" and got.data["Payload"] == event


def test_box_primary_and_secondary_keys(server: SwitchboardServer, receiver: Receiver) -> None:
    partner, account = setup(server, receiver, "box")
    h.settings(
        partner,
        "box",
        ClientId="box-client",
        ClientSecret="box-secret",
        WebhookSigningSecret="box-primary",
        WebhookSigningSecretSecondary="box-secondary",
    )
    connection = h.install(account, partner, "box")
    url = h.path_of(server, h.connection(account, connection)["HookUrl"])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    first = h.encode({"type": "webhook_event", "id": "ev-1", "trigger": "FILE.UPLOADED"})
    assert h.post(server, url, first, h.box("box-primary", None, first, now)).status_code == 200
    second = h.encode({"type": "webhook_event", "id": "ev-2", "trigger": "FILE.TRASHED"})
    rotated = h.box("retired-key", "box-secondary", second, now)  # the primary rotated away: the secondary holds
    assert h.post(server, url, second, rotated).status_code == 200
    old = (datetime.now(UTC) - timedelta(minutes=11)).isoformat(timespec="seconds")
    third = h.encode({"type": "webhook_event", "id": "ev-3", "trigger": "FILE.UPLOADED"})
    assert h.post(server, url, third, h.box("box-primary", "box-secondary", third, old)).status_code == 401
    assert h.post(server, url, third, h.box("wrong", "wrong-too", third, now)).status_code == 401
    receiver.wait_for("box", lambda e: of(connection)(e) and e.data["ProviderEventId"] == "ev-2")  # type: ignore[operator]
    ids = sorted(e.data["ProviderEventId"] for e in forwarded(receiver, "box", connection))
    assert ids == ["ev-1", "ev-2"]


def test_pipedrive_basic_auth(server: SwitchboardServer, receiver: Receiver) -> None:
    partner, account = setup(server, receiver, "pd")
    connection = h.install(account, partner, "pipedrive", AuthValue="tok", Properties={"company_domain": "acme"})
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    body = h.encode({"meta": {"action": "change", "entity": "person"}, "data": {"id": 3}})
    assert h.post(server, url, body, h.basic("switchboard", "guess")).status_code == 401
    assert h.post(server, url, body, {}).status_code == 401
    # Not base64 for a byte past ASCII, which b64decode refuses with neither of base64's own errors (a 500 once).
    assert h.post(server, url, body, {"Authorization": "Basic \u00ff\u00ff".encode("latin-1")}).status_code == 401
    assert h.post(server, url, body, h.basic("switchboard", token)).status_code == 200
    got = receiver.wait_for("pd", of(connection))
    assert got.verified and got.data["EventType"] == "change"


def test_a_webhook_cut_short_is_not_an_event(server: SwitchboardServer, receiver: Receiver) -> None:
    # HTTP Basic signs no body: a part of one that parses (here {}) must still not become an event.
    partner, account = setup(server, receiver, "pd-cut")
    connection = h.install(account, partner, "pipedrive", AuthValue="tok", Properties={"company_domain": "acme"})
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    auth = h.basic("switchboard", token)["Authorization"]
    path = url.removeprefix(server.url)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Length: 100\r\n\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
        client.sendall(head.encode() + b"{}")  # 2 bytes of the 100 announced, then gone
    body = h.encode({"meta": {"action": "change", "entity": "person"}, "data": {"id": 4}})
    assert h.post(server, url, body, h.basic("switchboard", token)).status_code == 200  # a whole one, after it
    got = receiver.wait_for("pd-cut", of(connection))
    assert got.data["EventType"] == "change"
    time.sleep(0.8)
    assert len(forwarded(receiver, "pd-cut", connection)) == 1  # the cut one stored nothing


def test_jira_secret_and_identifier(server: SwitchboardServer, receiver: Receiver) -> None:
    partner, account = setup(server, receiver, "jira")
    connection = h.install(account, partner, "jira", AuthValue="me@x.io:tok", Properties={"cloud_id": "c1"})
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    body = h.encode({"webhookEvent": "jira:issue_updated", "issue": {"key": "P-1"}})
    assert h.post(server, url, body, h.jira("nope", body, "wh-1")).status_code == 401
    assert h.post(server, url, body, h.jira(token, body, "wh-1")).status_code == 200
    again = h.encode({"webhookEvent": "jira:issue_updated", "issue": {"key": "P-1"}, "retry": 1})
    assert h.post(server, url, again, h.jira(token, again, "wh-1")).json()["Duplicates"] == 1  # same delivery id
    got = receiver.wait_for("jira", of(connection))
    assert got.verified and got.data["EventType"] == "jira:issue_updated" and got.data["ProviderEventId"] == "wh-1"
    time.sleep(0.8)
    assert len(forwarded(receiver, "jira", connection)) == 1


def test_an_event_that_is_one_number_is_forwarded_and_blocks_nothing(
    server: SwitchboardServer, receiver: Receiver
) -> None:
    """A body of ``123`` is valid JSON: stored (SQLite reads a JSON column's lone number back as a number),
    forwarded, shown in the console, and the events after it are forwarded too."""
    partner, account = setup(server, receiver, "sl-number")
    connection = h.install(account, partner, "salesloft", AuthValue="key")
    shown = h.connection(account, connection)
    url, token = h.path_of(server, shown["HookUrl"]), shown["HookToken"]
    for body in (b"123", b"1.5", h.encode({"id": 6, "first_name": "Grace"})):
        assert h.post(server, url, body, h.salesloft(token, body, "person_updated")).status_code == 200
    deadline = time.monotonic() + 15
    while len(forwarded(receiver, "sl-number", connection)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    payloads = [e.data["Payload"] for e in forwarded(receiver, "sl-number", connection)]
    assert sorted(map(str, payloads)) == sorted(["123", "1.5", str({"id": 6, "first_name": "Grace"})]), payloads
    with httpx.Client(base_url=server.url, follow_redirects=False) as console:
        credentials = {"client_id": partner.client_id, "client_secret": partner.client_secret}
        signed_in = console.post("/console/signin", data=credentials)
        assert signed_in.status_code == 303, signed_in.text
        page = console.get("/console/hooks")
    assert page.status_code == 200 and "person_updated" in page.text


def test_handshakes_cannot_push_out_a_secret_that_signs_events(server: SwitchboardServer, receiver: Receiver) -> None:
    """Whoever holds the URL can make a handshake; once an event came signed with a secret, no number of
    later handshakes evicts it (they rotate among the secrets no event has used yet)."""
    partner, account = setup(server, receiver, "asana-evict")
    connection = h.install(account, partner, "asana", AuthValue="pat")
    url = h.path_of(server, h.connection(account, connection)["HookUrl"])
    assert h.post(server, url, b"", {"X-Hook-Secret": "genuine-asana"}).status_code == 200
    first = h.encode({"events": [{"action": "added", "resource": {"gid": "1"}, "created_at": "2026-12-05"}]})
    assert h.post(server, url, first, h.asana("genuine-asana", first)).status_code == 200
    for n in range(8):
        assert h.post(server, url, b"", {"X-Hook-Secret": f"junk-{n}"}).status_code == 200
    later = h.encode({"events": [{"action": "changed", "resource": {"gid": "1"}, "created_at": "2026-12-05"}]})
    assert h.post(server, url, later, h.asana("genuine-asana", later)).status_code == 200
    assert h.post(server, url, later, h.asana("junk-0", later)).status_code == 401  # rotated out, never used
    deadline = time.monotonic() + 15
    while len(forwarded(receiver, "asana-evict", connection)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [e.data["EventType"] for e in forwarded(receiver, "asana-evict", connection)] == ["added", "changed"]
