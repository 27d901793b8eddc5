"""Webhooks over real HTTP: each event produced by its real cause, verified with ``standardwebhooks``."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import Account, Partner, SwitchboardServer, server_env
from tests.integration.test_oauth import TARGET, browse, list_accounts, sign_in_url
from tests.webhook_receiver import Received, Receiver, settled

FAST = {
    "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE": "[0.3, 0.3, 0.3]",
    "SWITCHBOARD_WEBHOOK_POLL_SECONDS": "0.1",
    "SWITCHBOARD_WEBHOOK_TIMEOUT": "3",
    "SWITCHBOARD_HEALTH_POLL_SECONDS": "0.3",
    "SWITCHBOARD_REFRESH_RETRY_SECONDS": "1",
}


@pytest.fixture(scope="module")
def sl() -> Iterator[EmulatorServer]:
    server = EmulatorServer(SalesloftEmulator()).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, sl: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("webhooks")
    s = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": sl.url}, **FAST)).start()
    yield s
    s.stop()


def emulator(server: EmulatorServer) -> SalesloftEmulator:
    assert isinstance(server.emulator, SalesloftEmulator)
    return server.emulator


def oauth_partner(server: SwitchboardServer, sl: EmulatorServer, name: str) -> Partner:
    partner = server.new_partner(name)
    settings = partner.http.put(
        f"/v1.0/connectors/{partner.connector_id('salesloft')}/settings",
        json={"ClientId": emulator(sl).client_id, "ClientSecret": emulator(sl).client_secret},
    )
    assert settings.status_code == 200, settings.text
    return partner


def hook(partner: Partner, receiver: Receiver, name: str, **body: object) -> int:
    created = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url(name), **body})
    assert created.status_code == 201, created.text
    receiver.secrets[name] = created.json()["Secret"]
    return int(created.json()["Id"])


def connect(account: Account) -> int:
    connection = account.install("salesloft")
    final, page = browse(sign_in_url(account, connection))
    assert page is None and final.startswith(TARGET)
    return connection


def of(kind: str, connection: int) -> object:
    return lambda e: e.type == kind and e.data.get("AccountConnectorId") == connection


def test_endpoints_crud_and_validation(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("CRUD")
    created = partner.http.post(
        "/v1.0/webhooks", json={"Url": receiver.url("crud"), "Events": ["connection.created"], "Description": "x"}
    )
    assert created.status_code == 201
    body = created.json()
    assert body["Secret"].startswith("whsec_") and body["Enabled"] is True
    read = partner.http.get(f"/v1.0/webhooks/{body['Id']}").json()
    assert "Secret" not in read and read["Events"] == ["connection.created"]
    updated = partner.http.put(f"/v1.0/webhooks/{body['Id']}", json={"Enabled": False, "Events": []})
    assert updated.json()["Enabled"] is False and updated.json()["Events"] == []
    assert [w["Id"] for w in partner.http.get("/v1.0/webhooks").json()] == [body["Id"]]
    other = server.new_partner("Other")
    assert other.http.get(f"/v1.0/webhooks/{body['Id']}").status_code == 404
    assert other.http.delete(f"/v1.0/webhooks/{body['Id']}").status_code == 404
    bad_url = partner.http.post("/v1.0/webhooks", json={"Url": "ftp://x"})
    assert bad_url.status_code == 400 and "http" in bad_url.json()["Message"]
    for url, says in [
        ("http://exa mple.com/hooks", "characters no host name has"),
        ("https://hooks.example.com:0/x", "a port that is not a number from 1 to 65535"),
        ("https://hooks.example.com:99999/x", "a port that is not a number from 1 to 65535"),
        ("https://user:s3cret-pw@hooks.example.com/x", "must not hold a user name or password"),
    ]:
        odd = partner.http.post("/v1.0/webhooks", json={"Url": url})
        assert odd.status_code == 400 and says in odd.json()["Message"], (url, odd.text)
        assert "s3cret-pw" not in odd.text
    bad_event = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url("x"), "Events": ["nope"]})
    assert bad_event.status_code == 400 and "unknown event types nope" in bad_event.json()["Message"]
    bad_account = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url("x"), "AccountId": "missing"})
    assert bad_account.status_code == 400
    assert partner.http.post(f"/v1.0/webhooks/{body['Id']}/test").status_code == 400  # disabled
    assert partner.http.delete(f"/v1.0/webhooks/{body['Id']}").status_code == 204
    assert partner.http.get(f"/v1.0/webhooks/{body['Id']}").status_code == 404


def test_oauth_walk_through_is_announced_in_order(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    partner = oauth_partner(server, sl, "Walk")
    hook(partner, receiver, "walk")
    account = partner.new_account()
    connection = connect(account)
    assert account.delete(f"/v1.0/account/connectors/{connection}").status_code == 200
    receiver.wait_for("walk", of("connection.deleted", connection))
    events = [e for e in receiver.events("walk") if e.data.get("AccountConnectorId") == connection]
    assert [e.type for e in events] == ["connection.created", "connection.authenticated", "connection.deleted"]
    assert all(e.verified for e in events)
    first = events[0]
    assert first.data["AccountId"] == account.api_id
    assert first.data["ConnectorId"] == partner.connector_id("salesloft")
    assert first.headers["webhook-id"].startswith("evt_") and len({e.headers["webhook-id"] for e in events}) == 3
    assert set(first.body) == {"type", "timestamp", "data"}


def test_revoked_refresh_token_requires_reauthorization(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    partner = oauth_partner(server, sl, "Revoked")
    hook(partner, receiver, "revoked", Events=["connection.reauthorization_required"])
    account = partner.new_account()
    connection = connect(account)
    emulator(sl).revoke_refresh_tokens()
    emulator(sl).expire_access_tokens()
    assert list_accounts(account, connection).status_code == 409
    event = receiver.wait_for("revoked", of("connection.reauthorization_required", connection))
    assert event.verified and event.data["ReasonCode"] in ("invalid_grant", "revoked")
    assert "refresh token" in event.data["Reason"]
    assert {e.type for e in receiver.events("revoked")} == {"connection.reauthorization_required"}
    health = account.get(f"/v1.0/account/connectors/{connection}").json()["Health"]
    assert health["State"] == "NeedsReauthentication"


def test_failing_token_endpoint_is_reported_once_then_recovers(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    partner = oauth_partner(server, sl, "Flaky token endpoint")
    hook(partner, receiver, "flaky", Events=["connection.refresh_failed", "connection.recovered"])
    account = partner.new_account()
    connection = connect(account)
    emulator(sl).expire_access_tokens()
    emulator(sl).faults.arm(Fault("error", path_prefix="/oauth/token", status=503, times=None))
    try:
        assert list_accounts(account, connection).status_code == 502
        assert list_accounts(account, connection).status_code == 502
        failed = receiver.wait_for("flaky", of("connection.refresh_failed", connection))
        health = account.get(f"/v1.0/account/connectors/{connection}").json()["Health"]
        assert health["State"] == "RefreshFailing" and health["ConsecutiveFailures"] >= 2
        assert "503" in health["LastError"] and health["NextAttempt"] is not None
    finally:
        emulator(sl).faults.clear()
    assert failed.verified and "NextAttemptAt" in failed.data and "503" in failed.data["Reason"]
    # The health worker retries on its own schedule; no call is needed to recover.
    recovered = receiver.wait_for("flaky", of("connection.recovered", connection), timeout=20)
    assert recovered.verified
    mine = [e.type for e in receiver.events("flaky") if e.data["AccountConnectorId"] == connection]
    assert mine == ["connection.refresh_failed", "connection.recovered"]  # once each, not once per call
    health = account.get(f"/v1.0/account/connectors/{connection}").json()["Health"]
    assert health["State"] == "Healthy" and health["LastRefreshed"] is not None
    assert list_accounts(account, connection).status_code == 200


def test_call_failed_carries_no_body_or_secret(
    server: SwitchboardServer, sl: EmulatorServer, receiver: Receiver
) -> None:
    partner = server.new_partner("Calls")
    hook(partner, receiver, "calls", Events=["call.failed"])
    account = partner.new_account()
    key = emulator(sl).api_key
    connection = account.install("salesloft", AuthValue=key)
    emulator(sl).faults.arm(Fault("error", path_prefix="/v2/accounts", status=500, times=None))
    try:
        assert list_accounts(account, connection).status_code == 500
    finally:
        emulator(sl).faults.clear()
    event = receiver.wait_for("calls", of("call.failed", connection))
    assert event.verified
    assert event.data["Status"] == 500 and event.data["Source"] == "Upstream" and event.data["Method"]
    assert "UpstreamBody" not in event.data
    assert key not in str(event.body)


def test_retries_until_the_receiver_accepts_and_logs_each_attempt(
    server: SwitchboardServer, receiver: Receiver
) -> None:
    partner = server.new_partner("Retry")
    webhook = hook(partner, receiver, "retry")
    receiver.script["retry"] = [500, 503]
    queued = partner.http.post(f"/v1.0/webhooks/{webhook}/test")
    assert queued.status_code == 202
    event = receiver.wait_for("retry", lambda e: e.type == "webhook.test")
    assert event.verified and event.headers["webhook-id"] == queued.json()["EventId"]
    (delivery,) = settled(partner.http, webhook)
    assert delivery["Status"] == "Delivered" and delivery["EventType"] == "webhook.test"
    assert [a["StatusCode"] for a in delivery["Attempts"]] == [500, 503, 200]
    again = partner.http.post(f"/v1.0/webhooks/{webhook}/deliveries/{delivery['Id']}/redeliver")
    assert again.status_code == 202
    deadline = time.monotonic() + 10
    while len(receiver.events("retry")) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    ids = [e.headers["webhook-id"] for e in receiver.events("retry")]
    assert ids == [event.headers["webhook-id"]] * 2  # the same event id: receivers dedupe on it


def test_a_test_event_answers_the_delivery_it_queued(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Test delivery")
    webhook = hook(partner, receiver, "followed")
    queued = partner.http.post(f"/v1.0/webhooks/{webhook}/test")
    assert queued.status_code == 202, queued.text
    answer = queued.json()
    assert set(answer) == {"EventId", "DeliveryId"} and isinstance(answer["DeliveryId"], int), answer
    listed = partner.http.get(f"/v1.0/webhooks/{webhook}/deliveries").json()["Deliveries"]
    assert [(d["Id"], d["EventId"]) for d in listed] == [(answer["DeliveryId"], answer["EventId"])]
    event = receiver.wait_for("followed", lambda e: e.type == "webhook.test")
    assert event.verified and event.headers["webhook-id"] == answer["EventId"]
    assert event.data == {"WebhookId": webhook}
    (delivery,) = settled(partner.http, webhook)
    assert delivery["Id"] == answer["DeliveryId"] and delivery["Status"] == "Delivered"
    assert [a["StatusCode"] for a in delivery["Attempts"]] == [200]


def test_the_consoles_test_event_names_its_delivery(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Console test")
    webhook = hook(partner, receiver, "console")
    with httpx.Client(base_url=server.url) as browser:
        creds = {"client_id": partner.client_id, "client_secret": partner.client_secret}
        assert browser.post("/console/signin", data=creds).status_code == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get(f"/console/webhooks/{webhook}").text)
        assert csrf is not None
        sent = browser.post(f"/console/webhooks/{webhook}/test", data={"csrf": csrf.group(1)})
        assert sent.status_code == 303, sent.text
        page = browser.get(sent.headers["location"]).text
    (delivery,) = settled(partner.http, webhook)
    assert f"Test event {delivery['EventId']} queued as delivery {delivery['Id']}." in page
    assert receiver.wait_for("console", lambda e: e.type == "webhook.test").verified


def test_a_backlog_on_one_key_arrives_in_order_through_failures(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Backlog")
    webhook = hook(partner, receiver, "backlog")
    # The first fails, so the rest pile up behind its retry and go as runs; the fourth fails mid-run.
    receiver.script["backlog"] = [500, 200, 200, 200, 503]
    queued = []
    for _ in range(30):
        answer = partner.http.post(f"/v1.0/webhooks/{webhook}/test")
        assert answer.status_code == 202
        queued.append(answer.json()["EventId"])
    deadline = time.monotonic() + 15
    while len(receiver.events("backlog")) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    got = [e.headers["webhook-id"] for e in receiver.events("backlog")]
    assert got == queued  # each once, in the order queued, the failed ones retried in their place
    assert all(e.verified for e in receiver.events("backlog"))
    failed = [status for name, status in receiver.attempts if name == "backlog" and status != 200]
    assert failed == [500, 503]
    # A round's outcomes are written in one transaction after its sends: on a loaded machine the log
    # may trail the receiver by a moment, so it is read until every attempt is in (or the time is up).
    deadline = time.monotonic() + 15
    while True:
        log = partner.http.get(f"/v1.0/webhooks/{webhook}/deliveries", params={"per_page": 50}).json()["Deliveries"]
        tries = sorted(len(d["Attempts"]) for d in log)
        if sum(tries) >= 32 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert tries == [1] * 28 + [2, 2]  # those given back behind the 503 have no attempt logged for it


def test_exhausted_schedule_fails_and_410_disables(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Give up")
    webhook = hook(partner, receiver, "down")
    receiver.script["down"] = [500] * 4
    partner.http.post(f"/v1.0/webhooks/{webhook}/test")
    deadline = time.monotonic() + 10
    status = None
    while time.monotonic() < deadline and status != "Failed":
        time.sleep(0.1)
        status = partner.http.get(f"/v1.0/webhooks/{webhook}/deliveries").json()["Deliveries"][0]["Status"]
    assert status == "Failed"  # 1 attempt + 3 retries, then kept for redelivery
    gone = hook(partner, receiver, "gone")
    receiver.script["gone"] = [410]
    partner.http.post(f"/v1.0/webhooks/{gone}/test")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and partner.http.get(f"/v1.0/webhooks/{gone}").json()["Enabled"]:
        time.sleep(0.1)
    state = partner.http.get(f"/v1.0/webhooks/{gone}").json()
    assert state["Enabled"] is False and "410" in state["DisabledReason"]


def test_rotated_secret_signs_the_next_deliveries(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Rotate")
    webhook = hook(partner, receiver, "rotate")
    old = receiver.secrets["rotate"]
    rotated = partner.http.post(f"/v1.0/webhooks/{webhook}/rotatesecret").json()["Secret"]
    assert rotated.startswith("whsec_") and rotated != old
    receiver.secrets["rotate"] = rotated
    partner.http.post(f"/v1.0/webhooks/{webhook}/test")
    assert receiver.wait_for("rotate", lambda e: True).verified
    receiver.secrets["rotate"] = old
    partner.http.post(f"/v1.0/webhooks/{webhook}/test")
    deadline = time.monotonic() + 10
    while len(receiver.events("rotate")) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [e.verified for e in receiver.events("rotate")] == [True, False]


def test_account_override_url(server: SwitchboardServer, receiver: Receiver) -> None:
    partner = server.new_partner("Override")
    hook(partner, receiver, "wide")
    special = partner.new_account()
    hook(partner, receiver, "special", AccountId=special.api_id)
    plain = partner.new_account()
    special_connection = special.install("salesloft")
    plain_connection = plain.install("salesloft")
    receiver.wait_for("special", of("connection.created", special_connection))
    receiver.wait_for("wide", of("connection.created", plain_connection))
    assert not [e for e in receiver.events("wide") if e.data["AccountConnectorId"] == special_connection]


def test_event_survives_sigkill_before_delivery(tmp_path: Path, sl: EmulatorServer, receiver: Receiver) -> None:
    env = server_env(tmp_path, {"salesloft": sl.url}, **FAST, SWITCHBOARD_WEBHOOK_WORKER="false")
    first = SwitchboardServer(tmp_path, env).start()
    partner = first.new_partner("Crash")
    hook(partner, receiver, "crash")
    connection = partner.new_account().install("salesloft")
    assert first.process is not None
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    assert receiver.events("crash") == []
    env.pop("SWITCHBOARD_WEBHOOK_WORKER")
    second = SwitchboardServer(tmp_path, env, port=first.port).start()
    try:
        event: Received = receiver.wait_for("crash", of("connection.created", connection))
        assert event.verified
    finally:
        second.stop()


def test_idle_connections_are_kept_alive_without_calls(tmp_path: Path, sl: EmulatorServer) -> None:
    env = server_env(tmp_path, {"salesloft": sl.url}, **FAST, SWITCHBOARD_KEEPALIVE_SECONDS="1")
    keeper = SwitchboardServer(tmp_path, env).start()
    try:
        account = oauth_partner(keeper, sl, "Keep alive").new_account()
        connection = connect(account)
        before = emulator(sl).token_requests
        api_calls = len([r for r in sl.emulator.requests.all() if r.path.startswith("/v2/")])
        deadline = time.monotonic() + 15
        while emulator(sl).token_requests - before < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert emulator(sl).token_requests - before >= 2  # refreshed again and again, nobody calling
        assert len([r for r in sl.emulator.requests.all() if r.path.startswith("/v2/")]) == api_calls
        health = account.get(f"/v1.0/account/connectors/{connection}").json()["Health"]
        assert health["State"] == "Healthy" and health["LastRefreshed"] is not None
        assert list_accounts(account, connection).status_code == 200  # the rotated set is the stored one
    finally:
        keeper.stop()
