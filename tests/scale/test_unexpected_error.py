"""A bug on a FastAPI route (here: a table missing from PostgreSQL, which no handler expects) is one log line with
its traceback and the request id, a JSON 500 carrying the request id and none of the error's words, and the
keep-alive connection still serving. Before, the 500 was logged twice (by the handler, then by uvicorn) and the
connection dropped under the client."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from switchboard_emulators import EmulatorServer
from tests.backends import scale_env
from tests.harness import SwitchboardServer


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer, postgres_url: str, redis_url: str
) -> Iterator[SwitchboardServer]:
    data_dir: Path = tmp_path_factory.mktemp("unexpected")
    env = scale_env(data_dir, {"salesloft": salesloft.url}, postgres_url, redis_url, SWITCHBOARD_LOG_FORMAT="json")
    started = SwitchboardServer(data_dir, env).start(ready_within=120)
    yield started
    started.stop()


def _sql(postgres_url: str, statement: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


def _exchange(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """Send one request on ``sock`` and read its whole answer; None if the server closed the connection."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return None
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _records(server: SwitchboardServer) -> list[dict[str, Any]]:
    return [json.loads(line) for line in server.log_path.read_text().splitlines() if line.startswith("{")]


def test_a_bug_is_one_log_line_and_a_500_on_a_kept_connection(server: SwitchboardServer, postgres_url: str) -> None:
    partner = server.new_partner("Unexpected")
    assert partner.http.get("/v1.0/branding").status_code == 200
    request = (
        f"GET /v1.0/branding HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {partner.token}\r\n"
        "X-Request-Id: bug-on-branding-1\r\n\r\n"
    ).encode()
    _sql(postgres_url, "ALTER TABLE branding RENAME TO branding_away")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=15) as sock:
            failed = _exchange(sock, request)
            after = _exchange(sock, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")  # the same connection
    finally:
        _sql(postgres_url, "ALTER TABLE branding_away RENAME TO branding")
    assert failed is not None
    status, headers, body = failed
    assert status == 500
    assert headers["content-type"] == "application/json"
    assert headers["x-request-id"] == "bug-on-branding-1"
    assert headers.get("connection", "").lower() != "close"
    assert after is not None and after[0] == 200  # the keep-alive connection still serves
    assert json.loads(body) == {
        "Message": "Switchboard failed to handle this request; the error is logged",
        "RequestId": "bug-on-branding-1",
    }
    records = _records(server)
    about = [r for r in records if r.get("request_id") == "bug-on-branding-1"]
    assert len(about) == 1, about  # one line, with the traceback
    assert about[0]["level"] == "ERROR"
    assert "UndefinedTable" in about[0]["exc"]
    assert not [r for r in records if "Exception in ASGI application" in r["msg"]]
    assert partner.http.get("/v1.0/branding").status_code == 200  # the table back: the route serves again


def test_a_bug_on_the_call_path_names_its_request_id_too(server: SwitchboardServer, postgres_url: str) -> None:
    """The call routes are answered ahead of FastAPI (``api/fastpath``): the same one line and the same 500."""
    account = server.new_partner("Unexpected call").new_account()
    headers = {**account.headers, "X-Request-Id": "bug-on-a-call-1"}
    path = "/v1.0/account/connectors/987654/methods/00000000-0000-0000-0000-000000000000"
    _sql(postgres_url, "ALTER TABLE account_connectors RENAME TO account_connectors_away")
    try:
        answer = account.partner.http.post(path, json={}, headers=headers)
    finally:
        _sql(postgres_url, "ALTER TABLE account_connectors_away RENAME TO account_connectors")
    assert answer.status_code == 500, answer.text
    assert answer.json() == {
        "Message": "Switchboard failed to handle this request; the error is logged",
        "RequestId": "bug-on-a-call-1",
    }
    about = [r for r in _records(server) if r.get("request_id") == "bug-on-a-call-1"]
    assert len(about) == 1, about
    assert "UndefinedTable" in about[0]["exc"]
    # The statement is named, not what it was given: a caller's values stay out of the log.
    assert "parameters hidden" in about[0]["exc"] and account.api_id not in about[0]["exc"]
    assert account.partner.http.post(path, json={}, headers=headers).status_code == 404  # the table back
