"""A provider whose error repeats the call's credentials: neither a tool result nor a REST error relays them.

Some APIs echo what they were sent in an error ("invalid header Authorization: Bearer sk_..."). That
answer goes to the partner's backend and, through a tool, into a model's context and the end user's
chat: the key must not travel with it. The provider here is a small aiohttp app standing in for one.
"""

from __future__ import annotations

import secrets as random
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from switchboard_emulators import Emulator, EmulatorServer
from tests.harness import Account, SwitchboardServer, server_env
from tests.integration.test_mcp import mcp_session, partner_headers, text

KEY = f"sl-echo-{random.token_urlsafe(16)}"


class EchoingProvider(Emulator):
    """Salesloft's ``/v2/me.json`` passes (the credentials check); any other path answers 422 repeating the key."""

    name = "echo"

    def create_app(self) -> web.Application:
        app = web.Application(middlewares=[self.record_middleware])
        app.router.add_get("/v2/me.json", self._me)
        app.router.add_get("/v2/accounts", self._accounts)
        app.router.add_get("/v2/echo", self._echo)
        app.router.add_route("*", "/{tail:.*}", self._refuse)
        return app

    def credentials(self) -> dict[str, str]:
        return {"api_key": KEY}

    async def _me(self, request: web.Request) -> web.Response:
        return web.json_response({"data": {"id": 1, "name": "Echo"}})

    async def _accounts(self, request: web.Request) -> web.Response:
        """A first page that names a second, which is refused (as any other path is)."""
        if request.query.get("page", "1") != "1":
            return await self._refuse(request)
        paging = {"current_page": 1, "next_page": 2, "per_page": 1}
        return web.json_response({"data": [{"id": 1, "name": "Acme"}], "metadata": {"paging": paging}})

    async def _echo(self, request: web.Request) -> web.Response:
        """A debugging endpoint, as some APIs have: it answers what it was sent, credentials included."""
        return web.json_response(
            {"headers": dict(request.headers)}, headers={"X-Echo": request.headers["Authorization"]}
        )

    async def _refuse(self, request: web.Request) -> web.Response:
        sent = request.headers.get("Authorization", "")
        return web.json_response({"error": f"header Authorization: {sent} may not call {request.path}"}, status=422)


@pytest.fixture(scope="module")
def echoing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SwitchboardServer, Account, int]]:
    provider = EmulatorServer(EchoingProvider()).start()
    data_dir: Path = tmp_path_factory.mktemp("echoing")
    server = SwitchboardServer(data_dir, server_env(data_dir, {"salesloft": provider.url})).start()
    account = server.new_partner("Echo").new_account()
    installed = account.install("salesloft", AuthValue=KEY)
    yield server, account, installed
    server.stop()
    provider.stop()


async def test_an_error_that_repeats_the_key_is_relayed_without_it(
    echoing: tuple[SwitchboardServer, Account, int],
) -> None:
    server, account, installed = echoing
    async with mcp_session(server, partner_headers(account)) as session:
        result = await session.call_tool("salesloft_get_person", {"person_id": "7"})
    assert result.is_error is True
    assert "may not call /v2/people/7" in text(result)  # the provider's words still reach the model
    assert KEY not in text(result) and KEY not in str(result.structured_content)
    rest = account.post(f"/v1.0/account/connectors/{installed}/tools/salesloft_get_person", json={"person_id": "7"})
    assert rest.status_code == 422 and "may not call" in rest.text
    method = account.methods("salesloft")["Get person"]["MethodUniqueIdentifier"]
    called = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{method}/body", json={"Parameters": {"person_id": "7"}}
    )
    assert called.status_code == 422, called.text
    for answer in (rest, called):
        assert KEY not in answer.text, answer.text


def test_a_later_pages_error_ending_a_stream_is_relayed_without_the_key(
    echoing: tuple[SwitchboardServer, Account, int],
) -> None:
    _, account, installed = echoing
    method = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
    streamed = account.post(
        f"/v1.0/account/connectors/{installed}/methods/{method}",
        json={},
        headers={"Accept": "application/x-ndjson"},
    )
    assert streamed.status_code == 200, streamed.text
    first, last = streamed.text.strip().splitlines()
    assert '"Acme"' in first and last.startswith('{"Error":') and "may not call /v2/accounts" in last
    assert KEY not in streamed.text, last


async def test_a_success_that_repeats_the_key_reaches_no_model(echoing: tuple[SwitchboardServer, Account, int]) -> None:
    """A model steered (by a prompt injection, say) to an endpoint that echoes its request sees no credentials."""
    server, account, _ = echoing
    async with mcp_session(server, partner_headers(account)) as session:
        result = await session.call_tool("salesloft_raw_http_request_advanced", {"url": {"endpoint": "/v2/echo"}})
    assert result.is_error is False, text(result)
    assert "Authorization" in text(result)  # the answer itself still comes
    assert KEY not in text(result) and KEY not in str(result.structured_content)
