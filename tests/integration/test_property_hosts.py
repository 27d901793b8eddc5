"""Connection properties that fill a connector's host cannot point Switchboard into its own network (SSRF).

Okta's base URL is ``https://{okta_domain}``: a caller sets the host. With the default settings a value that
is, or resolves only to, a loopback, private or link-local address is refused, naming the property, at
install, at a property update and at call time, and nothing reaches the socket listening there. The
operator's ``SWITCHBOARD_UPSTREAM_OKTA=http://{okta_domain}:PORT`` keeps the property in the host and points
the port at that socket; ``SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS`` opens loopback for the one server that
shows the guarded path still connects where it is allowed.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import Account, SwitchboardServer, server_env

REFUSED = "property points this connection at a loopback, private or link-local address"
ALLOW = "SWITCHBOARD_PROPERTY_HOST_ALLOW_NETWORKS"


class Listener:
    """A loopback socket that answers every request ``200 []`` and keeps the first line of each."""

    def __init__(self) -> None:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self.requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    head += chunk
                self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                             b"Connection: close\r\n\r\n[]")  # fmt: skip

    def close(self) -> None:
        self._sock.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, listener: Listener) -> dict[str, str]:
    data_dir: Path = tmp_path_factory.mktemp("property-hosts")
    # Okta's host stays the property's; Paddle's base URL is the definition's own (https://{api_host}).
    return server_env(data_dir, {"okta": f"http://{{okta_domain}}:{listener.port}", "paddle": ""})


@pytest.fixture(scope="module")
def closed(env: dict[str, str]) -> Iterator[SwitchboardServer]:
    server = SwitchboardServer(Path(env["SWITCHBOARD_DATA_DIR"]), env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def account(closed: SwitchboardServer) -> Account:
    return closed.new_partner("Inward").new_account()


def _install(account: Account, key: str, prop: str, value: str) -> Any:
    body = {"AuthValue": "k-123", "Properties": [{"Name": prop, "Value": value}]}
    return account.post(f"/v1.0/connectors/{key}/install", json=body)


@pytest.mark.parametrize("value", ["127.0.0.1", "10.0.0.1", "[::1]", "localhost", "169.254.169.254", "0x7f.1"])
def test_an_install_pointing_inward_is_refused_and_nothing_is_sent(
    account: Account, listener: Listener, value: str
) -> None:
    before = len(listener.requests)
    answer = _install(account, "okta", "okta_domain", value)
    assert answer.status_code == 400, answer.text
    assert REFUSED in answer.json()["Message"] and "Set okta_domain" in answer.json()["Message"]
    assert answer.json()["PropertyName"] == "okta_domain"
    assert account.get("/v1.0/account/connectors").json() == []
    assert len(listener.requests) == before  # nothing reached the socket


@pytest.mark.parametrize("value", ["acme..okta.com", ".", "a" * 64 + ".com"])
def test_a_host_that_is_no_host_name_is_refused_naming_the_property(account: Account, value: str) -> None:
    """An empty label or one over 63 characters: the name cannot be looked up at all (IDNA refuses it)."""
    answer = _install(account, "okta", "okta_domain", value)
    assert answer.status_code == 400, answer.text
    assert answer.json()["PropertyName"] == "okta_domain"
    assert "not a valid host name" in answer.json()["Message"]
    assert account.get("/v1.0/account/connectors").json() == []


@pytest.mark.parametrize("value", ["127.0.0.1", "10.1.2.3", "[::1]"])
def test_a_definitions_own_property_host_is_guarded_too(account: Account, value: str) -> None:
    answer = _install(account, "Paddle Billing", "api_host", value)
    assert answer.status_code == 400, answer.text
    assert answer.json()["PropertyName"] == "api_host" and REFUSED in answer.json()["Message"]


def test_a_property_update_pointing_inward_is_refused(account: Account, listener: Listener) -> None:
    answer = _install(account, "okta", "okta_domain", "acme.okta.invalid")
    assert answer.status_code == 200, answer.text  # a public-looking name: allowed, and unreachable
    installed = answer.json()["Id"]
    moved = account.put(f"/v1.0/account/connectors/{installed}",
                        json={"Properties": [{"Name": "okta_domain", "Value": "10.0.0.1"}]})  # fmt: skip
    assert moved.status_code == 400 and moved.json()["PropertyName"] == "okta_domain", moved.text
    listed = account.get(f"/v1.0/account/connectors/{installed}/properties").json()
    by_name = {p["Name"]: p for p in listed}
    one = account.put(f"/v1.0/account/connectors/{installed}/properties/{by_name['okta_domain']['Id']}",
                      json={"Value": "localhost"})  # fmt: skip
    assert one.status_code == 400 and REFUSED in one.json()["Message"], one.text
    kept = account.get(f"/v1.0/account/connectors/{installed}/properties").json()
    assert {p["Name"]: p["Value"] for p in kept}["okta_domain"] == "acme.okta.invalid"
    assert listener.requests == []


def test_a_public_name_is_allowed_then_unreachable(account: Account, listener: Listener) -> None:
    installed = _install(account, "okta", "okta_domain", "acme.okta.invalid").json()["Id"]
    answer = account.post(f"/v1.0/account/connectors/{installed}/methods/{_list_groups(account)}", json={})
    assert answer.status_code == 502 and "could not be reached" in answer.json()["Message"], answer.text
    assert listener.requests == []


def _list_groups(account: Account) -> str:
    listing = account.partner.http.get("/v1.0/connectors/okta/methods", params={"pageSize": 1000}).json()
    uid: str = next(m["MethodUniqueIdentifier"] for m in listing if m["Name"] == "List all groups")
    return uid


def test_a_stored_host_closed_later_is_refused_at_call_time(tmp_path: Path) -> None:
    """Installed while the operator allowed loopback (the guarded path connects there), then called on a
    server with the default settings: each call is refused before anything is sent, a name (``localhost``,
    resolved at connect time) as well as an address."""
    own = Listener()
    env = server_env(tmp_path, {"okta": f"http://{{okta_domain}}:{own.port}"}, **{ALLOW: "127.0.0.0/8,::1/128"})
    opened = SwitchboardServer(tmp_path, env).start()
    try:
        account = opened.new_partner("Later").new_account()
        installed = {value: _install(account, "okta", "okta_domain", value) for value in ("127.0.0.1", "localhost")}
        assert all(a.status_code == 200 and a.json()["Verified"] is True for a in installed.values()), installed
        uid = _list_groups(account)
        called = account.post(f"/v1.0/account/connectors/{installed['localhost'].json()['Id']}/methods/{uid}", json={})
        assert called.status_code == 200, called.text
        assert own.requests[-1].startswith("GET /api/v1/groups")
    finally:
        opened.stop()
    env.pop(ALLOW)
    closed = SwitchboardServer(tmp_path, env, port=opened.port).start()  # the same store, key and address
    try:
        before = list(own.requests)
        for answer in installed.values():
            path = f"/v1.0/account/connectors/{answer.json()['Id']}/methods/{uid}"
            refused = account.post(path, json={})
            assert refused.status_code == 400, refused.text
            assert refused.json()["PropertyName"] == "okta_domain"
            assert REFUSED in refused.json()["Message"] and "nothing was sent" in refused.json()["Message"]
        assert own.requests == before  # nothing reached the socket
    finally:
        closed.stop()
        own.close()
