"""The Constant Contact emulator's test harness: a client with a live token, a settable clock, OAuth steps."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from switchboard_emulators import EmulatorServer
from switchboard_emulators.constant_contact import ConstantContactEmulator

REDIRECT = "https://switchboard.example/oauth/callback"
AUTHORIZE = "/oauth2/default/v1/authorize"
TOKEN = "/oauth2/default/v1/token"


class FakeClock:
    """A settable clock for token expiry, code expiry, rate windows and the daily reset."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Harness:
    def __init__(self, emu: ConstantContactEmulator, server: EmulatorServer, http: httpx.AsyncClient) -> None:
        self.emu = emu
        self.server = server
        self.http = http
        self.token = emu.issue_token_set()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token['access_token']}"}

    async def get(self, url: str, **params: Any) -> httpx.Response:
        return await self.http.get(url, params=params or None, headers=self.auth)

    async def post(self, url: str, body: Any) -> httpx.Response:
        return await self.http.post(url, json=body, headers=self.auth)

    async def put(self, url: str, body: Any) -> httpx.Response:
        return await self.http.put(url, json=body, headers=self.auth)

    async def delete(self, url: str) -> httpx.Response:
        return await self.http.delete(url, headers=self.auth)


async def start(emu: ConstantContactEmulator) -> AsyncIterator[Harness]:
    async with EmulatorServer(emu) as server, httpx.AsyncClient(base_url=server.url) as http:
        yield Harness(emu, server, http)


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


async def authorize(h: Harness, scope: str = "contact_data offline_access", **extra: str) -> dict[str, list[str]]:
    params = {
        "response_type": "code",
        "client_id": h.emu.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "xyz",
        **extra,
    }
    response = await h.http.get(AUTHORIZE, params=params)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(REDIRECT + "?")
    return parse_qs(urlsplit(location).query)


async def token_request(h: Harness, form: dict[str, str], secret: str | None = None) -> httpx.Response:
    headers = basic(h.emu.client_id, secret or h.emu.client_secret)
    return await h.http.post(TOKEN, data=form, headers=headers)
