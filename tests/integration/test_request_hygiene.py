"""Hostile requests at the server's edge: slow bodies, header floods, header injection, deep XML, file modes."""

from __future__ import annotations

import json
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import MAX_PAGE, Account, SwitchboardServer, server_env

CONNECTORS = Path(__file__).parent / "connectors"
BODY_TIMEOUT = 1.0
HEADER_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, salesloft: EmulatorServer) -> Iterator[SwitchboardServer]:
    data_dir = tmp_path_factory.mktemp("hygiene")
    env = server_env(
        data_dir,
        {"salesloft": salesloft.url, "keyed_app": salesloft.url},
        SWITCHBOARD_CONNECTOR_DIRS=f'["{CONNECTORS}"]',
        SWITCHBOARD_REQUEST_BODY_TIMEOUT=str(BODY_TIMEOUT),
        SWITCHBOARD_HEADER_TIMEOUT=str(HEADER_TIMEOUT),
    )
    started = SwitchboardServer(data_dir, env).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def account(server: SwitchboardServer) -> Account:
    return server.new_partner("Hygiene").new_account()


def method_path(account: Account, salesloft: EmulatorServer, connector: str, method: str) -> str:
    emulator = salesloft.emulator
    assert isinstance(emulator, SalesloftEmulator)
    listing = account.partner.connectors()
    catalog_id = next(c["Id"] for c in listing if c["Name"] == connector)
    installed = account.post(f"/v1.0/connectors/{catalog_id}/install", json={"AuthValue": emulator.api_key})
    assert installed.status_code == 200, installed.text
    methods = account.partner.http.get(f"/v1.0/connectors/{catalog_id}/methods", params={"pageSize": MAX_PAGE}).json()
    uid = next(m["MethodUniqueIdentifier"] for m in methods if m["Name"] == method)
    return f"/v1.0/account/connectors/{installed.json()['Id']}/methods/{uid}/body"


def raw_exchange(server: SwitchboardServer, head: bytes, wait: float) -> tuple[bytes, float]:
    """Send ``head`` on a fresh connection; read until the server closes it or ``wait`` passes."""
    host, port = server.url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(head)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            pass
    return received, time.monotonic() - started


