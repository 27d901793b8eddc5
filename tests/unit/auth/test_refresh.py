"""The refresh coordinator: one token request per expiry, fenced saves, dead refresh tokens."""

from __future__ import annotations

import asyncio
import base64
import time
from dataclasses import replace

import pytest

from switchboard.auth.credentials import OAuth2Credentials
from switchboard.auth.locks import InProcessLocks
from switchboard.auth.refresh import RefreshCoordinator, TokenSnapshot, expiring
from switchboard.auth.token_endpoint import OAuthApp, TokenEndpoint
from switchboard.catalog.models import OAuth2Auth
from switchboard.errors import ConnectionNotReady
from switchboard.http import OutboundRequest, UpstreamResponse
from tests.unit.fakes import ScriptedTransport, answer, form, header

CONNECTION = 7
TOKEN_URL = "https://login.example.com/oauth/token"
APP = OAuthApp("client-1", "secret-1", owner="partner")


class MemoryTokenStore:
    """A ``TokenStore`` in memory: versions bump on each save, saves and marks are fenced."""

    def __init__(self, credentials: OAuth2Credentials | None, version: int = 1) -> None:
        self.snapshot = TokenSnapshot(version, credentials, "authenticated")
        self.loads = 0
        self.saves: list[tuple[OAuth2Credentials, int, bool]] = []
        self.marks: list[tuple[str, int, bool]] = []
        self.failures: list[str] = []

    def write(self, credentials: OAuth2Credentials) -> None:
        """Another worker stores a new set."""
        self.snapshot = TokenSnapshot(self.snapshot.version + 1, credentials, "authenticated")

    async def load(self, connection_id: int) -> TokenSnapshot:
        assert connection_id == CONNECTION
        self.loads += 1
        return self.snapshot

    async def save(self, connection_id: int, credentials: OAuth2Credentials, expected_version: int) -> bool:
        written = expected_version == self.snapshot.version
        self.saves.append((credentials, expected_version, written))
        if written:
            self.write(credentials)
        return written

    async def mark_needs_reauth(self, connection_id: int, reason: str, expected_version: int) -> bool:
        written = expected_version == self.snapshot.version
        self.marks.append((reason, expected_version, written))
        if written:
            self.snapshot = replace(self.snapshot, auth_state="needs_reauth")
        return written

    async def refresh_failed(self, connection_id: int, reason: str) -> None:
        self.failures.append(reason)


def tokens(access: str, refresh: str | None = "refresh-1", *, lifetime: float = 3600.0) -> OAuth2Credentials:
    now = time.time()
    return OAuth2Credentials(access_token=access, refresh_token=refresh, expires_at=now + lifetime, issued_at=now)


def expired(access: str = "access-old", refresh: str = "refresh-1") -> OAuth2Credentials:
    return OAuth2Credentials(access_token=access, refresh_token=refresh, expires_at=time.time() - 10, issued_at=None)


def granted(access: str = "access-new", refresh: str | None = "refresh-2", expires_in: int = 3600) -> UpstreamResponse:
    body: dict[str, object] = {"access_token": access, "token_type": "Bearer", "expires_in": expires_in}
    if refresh is not None:
        body["refresh_token"] = refresh
    return answer(200, body)


INVALID_GRANT = answer(400, {"error": "invalid_grant", "error_description": "Token has been revoked"})


def endpoint(transport: ScriptedTransport, client_auth: str = "body") -> TokenEndpoint:
    definition = OAuth2Auth(
        type="oauth2", authorize_url="https://login.example.com/authorize", token_url=TOKEN_URL, client_auth=client_auth
    )
    return TokenEndpoint(transport, definition, TOKEN_URL, "Example")


