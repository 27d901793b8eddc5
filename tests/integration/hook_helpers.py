"""Shared by the provider webhook tests: a server, signers written from each vendor's docs, helpers.

The signers are written here from the vendors' documentation, not from Switchboard's definitions,
so a wrong definition fails the tests instead of agreeing with itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx

from tests.harness import Account, Partner, SwitchboardServer
from tests.webhook_receiver import Receiver

CONNECTORS = Path(__file__).resolve().parents[2] / "src" / "switchboard" / "connectors"
FAST = {
    "SWITCHBOARD_WEBHOOK_RETRY_SCHEDULE": "[0.3, 0.3, 0.3]",
    "SWITCHBOARD_WEBHOOK_POLL_SECONDS": "0.1",
    "SWITCHBOARD_HOOK_POLL_SECONDS": "0.2",
    "SWITCHBOARD_HOOK_REQUESTS_PER_MINUTE": "60",
    "SWITCHBOARD_HOOK_MAX_BODY_BYTES": "65536",
}
PROVIDER_EVENTS = ["provider.event", "provider.unrouted"]


def connector_id(partner: Partner, key: str) -> int:
    """A connector's public id, by the name its definition gives it."""
    text = (CONNECTORS / key / "connector.yaml").read_text(encoding="utf-8")
    match = re.search(r"^name: (.+)$", text, re.MULTILINE)
    assert match is not None
    name = match.group(1).strip().strip('"')
    listing = partner.connectors()
    return int(next(c["Id"] for c in listing if c["Name"] == name))


def subscribe(partner: Partner, receiver: Receiver, name: str) -> None:
    """A partner webhook endpoint for provider events, verified by the receiver with its secret."""
    created = partner.http.post("/v1.0/webhooks", json={"Url": receiver.url(name), "Events": PROVIDER_EVENTS})
    assert created.status_code == 201, created.text
    receiver.secrets[name] = created.json()["Secret"]


def settings(partner: Partner, key: str, **body: Any) -> dict[str, Any]:
    answer = partner.http.put(f"/v1.0/connectors/{connector_id(partner, key)}/settings", json=body)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def install(account: Account, partner: Partner, key: str, **body: Any) -> int:
    answer = account.post(f"/v1.0/connectors/{connector_id(partner, key)}/install", json=body)
    assert answer.status_code == 200, answer.text
    return int(answer.json()["Id"])


def connection(account: Account, connection_id: int) -> dict[str, Any]:
    answer = account.get(f"/v1.0/account/connectors/{connection_id}")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def post(server: SwitchboardServer, url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(url, content=body, headers={"content-type": "application/json", **headers}, timeout=10)


def path_of(server: SwitchboardServer, url: str) -> str:
    """The local URL for a hook URL built on the server's public URL."""
    return server.url + url[url.index("/hooks/") :]


def encode(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


def hmac_of(algorithm: Any, key: str, message: bytes) -> bytes:
    return hmac.new(key.encode(), message, algorithm).digest()


def hubspot_v3(secret: str, url: str, body: bytes, now_ms: int | None = None) -> dict[str, str]:
    """developers.hubspot.com: base64 HMAC-SHA256 of method + URI + body + timestamp (ms)."""
    stamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac_of(hashlib.sha256, secret, b"POST" + url.encode() + body + stamp.encode())
    return {"X-HubSpot-Signature-v3": base64.b64encode(digest).decode(), "X-HubSpot-Request-Timestamp": stamp}


def slack(secret: str, body: bytes, now: int | None = None) -> dict[str, str]:
    """api.slack.com: "v0=" + hex HMAC-SHA256 of "v0:{timestamp}:{body}"."""
    stamp = str(now if now is not None else int(time.time()))
    digest = hmac_of(hashlib.sha256, secret, f"v0:{stamp}:".encode() + body).hex()
    return {"X-Slack-Signature": f"v0={digest}", "X-Slack-Request-Timestamp": stamp}


def intercom(secret: str, body: bytes) -> dict[str, str]:
    """developers.intercom.com: X-Hub-Signature "sha1=" + hex HMAC-SHA1 of the body."""
    return {"X-Hub-Signature": "sha1=" + hmac_of(hashlib.sha1, secret, body).hex()}


def xero(key: str, body: bytes) -> dict[str, str]:
    """developer.xero.com: x-xero-signature, base64 HMAC-SHA256 of the body."""
    return {"x-xero-signature": base64.b64encode(hmac_of(hashlib.sha256, key, body)).decode()}


def salesloft(token: str, body: bytes, event: str) -> dict[str, str]:
    """developers.salesloft.com: x-salesloft-signature, hex HMAC-SHA1 of the body with the callback_token."""
    return {"x-salesloft-signature": hmac_of(hashlib.sha1, token, body).hex(), "x-salesloft-event": event}


def asana(secret: str, body: bytes) -> dict[str, str]:
    """developers.asana.com: X-Hook-Signature, hex HMAC-SHA256 of the body with the handshake's secret."""
    return {"X-Hook-Signature": hmac_of(hashlib.sha256, secret, body).hex()}


def box(primary: str | None, secondary: str | None, body: bytes, stamp: str) -> dict[str, str]:
    """developer.box.com: base64 HMAC-SHA256 of body then BOX-DELIVERY-TIMESTAMP, per key."""
    headers = {"BOX-DELIVERY-TIMESTAMP": stamp, "BOX-SIGNATURE-VERSION": "1", "BOX-SIGNATURE-ALGORITHM": "HmacSHA256"}
    for header, key in (("BOX-SIGNATURE-PRIMARY", primary), ("BOX-SIGNATURE-SECONDARY", secondary)):
        if key is not None:
            headers[header] = base64.b64encode(hmac_of(hashlib.sha256, key, body + stamp.encode())).decode()
    return headers


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def jira(secret: str, body: bytes, identifier: str) -> dict[str, str]:
    """developer.atlassian.com: X-Hub-Signature "sha256=" + hex HMAC-SHA256 of the body."""
    return {
        "X-Hub-Signature": "sha256=" + hmac_of(hashlib.sha256, secret, body).hex(),
        "X-Atlassian-Webhook-Identifier": identifier,
    }
