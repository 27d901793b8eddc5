"""A webhook receiver on loopback that verifies every delivery with the ``standardwebhooks`` library."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    verified: bool

    @property
    def type(self) -> str:
        return str(self.body["type"])

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = self.body["data"]
        return value


@dataclass
class Receiver:
    """Paths ``/<name>``: each verified with its secret; ``script`` answers first (500, 410, ...), then 200."""

    secrets: dict[str, str] = field(default_factory=dict)
    script: dict[str, list[int]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    attempts: list[tuple[str, int]] = field(default_factory=list)
    # Answer each delivery with a Set-Cookie naming its path, as a receiver behind a sticky load balancer does.
    cookies: bool = False
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                name = self.path.strip("/")
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver._lock:
                    planned = receiver.script.get(name, [])
                    status = planned.pop(0) if planned else 200
                    receiver.attempts.append((name, status))
                    if status == 200:
                        receiver.received.append(
                            Received(name, headers, json.loads(raw), receiver._verify(name, raw, headers))
                        )
                self.send_response(status)
                if receiver.cookies:
                    self.send_header("set-cookie", f"receiver_session={name}; Path=/")
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def _verify(self, name: str, raw: bytes, headers: dict[str, str]) -> bool:
        try:
            Webhook(self.secrets[name]).verify(raw, headers)
        except (WebhookVerificationError, KeyError):
            return False
        return True

    def url(self, name: str, host: str = "127.0.0.1") -> str:
        assert self._server is not None
        return f"http://{host}:{self._server.server_address[1]}/{name}"

    def events(self, name: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == name]

    def wait_for(self, name: str, predicate: Any, timeout: float = 15.0) -> Received:
        """The first event at ``name`` matching ``predicate``; fails loudly after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events(name):
                if predicate(event):
                    return event
            time.sleep(0.05)
        raise AssertionError(
            f"no matching event at /{name} within {timeout} s; got {[e.type for e in self.events(name)]}"
        )

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def settled(http: Any, webhook_id: int, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
    """The webhook's deliveries (newest first) once ``count`` of them are no longer pending.

    The receiver holds an event before Switchboard has its answer and marks the delivery, so a
    delivery read the moment its event arrives may still be pending; fails loudly after ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while True:
        deliveries: list[dict[str, Any]] = http.get(f"/v1.0/webhooks/{webhook_id}/deliveries").json()["Deliveries"]
        if sum(d["Status"] != "Pending" for d in deliveries) >= count:
            return deliveries
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} deliveries of webhook {webhook_id} not settled within {timeout} s")
        time.sleep(0.05)