async def test_concurrent_forced_refreshes_send_one_token_request() -> None:
    """Fifty calls that all saw version 1 fail: one refresh, and every call gets its token."""
    store = MemoryTokenStore(tokens("access-old"), version=1)
    transport = ScriptedTransport(granted("access-new"), delay=0.01)
    coordinator = RefreshCoordinator(store, InProcessLocks())
    token_endpoint = endpoint(transport)

    results = await asyncio.gather(
        *(coordinator.fresh(CONNECTION, token_endpoint, APP, 1, force=True) for _ in range(50))
    )

    assert len(transport.requests) == 1
    assert coordinator.refreshes == 1
    assert {r.version for r in results} == {2}
    assert {r.credentials.access_token for r in results if r.credentials} == {"access-new"}
    assert [written for _, _, written in store.saves] == [True]
    assert store.snapshot.credentials is not None and store.snapshot.credentials.access_token == "access-new"


@pytest.mark.parametrize(
    ("client_auth", "in_body"),
    [pytest.param("body", True, id="client-in-body"), pytest.param("basic", False, id="client-in-basic-header")],
)
async def test_the_token_request_sends_the_stored_refresh_token(client_auth: str, in_body: bool) -> None:
    store = MemoryTokenStore(expired(refresh="refresh-1"))
    transport = ScriptedTransport(granted())
    await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport, client_auth), APP, 1, force=False
    )

    (request,) = transport.requests
    assert (request.method, request.url) == ("POST", TOKEN_URL)
    fields = form(request)
    assert fields["grant_type"] == "refresh_token"
    assert fields["refresh_token"] == "refresh-1"
    if in_body:
        assert (fields["client_id"], fields["client_secret"]) == ("client-1", "secret-1")
        assert header(request, "Authorization") is None
    else:
        assert "client_secret" not in fields
        assert header(request, "Authorization") == "Basic " + base64.b64encode(b"client-1:secret-1").decode()


async def test_a_fresh_stored_token_is_returned_without_a_request() -> None:
    store = MemoryTokenStore(tokens("access-ok"), version=3)
    transport = ScriptedTransport()
    coordinator = RefreshCoordinator(store, InProcessLocks())

    snapshot = await coordinator.fresh(CONNECTION, endpoint(transport), APP, 3, force=False)

    assert snapshot == store.snapshot
    assert transport.requests == []
    assert coordinator.refreshes == 0


async def test_a_set_rotated_by_another_worker_is_used_without_a_request() -> None:
    """A forced refresh (after a 401) finds the stored version moved on: the new set is the answer."""
    store = MemoryTokenStore(tokens("access-old"), version=1)
    store.write(tokens("access-other-worker", "refresh-other"))
    transport = ScriptedTransport()

    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=True
    )

    assert transport.requests == []
    assert snapshot.version == 2
    assert snapshot.credentials is not None and snapshot.credentials.access_token == "access-other-worker"


async def test_a_newer_but_expiring_set_is_still_refreshed() -> None:
    store = MemoryTokenStore(tokens("access-old"), version=1)
    store.write(expired("access-other-worker", "refresh-other"))
    transport = ScriptedTransport(granted("access-new"))

    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=False
    )

    assert form(transport.requests[0])["refresh_token"] == "refresh-other"
    assert snapshot.version == 3
    assert snapshot.credentials is not None and snapshot.credentials.access_token == "access-new"


async def test_invalid_grant_after_another_worker_rotated_returns_the_new_set() -> None:
    """Our refresh token was stale, not dead: the set stored meanwhile is used and nothing is marked."""
    store = MemoryTokenStore(expired(refresh="refresh-1"))

    def rotate_then_refuse(request: OutboundRequest) -> UpstreamResponse:
        store.write(tokens("access-rotated", "refresh-rotated"))
        return INVALID_GRANT

    transport = ScriptedTransport(rotate_then_refuse)
    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=False
    )

    assert snapshot.version == 2
    assert snapshot.credentials is not None
    assert (snapshot.credentials.access_token, snapshot.credentials.refresh_token) == (
        "access-rotated",
        "refresh-rotated",
    )
    assert store.marks == []
    assert store.snapshot.auth_state == "authenticated"


async def test_invalid_grant_with_the_same_refresh_token_marks_the_connection() -> None:
    store = MemoryTokenStore(expired(refresh="refresh-1"), version=4)
    transport = ScriptedTransport(INVALID_GRANT)

    with pytest.raises(ConnectionNotReady) as caught:
        await RefreshCoordinator(store, InProcessLocks()).fresh(CONNECTION, endpoint(transport), APP, 4, force=False)

    assert caught.value.context == {"AuthState": "NeedsReauthentication"}
    assert "Token has been revoked" in caught.value.message
    ((reason, expected_version, written),) = store.marks
    assert "Token has been revoked" in reason
    assert (expected_version, written) == (4, True)
    assert store.snapshot.auth_state == "needs_reauth"
    assert store.saves == []


