"""Who may call the Salesloft emulator and how often: API keys, OAuth, expiry, rate limits; the record of requests."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import httpx

from switchboard_emulators.salesloft import SalesloftEmulator

REDIRECT_URI = "https://switchboard.example.com/connector/callback"


def test_requests_without_a_valid_bearer_token_get_401(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    missing = anon.get("/v2/people")
    assert missing.status_code == 401
    assert missing.json() == {"error": "Not authenticated"}
    assert anon.get("/v2/people", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert anon.get("/v2/people", headers={"Authorization": f"Basic {emu.api_key}"}).status_code == 401

    emu.add_api_key("second-key")
    ok = anon.get("/v2/me.json", headers={"Authorization": "Bearer second-key"})
    assert ok.status_code == 200
    assert ok.json()["data"]["id"] == 1


def test_me_and_team_answer_with_the_current_user_and_team(api: httpx.Client) -> None:
    me = api.get("/v2/me").json()["data"]
    assert me["team_admin"] is True
    assert me["email"].endswith("@demo-team.example.com")
    assert me["group"] == {"_href": "https://api.salesloft.com/v2/groups/1", "id": 1}
    team = api.get("/v2/team.json").json()["data"]
    assert team["id"] == 1 and team["name"] == "Demo Team"


def test_rate_limit_costs_headers_and_429(api: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.rate_limit_per_minute = 6
    first = api.get("/v2/people")
    assert first.headers["x-ratelimit-endpoint-cost"] == "1"
    assert first.headers["x-ratelimit-remaining-minute"] == "5"
    deep = api.get("/v2/people", params={"page": 101})
    assert deep.headers["x-ratelimit-endpoint-cost"] == "3"
    assert deep.headers["x-ratelimit-remaining-minute"] == "2"
    api.get("/v2/people")
    api.get("/v2/people")
    limited = api.get("/v2/people")
    assert limited.status_code == 429
    assert "error" in limited.json()
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["x-ratelimit-remaining-minute"] == "0"
    emu.reset_rate_limit()
    assert api.get("/v2/people").status_code == 200


def _authorize(anon: httpx.Client, emu: SalesloftEmulator, state: str = "xyz") -> dict[str, list[str]]:
    response = anon.get(
        "/oauth/authorize",
        params={"response_type": "code", "client_id": emu.client_id, "redirect_uri": REDIRECT_URI,
                "state": state, "scope": "read"},
    )  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    return parse_qs(urlsplit(location).query)


def _basic(emu: SalesloftEmulator, secret: str | None = None) -> dict[str, str]:
    raw = f"{emu.client_id}:{secret or emu.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def _exchange(anon: httpx.Client, emu: SalesloftEmulator, code: str) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    return anon.post("/oauth/token", data=data, headers=_basic(emu))


def test_oauth_authorization_code_exchange(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    query = _authorize(anon, emu)
    assert query["state"] == ["xyz"]
    code = query["code"][0]

    token = _exchange(anon, emu, code)
    assert token.status_code == 200
    body = token.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 7200 and body["scope"] == "read"
    assert body["access_token"] and body["refresh_token"] and isinstance(body["created_at"], int)
    me = anon.get("/v2/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200

    reused = _exchange(anon, emu, code)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    other = _authorize(anon, emu)["code"][0]
    wrong_redirect = anon.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": other, "redirect_uri": "https://evil.example.com/",
              "client_id": emu.client_id, "client_secret": emu.client_secret},
    )  # fmt: skip
    assert wrong_redirect.json()["error"] == "invalid_grant"
    bad_client = anon.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": other, "redirect_uri": REDIRECT_URI},
        headers=_basic(emu, "wrong-secret"),
    )
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"
    assert emu.token_requests == 4

    unknown = anon.get("/oauth/authorize", params={"response_type": "code", "client_id": "who",
                                                   "redirect_uri": REDIRECT_URI})  # fmt: skip
    assert unknown.status_code == 400


def test_oauth_refresh_tokens_are_single_use(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    first = _exchange(anon, emu, _authorize(anon, emu)["code"][0]).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"],
               "client_id": emu.client_id, "client_secret": emu.client_secret}  # fmt: skip
    second = anon.post("/oauth/token", data=refresh)
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]

    reused = anon.post("/oauth/token", data=refresh)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant" and reused.json()["error_description"]
    # The access token issued before the refresh keeps working until it expires.
    old = anon.get("/v2/me", headers={"Authorization": f"Bearer {first['access_token']}"})
    assert old.status_code == 200

    emu.revoke_refresh_tokens()
    revoked = anon.post("/oauth/token", data={**refresh, "refresh_token": second.json()["refresh_token"]})
    assert revoked.json()["error"] == "invalid_grant"


def test_oauth_deny_consent_redirects_with_access_denied(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    emu.deny_consent = True
    query = _authorize(anon, emu, state="s-1")
    assert query["error"] == ["access_denied"]
    assert query["state"] == ["s-1"]
    assert "code" not in query and query["error_description"]


def test_expired_access_tokens_are_rejected(anon: httpx.Client, emu: SalesloftEmulator) -> None:
    token = _exchange(anon, emu, _authorize(anon, emu)["code"][0]).json()["access_token"]
    emu.expire_access_tokens()
    expired = anon.get("/v2/people", headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 401
    assert expired.json() == {"error": "Not authenticated"}
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]
    assert anon.get("/v2/people", headers={"Authorization": f"Bearer {emu.api_key}"}).status_code == 200


def test_requests_are_recorded(api: httpx.Client, emu: SalesloftEmulator) -> None:
    api.get("/v2/people", params=[("ids[]", "1"), ("ids[]", "2")])
    recorded = emu.requests.all()[-1]
    assert recorded.path == "/v2/people"
    assert recorded.query_values("ids[]") == ["1", "2"]
    assert emu.credentials() == {
        "api_key": emu.api_key,
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
    }
