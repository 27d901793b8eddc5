"""Run the real Switchboard server in a subprocess on a loopback port, as a user would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet

MAX_PAGE = 1000  # the largest pageSize a list takes (switchboard.api.listing.MAX_PAGE_SIZE)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def two_ports_taken() -> Iterator[int]:
    """Two neighbouring loopback ports listened on (``port`` and ``port + 1``) while the block runs: a busy port's
    suggested alternative must skip the next one when it is busy too."""
    for _ in range(50):
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            first.listen()
            second.listen()
            yield port
            return
    raise RuntimeError("no two neighbouring free ports on loopback")


def is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@dataclass
class SwitchboardServer:
    """A ``switchboard serve`` process with its own data folder and environment."""

    data_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def cli(self, *args: str) -> str:
        """Run a ``switchboard`` admin command against the same database."""
        result = subprocess.run(
            [sys.executable, "-m", "switchboard", *args], env=self.env, capture_output=True, check=False, timeout=60
        )
        if result.returncode != 0:
            raise RuntimeError(f"switchboard {' '.join(args)} failed:\n{result.stderr.decode()}")
        return result.stdout.decode()

    def start(self, *extra: str, ready_within: float = 90) -> SwitchboardServer:
        """Start ``switchboard serve`` and wait until it answers /health (``ready_within`` seconds at most)."""
        self.env.setdefault("SWITCHBOARD_PUBLIC_URL", self.url)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "switchboard", "serve", "--port", str(self.port), *extra],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # A loaded 2-core machine can take a while to import everything (default 90 s).
        deadline = time.monotonic() + ready_within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()  # a server that missed its deadline is not left running behind the failed test
        raise RuntimeError(f"server did not start within {ready_within:g} s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def new_partner(self, name: str = "Partner") -> Partner:
        """A partner made with the CLI, with a client authenticated by a fresh token."""
        creds = json.loads(self.cli("partner", "create", "--name", name, "--json"))
        response = httpx.post(
            f"{self.url}/oauth/token",
            data={"grant_type": "client_credentials", **creds},
        )
        response.raise_for_status()
        token = response.json()["access_token"]
        client = httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        return Partner(self, creds["client_id"], creds["client_secret"], token, client)


CONNECTORS = Path(__file__).resolve().parent.parent / "src" / "switchboard" / "connectors"


def server_env(data_dir: Path, upstreams: dict[str, str], **extra: str) -> dict[str, str]:
    """The server's environment; a connector without an emulator in ``upstreams`` points at a closed loopback
    port, so no test reaches a real vendor (credentials saved there are checked, and found unreachable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    closed = f"http://127.0.0.1:{free_port()}"
    offline = {p.parent.name: closed for p in CONNECTORS.glob("*/connector.yaml") if p.parent.name not in upstreams}
    env.update(
        {
            **{f"SWITCHBOARD_UPSTREAM_{key.upper()}": url for key, url in offline.items()},
            "SWITCHBOARD_DATA_DIR": str(data_dir),
            # The tests' webhook receivers listen on loopback, which a deployment keeps closed.
            "SWITCHBOARD_WEBHOOK_ALLOW_NETWORKS": "127.0.0.0/8,::1/128",
            "SWITCHBOARD_SECRET_KEY": Fernet.generate_key().decode(),
            "SWITCHBOARD_LOG_LEVEL": "INFO",
            # Every successful call's exchanges kept, so tests can check their redaction (the default keeps 1%:
            # tests/integration/test_call_log_load.py covers the sampling).
            "SWITCHBOARD_CALL_LOG_SAMPLE": "1",
            **{f"SWITCHBOARD_UPSTREAM_{key.upper()}": url for key, url in upstreams.items()},
            **extra,
        }
    )
    return env


@dataclass
class Partner:
    server: SwitchboardServer
    client_id: str
    client_secret: str
    token: str
    http: httpx.Client

    def connectors(self) -> list[dict[str, Any]]:
        """The whole library in one page (the list pages by 50 when not told otherwise)."""
        answer = self.http.get("/v1.0/connectors", params={"pageSize": MAX_PAGE})
        assert answer.status_code == 200, answer.text
        listing: list[dict[str, Any]] = answer.json()
        assert len(listing) < MAX_PAGE, "the library outgrew one page: page through it"
        return listing

    def connector_id(self, key: str) -> int:
        names = {"salesloft": "Salesloft", "constant_contact": "Constant Contact"}
        listing = self.connectors()
        return next(c["Id"] for c in listing if c["Name"] == names[key])

    def new_account(self) -> Account:
        api_id = str(uuid.uuid4())
        response = self.http.post("/v1.0/accounts", json={"Id": api_id, "Name": f"Customer {api_id[:8]}"})
        assert response.status_code == 200, response.text
        return Account(self, api_id)


@dataclass
class Account:
    partner: Partner
    api_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Cyclr-Account": self.api_id}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.partner.http.get(path, headers=headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.partner.http.post(path, headers=headers, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.partner.http.put(path, headers=headers, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.partner.http.delete(path, headers=headers, **kwargs)

    def install(self, key: str, **body: Any) -> int:
        response = self.post(f"/v1.0/connectors/{self.partner.connector_id(key)}/install", json=body)
        assert response.status_code == 200, response.text
        connector_id: int = response.json()["Id"]
        return connector_id

    def methods(self, key: str) -> dict[str, dict[str, Any]]:
        """The connector's methods by name, as ``GET /v1.0/connectors/{id}/methods`` lists them."""
        listing = self.partner.http.get(
            f"/v1.0/connectors/{self.partner.connector_id(key)}/methods", params={"pageSize": MAX_PAGE}
        ).json()
        return {m["Name"]: m for m in listing}


def logged(http: httpx.Client, request_id: str) -> dict[str, Any]:
    """The call log's entry for a call, once the background writer has stored it (bounded wait)."""
    deadline = time.monotonic() + 10
    while True:
        response = http.get(f"/v1.0/calls/{request_id}")
        if response.status_code == 200 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            found: dict[str, Any] = response.json()
            return found
        time.sleep(0.1)
