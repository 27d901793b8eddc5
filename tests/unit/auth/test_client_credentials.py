"""Client credentials: the token fetched on first use, kept, fetched again near expiry or once after a 401."""

from __future__ import annotations

import asyncio
import base64
import time

import orjson
import pytest

from switchboard.auth.client_credentials import ClientCredentialsAuthenticator, ClientTokenEndpoint
from switchboard.auth.credentials import ClientCredentials
from switchboard.auth.locks import InProcessLocks
from switchboard.auth.refresh import ClientSnapshot, RefreshCoordinator, TokenSnapshot
from switchboard.catalog.models import ClientCredentialsAuth
from switchboard.errors import ConnectionNotReady, UpstreamError
from switchboard.http import OutboundRequest
from tests.unit.fakes import ScriptedTransport, answer, form, header

CONNECTION = 9
TOKEN_URL = "https://api.example.com/v1/oauth2/token"
PAYPAL = ClientCredentialsAuth(type="client_credentials", token_url=TOKEN_URL)
PERSONIO = ClientCredentialsAuth(
    type="client_credentials",
    token_url=TOKEN_URL,
    client_auth="json",
    grant_type=None,
    token_path="data.token",
    expires_path=None,
    default_expires_in=86400,
)
PAIR = ClientCredentials(client_id="client-1", client_secret="secret-1")


class MemoryClientStore:
    """The client-credentials half of a ``TokenStore`` in memory: versions bump on each save, saves are fenced."""

    def __init__(self, credentials: ClientCredentials, version: int = 1) -> None:
        self.snapshot = ClientSnapshot(version, credentials)
        self.needs_reauth: str | None = None
        self.failures: list[str] = []

    async def load(self, connection_id: int) -> TokenSnapshot:
        raise AssertionError("client credentials never read a token set")

    async def load_client(self, connection_id: int) -> ClientSnapshot | None:
        assert connection_id == CONNECTION
        return None if self.needs_reauth else self.snapshot

    async def save_client(self, connection_id: int, credentials: ClientCredentials, expected_version: int) -> bool:
        if expected_version != self.snapshot.version:
            return False
        self.snapshot = ClientSnapshot(self.snapshot.version + 1, credentials)
        return True

    async def mark_needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        self.needs_reauth = reason
        return True

    async def refresh_failed(self, connection_id: int, reason: str) -> None:
        self.failures.append(reason)


def token(value: str, expires_in: int = 32400) -> object:
    return answer(200, {"scope": "https://uri.paypal.com/services/invoicing", "access_token": value,
                        "token_type": "Bearer", "expires_in": expires_in})  # fmt: skip


def wired(
    store: MemoryClientStore,
    transport: ScriptedTransport,
    definition: ClientCredentialsAuth = PAYPAL,
    coordinator: RefreshCoordinator | None = None,
) -> tuple[ClientCredentialsAuthenticator, RefreshCoordinator]:
    coordinator = coordinator or RefreshCoordinator(store, InProcessLocks())
    endpoint = ClientTokenEndpoint(transport, definition, "Example")
    auth = ClientCredentialsAuthenticator(definition, coordinator, endpoint, TOKEN_URL, CONNECTION, store.snapshot)
    return auth, coordinator


def request() -> OutboundRequest:
    return OutboundRequest("GET", "https://api.example.com/v2/checkout/orders/1")


async def test_the_first_call_fetches_a_token_and_later_calls_reuse_it() -> None:
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(token("token-1"))
    auth, _ = wired(store, transport)

    first = await auth.authorize(request())
    second = await auth.authorize(request())

    assert header(first, "Authorization") == header(second, "Authorization") == "Bearer token-1"
    (sent,) = transport.requests
    assert (sent.method, sent.url) == ("POST", TOKEN_URL)
    assert form(sent) == {"grant_type": "client_credentials"}
    assert header(sent, "Authorization") == "Basic " + base64.b64encode(b"client-1:secret-1").decode()
    stored = store.snapshot.credentials
    assert (store.snapshot.version, stored.access_token, stored.client_secret) == (2, "token-1", "secret-1")
    assert stored.expires_at is not None and stored.expires_at - time.time() == pytest.approx(32400, abs=5)


async def test_a_token_near_its_expiry_is_fetched_again() -> None:
    now = time.time()
    store = MemoryClientStore(PAIR.model_copy(update={"access_token": "old", "issued_at": now - 3570,
                                                      "expires_at": now + 30}))  # fmt: skip
    transport = ScriptedTransport(token("token-2"))
    auth, _ = wired(store, transport)

    sent = await auth.authorize(request())

    assert header(sent, "Authorization") == "Bearer token-2"
    assert len(transport.requests) == 1


async def test_parallel_calls_with_no_token_fetch_one() -> None:
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(token("token-1"), delay=0.01)
    coordinator = RefreshCoordinator(store, InProcessLocks())
    endpoint = ClientTokenEndpoint(transport, PAYPAL, "Example")

    def fresh() -> ClientCredentialsAuthenticator:  # one authenticator per call, as the server builds them
        return ClientCredentialsAuthenticator(PAYPAL, coordinator, endpoint, TOKEN_URL, CONNECTION, store.snapshot)

    sent = await asyncio.gather(*(fresh().authorize(request()) for _ in range(30)))

    assert len(transport.requests) == 1
    assert coordinator.refreshes == 1
    assert {header(r, "Authorization") for r in sent} == {"Bearer token-1"}


