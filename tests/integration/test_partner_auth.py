"""Partner authentication: client credentials for a bearer token, and 401s for everything else."""

from __future__ import annotations

import base64
import hashlib
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from tests.harness import Partner, SwitchboardServer, server_env


def test_token_from_form_fields_works_and_has_cyclr_shape(switchboard: SwitchboardServer, partner: Partner) -> None:
    response = httpx.post(
        f"{switchboard.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.client_secret,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 1_209_599
    listing = httpx.get(f"{switchboard.url}/v1.0/accounts", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert listing.status_code == 200


def test_token_from_basic_auth(switchboard: SwitchboardServer, partner: Partner) -> None:
    basic = base64.b64encode(f"{partner.client_id}:{partner.client_secret}".encode()).decode()
    response = httpx.post(
        f"{switchboard.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    assert response.json()["access_token"]
    assert response.headers["Cache-Control"] == "no-store"  # RFC 6749 5.1: no cache keeps a token


@pytest.mark.parametrize(
    ("data", "status", "message", "error"),
    [
        pytest.param(
            {"grant_type": "password"},
            400,
            "grant_type must be client_credentials",
            "unsupported_grant_type",
            id="wrong-grant",
        ),
        pytest.param({}, 400, "grant_type must be client_credentials", "invalid_request", id="no-grant"),
        pytest.param(
            {"grant_type": "client_credentials"},
            401,
            "client_id and client_secret",
            "invalid_client",
            id="no-credentials",
        ),
        pytest.param(
            {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
            401,
            "Unknown client_id",
            "invalid_client",
            id="unknown-client",
        ),
        pytest.param(
            {"grant_type": "client_credentials", "scope": "everything"},
            400,
            "scope must be account:{account id}",
            "invalid_scope",
            id="bad-scope",
        ),
    ],
)
def test_bad_token_requests(
    switchboard: SwitchboardServer, data: dict[str, str], status: int, message: str, error: str
) -> None:
    """Cyclr's Message, and OAuth 2.0's error code beside it (RFC 6749 5.2), which OAuth client libraries read."""
    response = httpx.post(f"{switchboard.url}/oauth/token", data=data)
    assert response.status_code == status
    assert message in response.json()["Message"]
    assert response.json()["error"] == error


@pytest.mark.parametrize("value", [b"Basic %%%", "Basic \u00ff\u00ff".encode("latin-1")])
def test_a_basic_header_that_is_not_base64_is_401(switchboard: SwitchboardServer, value: bytes) -> None:
    response = httpx.post(
        f"{switchboard.url}/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": value}
    )
    assert response.status_code == 401, response.text
    assert "not base64 of client_id:client_secret" in response.json()["Message"]


def test_a_token_request_sent_as_json_is_told_to_send_a_form(switchboard: SwitchboardServer, partner: Partner) -> None:
    body = {"grant_type": "client_credentials", "client_id": partner.client_id, "client_secret": partner.client_secret}
    response = httpx.post(f"{switchboard.url}/oauth/token", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["Message"].startswith("Send the token request as a form")
    assert partner.client_secret not in response.text


def test_wrong_secret_is_refused(switchboard: SwitchboardServer, partner: Partner) -> None:
    response = httpx.post(
        f"{switchboard.url}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": partner.client_id, "client_secret": "wrong"},
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-header"),
        pytest.param({"Authorization": "Bearer not-a-token"}, id="unknown-token"),
        pytest.param({"Authorization": "Basic abc"}, id="wrong-scheme"),
    ],
)
def test_api_refuses_requests_without_a_valid_token(switchboard: SwitchboardServer, headers: dict[str, str]) -> None:
    for path in ("/v1.0/accounts", "/v1.0/connectors", "/v1.0/account/connectors"):
        response = httpx.get(f"{switchboard.url}{path}", headers={**headers, "X-Cyclr-Account": "x"})
        assert response.status_code == 401, path
        assert response.json()["Message"]


def test_secrets_are_stored_hashed(switchboard: SwitchboardServer, partner: Partner) -> None:
    database = (switchboard.data_dir / "switchboard.db").read_bytes()
    assert partner.client_secret.encode() not in database
    assert partner.token.encode() not in database


def test_expired_token_gets_401(tmp_path: Path, salesloft: object) -> None:
    env = server_env(tmp_path, {}, SWITCHBOARD_PARTNER_TOKEN_TTL="1")
    server = SwitchboardServer(tmp_path, env).start()
    try:
        partner = server.new_partner()
        assert partner.http.get("/v1.0/accounts").status_code == 200
        time.sleep(1.2)
        response = partner.http.get("/v1.0/accounts")
        assert response.status_code == 401
        assert "expired" in response.json()["Message"]
    finally:
        server.stop()


def test_a_token_revoked_elsewhere_is_refused_within_a_second(switchboard: SwitchboardServer) -> None:
    """Another worker or host deletes the token: this worker's cached lookup is believed for 1 s at most."""
    partner = switchboard.new_partner("Revoked")
    account = partner.new_account()
    call = "/v1.0/account/connectors/999999/methods/1"  # the fast path; its token is checked first
    headers = {"X-Cyclr-Account": account.api_id}
    for _ in range(3):  # cached on both edges now
        assert partner.http.get("/v1.0/accounts").status_code == 200
        assert partner.http.post(call, json={}, headers=headers).status_code == 404
    with sqlite3.connect(switchboard.data_dir / "switchboard.db") as db:
        deleted = db.execute(
            "DELETE FROM partner_tokens WHERE token_hash = ?", (hashlib.sha256(partner.token.encode()).hexdigest(),)
        ).rowcount
    assert deleted == 1
    revoked = time.monotonic()
    statuses: set[tuple[int, int]] = set()
    while time.monotonic() - revoked < 3:
        listing = partner.http.get("/v1.0/accounts").status_code
        called = partner.http.post(call, json={}, headers=headers).status_code
        statuses.add((listing, called))
        if (listing, called) == (401, 401):
            break
        time.sleep(0.05)
    refused_after = time.monotonic() - revoked
    assert (listing, called) == (401, 401), statuses
    assert refused_after < 1.3, f"refused only {refused_after:.2f} s after the revocation"