async def test_a_connection_marked_for_reauth_sends_nothing() -> None:
    store = MemoryTokenStore(expired())
    store.snapshot = replace(store.snapshot, auth_state="needs_reauth")
    transport = ScriptedTransport()

    with pytest.raises(ConnectionNotReady) as caught:
        await RefreshCoordinator(store, InProcessLocks()).fresh(CONNECTION, endpoint(transport), APP, 1, force=True)

    assert caught.value.context == {"AuthState": "NeedsReauthentication"}
    assert transport.requests == []


@pytest.mark.parametrize(
    ("answered", "kept"),
    [
        pytest.param("refresh-2", "refresh-2", id="rotated"),
        pytest.param(None, "refresh-1", id="absent-keeps-old"),
        pytest.param("", "refresh-1", id="empty-keeps-old"),
    ],
)
async def test_the_stored_refresh_token_after_a_refresh(answered: str | None, kept: str) -> None:
    store = MemoryTokenStore(expired(refresh="refresh-1"))
    transport = ScriptedTransport(granted("access-new", refresh=answered))

    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=False
    )

    ((saved, expected_version, written),) = store.saves
    assert (saved.refresh_token, expected_version, written) == (kept, 1, True)
    assert snapshot.credentials == saved
    assert saved.access_token == "access-new"


async def test_a_lost_fenced_save_returns_the_newer_stored_set() -> None:
    store = MemoryTokenStore(expired(refresh="refresh-1"))

    def someone_else_writes_first(request: OutboundRequest) -> UpstreamResponse:
        store.write(tokens("access-winner", "refresh-winner"))
        return granted("access-loser", "refresh-loser")

    transport = ScriptedTransport(someone_else_writes_first)
    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=False
    )

    ((saved, expected_version, written),) = store.saves
    assert (saved.access_token, expected_version, written) == ("access-loser", 1, False)
    assert snapshot.version == 2
    assert snapshot.credentials is not None and snapshot.credentials.access_token == "access-winner"
    assert store.snapshot.credentials is not None and store.snapshot.credentials.access_token == "access-winner"


async def test_without_a_refresh_token_the_stored_set_is_returned_unrefreshed() -> None:
    store = MemoryTokenStore(
        OAuth2Credentials(access_token="access-old", refresh_token=None, expires_at=time.time() - 10)
    )
    transport = ScriptedTransport()

    snapshot = await RefreshCoordinator(store, InProcessLocks()).fresh(
        CONNECTION, endpoint(transport), APP, 1, force=True
    )

    assert snapshot == store.snapshot
    assert transport.requests == []


@pytest.mark.parametrize(
    ("issued_at", "expires_at", "now", "due"),
    [
        pytest.param(None, None, 1e12, False, id="no-lifetime-never-due"),
        pytest.param(0.0, 3600.0, 3539.0, False, id="hour-61s-before"),
        pytest.param(0.0, 3600.0, 3540.0, True, id="hour-60s-before"),
        pytest.param(None, 3600.0, 3539.0, False, id="no-issued-at-61s-before"),
        pytest.param(None, 3600.0, 3540.0, True, id="no-issued-at-60s-before"),
        pytest.param(0.0, 100.0, 74.0, False, id="short-lived-26s-before"),
        pytest.param(0.0, 100.0, 75.0, True, id="short-lived-quarter-before"),
        pytest.param(0.0, 100.0, 200.0, True, id="already-expired"),
    ],
)
def test_expiring_skew(issued_at: float | None, expires_at: float | None, now: float, due: bool) -> None:
    """Due a minute before expiry, or a quarter of the lifetime before it when that is shorter."""
    credentials = OAuth2Credentials(access_token="a", expires_at=expires_at, issued_at=issued_at)
    assert expiring(credentials, now=now) is due
