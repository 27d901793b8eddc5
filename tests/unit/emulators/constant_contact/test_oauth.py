"""OAuth2: the code exchange, refresh rotation, code rules and expiry, denied consent."""

from __future__ import annotations

import base64
import hashlib

import pytest

from switchboard_emulators.constant_contact import ConstantContactEmulator
from tests.unit.emulators.constant_contact.support import (
    AUTHORIZE,
    REDIRECT,
    FakeClock,
    Harness,
    authorize,
    start,
    token_request,
)

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_code_exchange_and_refresh_rotation(cc: Harness) -> None:
    query = await authorize(cc)
    assert query["state"] == ["xyz"]
    code = query["code"][0]
    wrong_secret = await token_request(cc, {"grant_type": "authorization_code", "code": code}, secret="bad")
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"] == "invalid_client"

    query = await authorize(cc)
    code = query["code"][0]
    exchanged = await token_request(cc, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert exchanged.status_code == 200
    first = exchanged.json()
    assert first["token_type"] == "Bearer" and first["expires_in"] == 86400
    assert first["scope"] == "contact_data offline_access"
    assert first["refresh_token"]
    reused = await token_request(cc, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"

    cc.token = first
    assert (await cc.get("/v3/contacts")).status_code == 200
    refreshed = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 200
    second = refreshed.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]

    again = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant", "error_description": "unknown, invalid, or expired refresh token"}
    assert (await cc.get("/v3/contacts")).status_code == 401  # the old access token went with its set
    cc.token = second
    assert (await cc.get("/v3/contacts")).status_code == 200
    assert cc.emu.token_requests == 5

    cc.emu.revoke_refresh_tokens()
    revoked = await token_request(cc, {"grant_type": "refresh_token", "refresh_token": second["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"


async def test_code_rules(cc: Harness) -> None:
    online = await authorize(cc, scope="contact_data")
    response = await token_request(
        cc, {"grant_type": "authorization_code", "code": online["code"][0], "redirect_uri": REDIRECT}
    )
    assert response.status_code == 200
    assert "refresh_token" not in response.json()  # no offline_access, no refresh token

    other_redirect = await authorize(cc)
    mismatch = await token_request(
        cc,
        {"grant_type": "authorization_code", "code": other_redirect["code"][0], "redirect_uri": REDIRECT + "/x"},
    )
    assert mismatch.status_code == 400 and mismatch.json()["error"] == "invalid_grant"

    verifier = "a" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    pkce = await authorize(cc, code_challenge=challenge, code_challenge_method="S256")
    form = {"grant_type": "authorization_code", "code": pkce["code"][0], "redirect_uri": REDIRECT}
    assert (await token_request(cc, {**form, "code_verifier": verifier})).status_code == 200

    bad_scope = await authorize(cc, scope="contact_data everything")
    assert bad_scope["error"] == ["invalid_scope"]
    unsupported = await token_request(cc, {"grant_type": "password"})
    assert unsupported.json()["error"] == "unsupported_grant_type"


async def test_codes_expire_after_five_minutes() -> None:
    wall = FakeClock(1_718_000_000.0)
    async for h in start(ConstantContactEmulator(clock=wall)):
        code = (await authorize(h))["code"][0]
        wall.now += 301
        late = await token_request(h, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT})
        assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
        # Access tokens expire after access_token_ttl seconds.
        h.token = h.emu.issue_token_set()
        assert (await h.get("/v3/contacts")).status_code == 200
        wall.now += 86400
        assert (await h.get("/v3/contacts")).status_code == 401


async def test_deny_consent_and_unknown_client(cc: Harness) -> None:
    cc.emu.deny_consent = True
    query = await authorize(cc)
    assert query["error"] == ["access_denied"]
    assert query["error_description"]
    assert query["state"] == ["xyz"]
    assert "code" not in query
    unknown = await cc.http.get(
        AUTHORIZE,
        params={"response_type": "code", "client_id": "nobody", "redirect_uri": REDIRECT, "scope": "contact_data"},
    )
    assert unknown.status_code == 400
    assert "text/html" in unknown.headers["Content-Type"]