def test_a_body_that_never_arrives_is_408_and_frees_the_connection(server: SwitchboardServer, account: Account) -> None:
    head = (
        f"POST /v1.0/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {account.partner.token}\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    ).encode()
    received, seconds = raw_exchange(server, head, wait=BODY_TIMEOUT + 5)
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b"did not arrive within 1 s" in received
    assert seconds < BODY_TIMEOUT + 3  # answered and closed, not held until the client gives up


def test_half_a_body_then_nothing_is_408(server: SwitchboardServer, account: Account) -> None:
    """The headers and part of the body in one piece: the body is not whole, so its deadline still holds."""
    body = b'{"Name": "half'
    head = (
        f"POST /v1.0/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {account.partner.token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body) + 50}\r\n\r\n"
    ).encode()
    received, seconds = raw_exchange(server, head + body, wait=BODY_TIMEOUT + 5)
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b"did not arrive within 1 s" in received
    assert seconds < BODY_TIMEOUT + 3


def test_a_body_in_pieces_within_the_bound_is_read_whole(server: SwitchboardServer, account: Account) -> None:
    name = f"Pieces {time.monotonic_ns()}"
    body = json.dumps({"Name": name}).encode()
    head = (
        f"POST /v1.0/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {account.partner.token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=BODY_TIMEOUT + 5) as sock:
        sock.sendall(head + body[:5])
        time.sleep(BODY_TIMEOUT / 2)  # under the bound: the rest is still awaited
        sock.sendall(body[5:])
        received, _ = closed_after(sock, wait=BODY_TIMEOUT + 5)
    assert received.startswith(b"HTTP/1.1 200"), received[:300]  # Cyclr answers a new account with 200
    assert name.encode() in received


def closed_after(sock: socket.socket, wait: float) -> tuple[bytes, float | None]:
    """What the server sent, and the seconds until it closed the connection (None: still open)."""
    started = time.monotonic()
    sock.settimeout(wait)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return received, None
    return received, time.monotonic() - started


def test_connections_that_never_finish_their_headers_are_closed(server: SwitchboardServer) -> None:
    """N6: half a request line, headers that stop, or nothing at all: closed within the header bound."""
    host, port = server.url.removeprefix("http://").split(":")
    starts = [b"", b"GET /v1.0/conn", b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "]
    sockets = [socket.create_connection((host, int(port))) for _ in range(8) for _ in starts]
    try:
        for index, sock in enumerate(sockets):
            sock.sendall(starts[index % len(starts)])
        for index, sock in enumerate(sockets):
            received, seconds = closed_after(sock, wait=HEADER_TIMEOUT + 6)
            assert seconds is not None, f"connection {index} ({starts[index % len(starts)]!r}) still open"
            # A client that started a request is told why; a silent one is just closed.
            assert received == b"" if index % len(starts) == 0 else received.startswith(b"HTTP/1.1 408"), received
    finally:
        for sock in sockets:
            sock.close()


def test_granian_keeps_the_header_deadline(tmp_path: Path, salesloft: EmulatorServer) -> None:
    """``--server granian``: the same bound for a request's headers, given to Granian (its own default is 30 s).
    Closed without a 408, even for a client that had started its request: hyper, under Granian, answers nothing
    for a header timeout, and no Granian setting changes that (cli/serve.py)."""
    env = server_env(tmp_path, {"salesloft": salesloft.url}, SWITCHBOARD_HEADER_TIMEOUT=str(HEADER_TIMEOUT))
    granian = SwitchboardServer(tmp_path, env).start("--server", "granian")
    try:
        host, port = granian.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            _, seconds = closed_after(sock, wait=HEADER_TIMEOUT + 6)
        assert seconds is not None and seconds < HEADER_TIMEOUT + 3, seconds
    finally:
        granian.stop()


def health_answer(sock: socket.socket) -> bytes:
    """One whole ``/health`` answer (its JSON body ends the answer)."""
    received = b""
    while not received.endswith(b"}"):
        received += sock.recv(65536)
    return received


def test_a_keep_alive_connection_is_held_to_the_bound_on_its_next_request(server: SwitchboardServer) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert health_answer(sock).startswith(b"HTTP/1.1 200")
        time.sleep(HEADER_TIMEOUT * 1.5)  # idle for longer than the header bound: that is keep-alive's to judge
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert health_answer(sock).startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /health HTTP/1.1\r\nHo")  # and then nothing: uvicorn's keep-alive timer is off now
        received, seconds = closed_after(sock, wait=HEADER_TIMEOUT + 6)
    assert seconds is not None and seconds < HEADER_TIMEOUT + 3
    assert received.startswith(b"HTTP/1.1 408")


def test_a_body_answered_before_it_arrived_is_not_read_as_the_next_requests_headers(server: SwitchboardServer) -> None:
    """A request answered without its body being read (a 405) keeps its connection: the body's bytes, arriving
    after the answer, are that request's, and the next request on the connection is answered as any other. They
    were counted as the next request's headers: past the bound, that next request was a 431 and a closed
    connection, one user's request failing another's behind a proxy that shares its connections."""
    host, port = server.url.removeprefix("http://").split(":")
    body = b"x" * 100_000  # over the 32 KB header bound
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"PUT /health HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body))
        assert health_answer(sock).startswith(b"HTTP/1.1 405")
        sock.sendall(body)
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert health_answer(sock).startswith(b"HTTP/1.1 200")
        # The next body's end and half the next request's headers in one piece, then nothing: still held to the
        # header bound, though its first bytes came with a body's.
        sock.sendall(b"PUT /health HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body))
        assert health_answer(sock).startswith(b"HTTP/1.1 405")
        sock.sendall(body + b"GET /health HTTP/1.1\r\nHo")
        received, seconds = closed_after(sock, wait=HEADER_TIMEOUT + 6)
    assert seconds is not None and seconds < HEADER_TIMEOUT + 3
    assert received.startswith(b"HTTP/1.1 408")


def test_a_flood_of_headers_is_431(server: SwitchboardServer, account: Account) -> None:
    flood = "".join(f"X-Filler-{i}: {i}\r\n" for i in range(150))
    head = f"GET /v1.0/connectors HTTP/1.1\r\nHost: x\r\n{flood}Connection: close\r\n\r\n".encode()
    received, _ = raw_exchange(server, head, wait=5)
    assert received.startswith(b"HTTP/1.1 431"), received[:200]
    assert b"the limits are 100 headers" in received
    huge = f"GET /v1.0/connectors HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * 40_000}\r\nConnection: close\r\n\r\n"
    received, _ = raw_exchange(server, huge.encode(), wait=5)
    assert received.startswith(b"HTTP/1.1 431"), received[:200]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        pytest.param(
            {"key": "X-Ok", "value": "a\r\nX-Injected: 1"}, "Header X-Ok has a CR, LF or NUL", id="crlf-value"
        ),
        pytest.param({"key": "X-Ok", "value": "a\nb"}, "Header X-Ok has a CR, LF or NUL", id="lf-value"),
        pytest.param({"key": "X-Bad\r\nX-Injected", "value": "1"}, "is not a valid HTTP header name", id="crlf-name"),
        pytest.param({"key": "X Bad", "value": "1"}, "is not a valid HTTP header name", id="space-name"),
        pytest.param({"key": "", "value": "1"}, "is not a valid HTTP header name", id="empty-name"),
    ],
)
def test_raw_http_headers_cannot_split_the_request(
    account: Account, salesloft: EmulatorServer, header: dict[str, str], message: str
) -> None:
    path = method_path(account, salesloft, "Salesloft", "Raw HTTP request (advanced)")
    before = len(salesloft.emulator.requests.all())
    body = {"url": {"endpoint": "/v2/me"}, "headers": [header]}
    response = account.post(path, json={"RequestBody": json.dumps(body)})
    assert response.status_code == 400, response.text
    assert message in response.json()["Message"]
    assert response.json()["Location"] == "headers"
    assert len(salesloft.emulator.requests.all()) == before


def test_deeply_nested_xml_is_400_not_500(account: Account, salesloft: EmulatorServer) -> None:
    path = method_path(account, salesloft, "Keyed App", "Create person (XML)")
    deep = "<person><notes>" + "<a>" * 5000 + "x" + "</a>" * 5000 + "</notes></person>"
    response = account.post(f"{path}?dryRun=true", json={"RequestBody": deep})
    assert response.status_code == 400, response.text
    assert response.json() == {"Message": "RequestBody XML nests elements deeper than 64 levels"}
    shallow = "<person><email_address>x@example.com</email_address><notes><a><b>1</b></a></notes></person>"
    ok = account.post(f"{path}?dryRun=true", json={"RequestBody": shallow})
    assert ok.status_code == 200, ok.text
    assert "<b>1</b>" in ok.json()["Request"]["Body"]


def test_a_header_parameter_named_with_cr_lf_is_400_and_sends_nothing(
    account: Account, salesloft: EmulatorServer
) -> None:
    """N11: a connector imported from a hostile spec had such a parameter; calling it was a 500."""
    path = method_path(account, salesloft, "Keyed App", "Get me (bad header)")
    before = len(salesloft.emulator.requests.all())
    response = account.post(path, json={})
    assert response.status_code == 400, response.text
    assert "which is not a valid HTTP header name" in response.json()["Message"]
    assert response.json()["TargetName"] == "X-Evil\r\nX-Injected"
    assert len(salesloft.emulator.requests.all()) == before


def test_the_database_file_is_private(server: SwitchboardServer) -> None:
    mode: Any = stat.S_IMODE(Path(server.data_dir, "switchboard.db").stat().st_mode)
    assert mode == 0o600, oct(mode)


def test_a_nul_character_is_refused_where_text_is_stored(account: Account) -> None:
    """PostgreSQL's text cannot hold NUL (tests/scale has that store); every store answers the same 400."""
    named = account.partner.http.post("/v1.0/accounts", json={"Name": "Acme\u0000Corp"})
    assert named.status_code == 400 and "may not contain a NUL character" in named.json()["Message"], named.text
    deep = account.partner.http.post("/v1.0/accounts", json={"Name": "Deep", "Description": "x"}, params={"q": "a%00"})
    assert deep.status_code == 200, deep.text  # an escaped percent sign is no NUL
    url = account.partner.http.get("/v1.0/accounts/acme%00")
    assert url.status_code == 400 and url.json() == {"Message": "The URL may not contain a NUL character (%00)"}


@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", id="header-without-colon"),
        pytest.param(b"GET /he\x01alth HTTP/1.1\r\nHost: x\r\n\r\n", id="control-byte-in-url"),
        pytest.param(b"POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", id="bad-chunk"),
    ],
)
def test_a_request_httptools_cannot_read_is_a_json_400(server: SwitchboardServer, head: bytes) -> None:
    """uvicorn's own answer was plain text ("Invalid HTTP request received."), without nosniff."""
    received, _ = raw_exchange(server, head, wait=5)
    status, _, rest = received.partition(b"\r\n")
    assert status == b"HTTP/1.1 400 Bad Request", received[:300]
    headers, _, body = rest.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in headers and b"x-content-type-options: nosniff" in headers
    assert "malformed" in json.loads(body)["Message"]
