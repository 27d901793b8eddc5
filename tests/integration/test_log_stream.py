"""In JSON mode every line a ``switchboard serve`` process prints is one JSON object, printed once:
uvicorn's own lines included, after MCP requests and after a client that hangs up mid-request."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections import Counter
from pathlib import Path

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from switchboard_emulators import EmulatorServer
from tests.harness import SwitchboardServer, server_env


def hang_up_mid_body(port: int, headers: dict[str, str]) -> None:
    """An /mcp POST that promises 1,000 bytes, sends 10, and closes the connection."""
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}Content-Type: application/json\r\n"
            'Accept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{"jsonrpc"'.encode()
        )
        time.sleep(0.3)


async def test_every_line_is_json_and_none_is_printed_twice(tmp_path: Path, salesloft: EmulatorServer) -> None:
    env = server_env(tmp_path, {"salesloft": salesloft.url}, SWITCHBOARD_LOG_FORMAT="json")
    server = SwitchboardServer(tmp_path, env).start()
    try:
        partner = server.new_partner("Logs")
        account = partner.new_account()
        key: str = salesloft.emulator.api_key  # type: ignore[attr-defined]
        account.install("salesloft", AuthValue=key)
        headers = {"Authorization": f"Bearer {partner.token}", "X-Cyclr-Account": account.api_id}
        for _ in range(2):  # the first /mcp request used to add a second, plain-text root handler
            http = httpx2.AsyncClient(headers=headers)
            async with http, Client(streamable_http_client(f"{server.url}/mcp", http_client=http)) as client:
                assert (await client.list_tools()).tools
                listed = await client.call_tool("salesloft_list_accounts", {"page": 1, "per_page": 1})
                assert listed.is_error is False
        hang_up_mid_body(server.port, headers)
        assert partner.http.get("/v1.0/accounts").status_code == 200  # a call after it, logged as one line
        await asyncio.sleep(0.5)
    finally:
        server.stop()
    lines = [line for line in server.log_path.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError:
            raise AssertionError(f"not JSON: {line!r}\nin:\n" + "\n".join(lines)) from None
    assert {"uvicorn.error"} <= {entry["logger"] for entry in parsed}  # uvicorn's own lines, as JSON
    assert any(entry["logger"] == "switchboard.calls" for entry in parsed), lines
    repeated = [line for line, n in Counter(lines).items() if n > 1]
    assert repeated == [], repeated
    assert not [e for e in parsed if e["level"] in {"ERROR", "CRITICAL"} or "exc" in e], lines
    assert any("disconnect" in entry["msg"].lower() for entry in parsed), lines  # told once, quietly
    # uvicorn's lines carried its terminal copy, ANSI colour codes and all, as a "color_message" field
    coloured = [line for line in lines if "color_message" in line or "\\u001b" in line]
    assert coloured == [], coloured


def test_the_access_log_shows_no_secret_query_values(tmp_path: Path) -> None:
    """``--access-log`` prints each request line: a connect ticket, a sign-in token, an OAuth code and state in a
    URL are printed by name with their values replaced; other parameters as sent."""
    server = SwitchboardServer(tmp_path, server_env(tmp_path, {})).start("--access-log")
    try:
        for path in (
            "/connect?ticket=TICKET-SECRET-1&only=salesloft",
            "/connector/callback?code=CODE-SECRET-2&state=STATE-SECRET-3",
            "/connectorauth/updateaccountconnectoroauth?id=1&Token=TOKEN-SECRET-4",
        ):
            httpx.get(f"{server.url}{path}", timeout=10)
        time.sleep(0.3)
    finally:
        server.stop()
    log = server.log_path.read_text()
    assert "GET /connect?ticket=[redacted]&only=salesloft" in log, log[-2000:]
    assert "GET /connector/callback?code=[redacted]&state=[redacted]" in log
    assert "id=1&Token=[redacted]" in log  # a name in any case
    assert "SECRET" not in log
