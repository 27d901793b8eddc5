"""The provider hook request path under concurrency, over real HTTP: requests stored together, each
answered with its own duplicate count; cached lookups dropped when a secret or a connection changes;
acknowledgements that never wait for another writer of the database; a store that cannot write in
time answered 503, and nothing lost or forwarded twice.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from switchboard.store.inbox import INBOX_NAME
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration import hook_helpers as h
from tests.webhook_receiver import Received, Receiver


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hooks-group-commit")


@pytest.fixture(scope="module")
def server(data_dir: Path) -> Iterator[SwitchboardServer]:
    extra = {**h.FAST, "SWITCHBOARD_HOOK_REQUESTS_PER_MINUTE": "1000", "SWITCHBOARD_HOOK_STORE_TIMEOUT": "3"}
    s = SwitchboardServer(data_dir, server_env(data_dir, {}, **extra)).start()
    yield s
    s.stop()


def setup(server: SwitchboardServer, receiver: Receiver, name: str) -> tuple[Partner, Account]:
    partner = server.new_partner(name)
    h.subscribe(partner, receiver, name)
    return partner, partner.new_account()


def salesloft(server: SwitchboardServer, partner: Partner, account: Account) -> tuple[int, str, str]:
    connection = h.install(account, partner, "salesloft", AuthValue="key")
    shown = h.connection(account, connection)
    return connection, h.path_of(server, shown["HookUrl"]), shown["HookToken"]


def person(i: int) -> bytes:
    return h.encode({"id": i, "first_name": f"P{i}", "updated_at": "2026-12-05T00:00:00Z"})


def test_concurrent_requests_are_stored_together_and_count_their_own_duplicates(
    server: SwitchboardServer, receiver: Receiver
) -> None:
    partner, account = setup(server, receiver, "group")
    connection, url, token = salesloft(server, partner, account)
    bodies = [person(i) for i in range(30)] * 2  # every event twice, the copies racing each other

    def send(body: bytes) -> httpx.Response:
        return h.post(server, url, body, h.salesloft(token, body, "person_updated"))

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(send, bodies))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers if a.status_code != 200]
    by_body: dict[bytes, list[int]] = {}
    for body, answer in zip(bodies, answers, strict=True):
        assert answer.json()["Received"] == 1
        by_body.setdefault(body, []).append(answer.json()["Duplicates"])
    assert all(sorted(counts) == [0, 1] for counts in by_body.values())  # exactly one copy of each was new
    receiver.wait_for("group", lambda e: len(forwarded(receiver, "group", connection)) >= 30, timeout=30)
    time.sleep(0.5)
    events = forwarded(receiver, "group", connection)
    assert sorted(e.data["Payload"]["id"] for e in events) == list(range(30)) and all(e.verified for e in events)


def forwarded(receiver: Receiver, name: str, connection: int) -> list[Received]:
    return [
        e for e in receiver.events(name) if e.type == "provider.event" and e.data["AccountConnectorId"] == connection
    ]


def test_rotated_secret_and_deleted_connection_take_effect_at_once(
    server: SwitchboardServer, receiver: Receiver
) -> None:
    partner, account = setup(server, receiver, "rotate")
    h.settings(partner, "box", ClientId="c", ClientSecret="s", WebhookSigningSecret="old-key")
    connection = h.install(account, partner, "box")
    url = h.path_of(server, h.connection(account, connection)["HookUrl"])
    now = datetime.now(UTC).isoformat(timespec="seconds")

    def event(n: int) -> bytes:
        return h.encode({"type": "webhook_event", "id": f"ev-{n}", "trigger": "FILE.UPLOADED"})

    assert h.post(server, url, event(1), h.box("old-key", None, event(1), now)).status_code == 200  # now cached
    h.settings(partner, "box", WebhookSigningSecret="new-key")
    assert h.post(server, url, event(2), h.box("old-key", None, event(2), now)).status_code == 401
    assert h.post(server, url, event(3), h.box("new-key", None, event(3), now)).status_code == 200
    assert account.delete(f"/v1.0/account/connectors/{connection}").status_code == 200
    gone = h.post(server, url, event(4), h.box("new-key", None, event(4), now))
    assert gone.status_code == 404 and "No webhook" in gone.json()["Message"]


def test_a_store_that_cannot_write_in_time_answers_503_and_loses_nothing(
    server: SwitchboardServer, receiver: Receiver, data_dir: Path
) -> None:
    partner, account = setup(server, receiver, "busy")
    connection, url, token = salesloft(server, partner, account)
    body = person(99)
    headers = h.salesloft(token, body, "person_updated")
    assert h.post(server, url, person(98), h.salesloft(token, person(98), "person_updated")).status_code == 200
    # Another process holds the hook inbox's write lock past the request's store timeout (3 s here).
    holder = sqlite3.connect(data_dir / INBOX_NAME, timeout=30, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    released = threading.Timer(6.0, holder.rollback)
    released.start()
    try:
        refused = h.post(server, url, body, headers)
    finally:
        released.join()
        holder.close()
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert "send the request again" in refused.json()["Message"] and token not in refused.text
    # The write under way was not cut off: it committed once the lock was free, so the provider's
    # repeat is recognised, and the event is forwarded once.
    again = h.post(server, url, body, headers)
    assert again.status_code == 200 and again.json() == {"Received": 1, "Duplicates": 1}
    receiver.wait_for("busy", lambda e: e.type == "provider.event" and e.data["Payload"]["id"] == 99, timeout=30)
    time.sleep(0.5)
    assert sorted(e.data["Payload"]["id"] for e in forwarded(receiver, "busy", connection)) == [98, 99]


def test_an_acknowledgement_does_not_wait_for_another_writer_of_the_database(
    server: SwitchboardServer, receiver: Receiver, data_dir: Path
) -> None:
    partner, account = setup(server, receiver, "inbox")
    connection, url, token = salesloft(server, partner, account)
    # Another process (the events process, the call log's writer, here a plain connection) holds the
    # database's write lock: the events go to the inbox beside it and are acknowledged at once.
    holder = sqlite3.connect(data_dir / "switchboard.db", timeout=30, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for i in (201, 202, 202):
            started = time.monotonic()
            answer = h.post(server, url, person(i), h.salesloft(token, person(i), "person_updated"))
            assert answer.status_code == 200, answer.text
            assert time.monotonic() - started < 2.0  # not the 3 s store timeout, nor the lock's holding
        assert answer.json() == {"Received": 1, "Duplicates": 1}  # a repeat is still recognised
        time.sleep(0.5)
        assert not forwarded(receiver, "inbox", connection)  # moved and forwarded only once the lock is free
    finally:
        holder.rollback()
        holder.close()
    receiver.wait_for("inbox", lambda e: len(forwarded(receiver, "inbox", connection)) >= 2, timeout=30)
    time.sleep(0.5)
    assert sorted(e.data["Payload"]["id"] for e in forwarded(receiver, "inbox", connection)) == [201, 202]
