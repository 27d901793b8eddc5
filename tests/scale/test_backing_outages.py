"""PostgreSQL or Redis going away and coming back: callers are told 503 with Retry-After (try again), never the
500 of a bug, and every answer is whole again once the service is back. The services themselves are shared, so
each is reached through a proxy that the test cuts and mends."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators._faults import Fault
from tests.harness import SwitchboardServer, free_port, logged, server_env
from tests.scale.proxied import proxies, server
from tests.tcp_proxy import TcpProxy

__all__ = ["proxies", "server"]  # the fixtures, used by name


def _until_ok(send: Callable[[], httpx.Response], within: float = 30) -> httpx.Response:
    deadline = time.monotonic() + within
    while True:
        answer = send()
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def _refused_for_now(answer: httpx.Response, names: str) -> None:
    assert answer.status_code == 503, answer.text
    assert int(answer.headers["Retry-After"]) >= 1
    assert names in answer.json()["Message"]
    assert "127.0.0.1" not in answer.text  # the clients' words (hosts, ports, roles) stay out of answers


def test_redis_away_is_503_then_calls_resume(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy], salesloft_api_key: str
) -> None:
    _, cache = proxies
    account = server.new_partner("Redis away").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["List accounts (DDL)"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}"
    assert account.post(path, json={}).status_code == 200
    cache.cut()
    try:
        _refused_for_now(account.post(path, json={}), "Redis")
    finally:
        cache.mend()
    assert _until_ok(lambda: account.post(path, json={})).status_code == 200


def test_postgres_away_is_503_then_answers_resume(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy]
) -> None:
    database, _ = proxies
    partner = server.new_partner("PostgreSQL away")
    assert partner.http.get("/v1.0/accounts").status_code == 200
    time.sleep(1.2)  # past the token cache's second: the next request reads the store
    database.cut()
    try:
        _refused_for_now(partner.http.get("/v1.0/accounts"), "database")
    finally:
        database.mend()
    assert _until_ok(lambda: partner.http.get("/v1.0/accounts")).status_code == 200
    assert "unhandled error" not in server.log_path.read_text()


def test_redis_away_mid_call_keeps_the_answer(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy], salesloft: EmulatorServer, salesloft_api_key: str
) -> None:
    """The slot was taken before Redis went away and the person was created: the caller gets the 201's answer,
    not a 500 that would have it create the person again."""
    _, cache = proxies
    account = server.new_partner("Redis away mid-call").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    body = {"RequestBody": '{"email_address": "mid-call@example.com", "first_name": "Mid"}'}
    salesloft.emulator.faults.arm(Fault("slow", path_prefix="/v2/people", method="POST", delay=1.5, times=1))
    try:
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(account.post, f"/v1.0/account/connectors/{connection}/methods/{uid}/body", json=body)
            time.sleep(0.8)  # the slot is held and the request is at Salesloft
            cache.cut()
            answer = pending.result(timeout=30)
    finally:
        cache.mend()
        salesloft.emulator.faults.clear()
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["email_address"] == "mid-call@example.com"


def test_postgres_away_is_logged_once_per_loop(server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy]) -> None:
    """The background loops (webhook delivery polls every 0.5 s) say once that the database is away and once
    that it is back: no traceback a poll for as long as an outage lasts."""
    database, _ = proxies
    mark = len(server.log_path.read_bytes())
    database.cut()
    try:
        time.sleep(4)
    finally:
        database.mend()
    deadline = time.monotonic() + 20
    while b"webhook delivery resumed" not in server.log_path.read_bytes()[mark:] and time.monotonic() < deadline:
        time.sleep(0.2)
    logged = server.log_path.read_bytes()[mark:].decode()
    assert "Traceback" not in logged
    assert "round failed" not in logged
    assert logged.count("webhook delivery paused") == 1, logged
    assert logged.count("webhook delivery resumed") == 1, logged


def test_redis_unreachable_at_start_is_said(tmp_path: Path, salesloft: EmulatorServer) -> None:
    """A wrong SWITCHBOARD_REDIS_URL is told in the server's log at start (its password never), not found out
    from callers' 503s; the server starts all the same, as Redis may come up later."""
    closed = f"redis://:not-to-be-logged@127.0.0.1:{free_port()}/0"
    server = SwitchboardServer(
        tmp_path, server_env(tmp_path, {"salesloft": salesloft.url}, SWITCHBOARD_REDIS_URL=closed)
    )
    server.start(ready_within=120)
    try:
        deadline = time.monotonic() + 20
        while b"cannot be reached" not in server.log_path.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert httpx.get(f"{server.url}/health").status_code == 200
    finally:
        server.stop()
    logged = server.log_path.read_text()
    assert (
        f"Redis (SWITCHBOARD_REDIS_URL, 127.0.0.1:{closed.rsplit(':', 1)[1].split('/')[0]}) cannot be reached" in logged
    )
    assert "not-to-be-logged" not in logged


def test_calls_answered_while_postgres_is_away_reach_the_call_log(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy], salesloft_api_key: str
) -> None:
    """Calls answered from the caches while PostgreSQL is away for a few seconds are written once it is back;
    they were dropped from the log at the first refused connection."""
    database, _ = proxies
    account = server.new_partner("Call log through an outage").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["List accounts (DDL)"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}"
    assert account.post(path, json={}).status_code == 200  # the token and the connection now cached
    database.cut()
    try:
        answered = [account.post(path, json={}) for _ in range(5)]
        time.sleep(3)
    finally:
        database.mend()
    assert [a.status_code for a in answered] == [200] * 5
    for answer in answered:
        assert logged(account.partner.http, answer.headers["X-Request-Id"])["Status"] == 200


def test_redis_away_under_an_idempotency_key_is_said_as_an_outage(
    server: SwitchboardServer, proxies: tuple[TcpProxy, TcpProxy], salesloft_api_key: str
) -> None:
    """A call with an Idempotency-Key while Redis is away: its 503 named "the refresh locks" (an API-key
    connection has none) and every one was logged at ERROR as an "internal error", a bug's words for an outage."""
    _, cache = proxies
    account = server.new_partner("Redis away, idempotent").new_account()
    connection = account.install("salesloft", AuthValue=salesloft_api_key)
    uid = account.methods("salesloft")["Create person"]["MethodUniqueIdentifier"]
    path = f"/v1.0/account/connectors/{connection}/methods/{uid}/body"
    body = {"RequestBody": '{"email_address": "idem-outage@example.com", "first_name": "Idem"}'}
    headers = {"Idempotency-Key": "9d7c3c1e-6a55-4f5e-9a3e-2f1d1c0b7a01"}
    mark = len(server.log_path.read_bytes())
    cache.cut()
    try:
        answer = account.post(path, json=body, headers=headers)
    finally:
        cache.mend()
    _refused_for_now(answer, "Redis")
    assert "refresh" not in answer.json()["Message"]
    assert "Idempotency-Key" in answer.json()["Message"]
    logged = server.log_path.read_bytes()[mark:].decode()
    assert "internal error" not in logged, logged
    assert f"unavailable on POST {path}" in logged, logged
    again = _until_ok(lambda: account.post(path, json=body, headers=headers))
    assert again.json()["data"]["email_address"] == "idem-outage@example.com"