async def test_a_401_fetches_a_new_token_once() -> None:
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(token("token-1"), token("token-2"))
    auth, _ = wired(store, transport)
    await auth.authorize(request())

    assert await auth.refresh() is True
    assert header(await auth.authorize(request()), "Authorization") == "Bearer token-2"
    assert len(transport.requests) == 2


async def test_a_401_when_another_call_already_fetched_a_newer_token_takes_that_one() -> None:
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(token("token-1"), token("token-2"))
    auth, coordinator = wired(store, transport)
    await auth.authorize(request())
    other, _ = wired(store, transport, coordinator=coordinator)
    assert await other.refresh() is True  # token-2 stored as version 3

    assert await auth.refresh() is True  # saw version 2: takes version 3, sends nothing
    assert header(await auth.authorize(request()), "Authorization") == "Bearer token-2"
    assert len(transport.requests) == 2


async def test_a_newer_stored_token_refused_too_is_followed_by_a_fetch_and_a_fetched_one_ends_it() -> None:
    # The call's view was stale: it signed with token-1 while token-2 was stored; the provider
    # revoked both. The first refresh takes token-2, the second fetches token-3.
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(token("token-1"), token("token-2"), token("token-3"))
    stale, coordinator = wired(store, transport)
    await stale.authorize(request())
    other, _ = wired(store, transport, coordinator=coordinator)
    assert await other.refresh() is True  # token-2 stored as version 3

    assert await stale.refresh() is True  # adopted: nothing sent
    assert len(transport.requests) == 2
    assert await stale.refresh() is True  # token-2 was refused as well: fetched
    assert header(await stale.authorize(request()), "Authorization") == "Bearer token-3"
    assert len(transport.requests) == 3
    assert await stale.refresh() is False  # a token just fetched for this call refused: no use asking again
    assert len(transport.requests) == 3


async def test_refused_credentials_mark_the_connection_and_say_so_without_the_secret() -> None:
    store = MemoryClientStore(PAIR)
    refusal = answer(401, {"error": "invalid_client", "error_description": "Client Authentication failed"})
    auth, _ = wired(store, ScriptedTransport(refusal))

    with pytest.raises(ConnectionNotReady) as caught:
        await auth.authorize(request())

    assert "Client Authentication failed" in caught.value.message
    assert "secret-1" not in caught.value.message
    assert store.needs_reauth is not None
    with pytest.raises(ConnectionNotReady, match="needs new client credentials"):
        await wired(store, ScriptedTransport())[0].authorize(request())


async def test_a_token_endpoint_down_is_a_passing_failure() -> None:
    store = MemoryClientStore(PAIR)
    auth, _ = wired(store, ScriptedTransport(answer(503, {"error": "unavailable"})))

    with pytest.raises(UpstreamError) as caught:
        await auth.authorize(request())

    assert caught.value.status == 502
    assert store.failures and store.needs_reauth is None


async def test_a_vendor_exchange_sends_json_and_reads_the_token_where_it_says() -> None:
    store = MemoryClientStore(PAIR)
    transport = ScriptedTransport(answer(200, {"success": True, "data": {"token": "papi-1"}}))
    auth, _ = wired(store, transport, PERSONIO)

    sent = await auth.authorize(request())

    assert header(sent, "Authorization") == "Bearer papi-1"
    (exchange,) = transport.requests
    assert orjson.loads(exchange.body or b"") == {"client_id": "client-1", "client_secret": "secret-1"}
    assert header(exchange, "Content-Type") == "application/json"
    lifetime = store.snapshot.credentials.expires_at - store.snapshot.credentials.issued_at  # type: ignore[operator]
    assert lifetime == 86400


async def test_an_answer_without_the_token_is_a_protocol_error() -> None:
    store = MemoryClientStore(PAIR)
    auth, _ = wired(store, ScriptedTransport(answer(200, {"success": True, "data": {}})), PERSONIO)

    with pytest.raises(UpstreamError, match=r"without a token at data\.token"):
        await auth.authorize(request())


async def test_secrets_name_everything_put_on_the_wire() -> None:
    store = MemoryClientStore(PAIR)
    auth, _ = wired(store, ScriptedTransport(token("token-1")))
    await auth.authorize(request())

    found = set(auth.secrets())

    assert {"secret-1", "token-1", base64.b64encode(b"client-1:secret-1").decode()} <= found


def test_scopes_go_in_the_form() -> None:
    definition = PAYPAL.model_copy(update={"scopes": ["a", "b"], "client_auth": "body"})
    endpoint = ClientTokenEndpoint(ScriptedTransport(), definition, "Example")

    sent = endpoint._request(TOKEN_URL, PAIR)

    assert form(sent) == {"grant_type": "client_credentials", "scope": "a b", "client_id": "client-1",
                          "client_secret": "secret-1"}  # fmt: skip
