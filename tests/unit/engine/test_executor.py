"""The executor: retries by policy, one credential refresh on a 401, and rate-limit pacing."""

from __future__ import annotations

import time
from typing import Any

import pytest

from switchboard.catalog.models import RetryDef
from switchboard.engine.executor import CallState, Executor
from switchboard.engine.retry import retry_policy_for
from switchboard.engine.trace import Exchange
from switchboard.errors import UpstreamError, UpstreamUnavailable
from switchboard.http import Budget, OutboundRequest
from switchboard.ratelimit import InMemoryRateLimiter, LimitScope
from tests.unit.fakes import ScriptedTransport, Step, answer, header
from tests.unit.fixtures import people_connector

FAST = {"base": 0.001, "cap": 0.002}
GET = OutboundRequest("GET", "https://api.example.com/v2/people")
POST = OutboundRequest("POST", "https://api.example.com/v2/people", body=b'{"name":"Ada"}')


class TokenAuth:
    """An ``Authenticator`` that signs with the current token and can move to the next ones on refresh."""

    def __init__(self, *tokens: str) -> None:
        self._tokens = list(tokens)
        self.refreshes = 0

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        return request.with_header("Authorization", f"Bearer {self._tokens[0]}")

    async def refresh(self) -> bool:
        self.refreshes += 1
        if len(self._tokens) < 2:
            return False
        self._tokens.pop(0)
        return True

    def secrets(self) -> list[str]:
        return list(self._tokens)


def call_state(
    *,
    retry: dict[str, Any] | None = None,
    rate_limits: list[dict[str, Any]] | None = None,
    auth: TokenAuth | None = None,
    max_retries: int = 3,
    max_retry_after: float = 60.0,
    seconds: float = 30.0,
) -> CallState:
    connector = people_connector(rate_limits=rate_limits or [])
    policy = retry_policy_for(
        RetryDef.model_validate({"backoff": FAST, **(retry or {})}),
        max_retries=max_retries,
        max_retry_after=max_retry_after,
    )
    budget = Budget(deadline=time.monotonic() + seconds, max_bytes=1024 * 1024, seconds=seconds)
    return CallState(connector, auth or TokenAuth("token-1"), LimitScope(account_connector_id=1), policy, budget, [])


def executor(transport: ScriptedTransport, limiter: InMemoryRateLimiter | None = None) -> Executor:
    return Executor(transport, limiter or InMemoryRateLimiter(), max_rate_limit_wait=5.0)


def requests_sent(transport: ScriptedTransport) -> int:
    return len(transport.requests)


def statuses(state: CallState) -> list[int | None]:
    exchanges: list[Exchange] = state.exchanges or []
    return [exchange.status for exchange in exchanges]


async def test_a_503_on_a_get_is_retried_and_the_200_returned() -> None:
    transport = ScriptedTransport(answer(503), answer(200, {"data": []}))
    state = call_state()

    response = await executor(transport).send(state, GET)

    assert response.status == 200
    assert response.body == b'{"data":[]}'
    assert [r.url for r in transport.requests] == [GET.url, GET.url]
    assert statuses(state) == [503, 200]


async def test_a_500_on_a_post_is_not_retried() -> None:
    transport = ScriptedTransport(answer(500, {"error": "boom"}), answer(200))
    state = call_state()

    with pytest.raises(UpstreamError) as caught:
        await executor(transport).send(state, POST)

    assert caught.value.status == 500
    assert caught.value.body == b'{"error":"boom"}'
    assert "People API answered 500 Internal Server Error" in caught.value.message
    assert len(transport.requests) == 1


async def test_an_error_answer_is_returned_when_errors_are_not_raised() -> None:
    transport = ScriptedTransport(answer(404, {"error": "missing"}))

    response = await executor(transport).send(call_state(), GET, raise_errors=False)

    assert (response.status, response.body) == (404, b'{"error":"missing"}')
    assert len(transport.requests) == 1


async def test_a_429_with_retry_after_0_on_a_post_is_retried() -> None:
    """A 429 was not processed, so even a POST goes again."""
    transport = ScriptedTransport(answer(429, headers={"Retry-After": "0"}), answer(201, {"id": 1}))

    response = await executor(transport).send(call_state(), POST)

    assert response.status == 201
    assert [(r.method, r.body) for r in transport.requests] == [("POST", POST.body)] * 2


async def test_a_retry_after_beyond_the_limit_fails_at_once_and_says_so() -> None:
    transport = ScriptedTransport(answer(429, headers={"Retry-After": "120"}), answer(200))
    started = time.monotonic()

    with pytest.raises(UpstreamError) as caught:
        await executor(transport).send(call_state(max_retry_after=60.0), GET)

    assert time.monotonic() - started < 5.0  # not the 120 s asked for
    assert len(transport.requests) == 1
    assert caught.value.status == 429
    assert caught.value.retry_after == 120.0
    assert "asked to wait 120 s (Retry-After), longer than Switchboard waits (60 s)" in caught.value.message


@pytest.mark.parametrize(
    ("max_retries", "attempts"),
    [pytest.param(0, 1, id="no-retries"), pytest.param(1, 2, id="one-retry"), pytest.param(3, 4, id="three-retries")],
)
async def test_network_errors_on_a_get_are_retried_max_retries_times(max_retries: int, attempts: int) -> None:
    errors: list[Step] = [UpstreamUnavailable(f"reset #{n}", status=502) for n in range(1, 7)]
    transport = ScriptedTransport(*errors)
    state = call_state(max_retries=max_retries)

    with pytest.raises(UpstreamUnavailable, match=f"reset #{attempts}$"):
        await executor(transport).send(state, GET)

    assert len(transport.requests) == attempts
    assert statuses(state) == [None] * attempts


async def test_a_network_error_on_a_post_is_not_retried() -> None:
    transport = ScriptedTransport(UpstreamUnavailable("reset", status=502), answer(200))

    with pytest.raises(UpstreamUnavailable):
        await executor(transport).send(call_state(), POST)

    assert len(transport.requests) == 1


@pytest.mark.parametrize(
    ("request_", "first"),
    [
        pytest.param(GET, answer(503), id="503-get"),
        pytest.param(POST, answer(429, headers={"Retry-After": "0"}), id="429-retry-after-0-post"),
        pytest.param(GET, UpstreamUnavailable("reset", status=502), id="network-error-get"),
    ],
)
async def test_retry_type_none_never_retries(request_: OutboundRequest, first: Step) -> None:
    transport = ScriptedTransport(first, answer(200))

    with pytest.raises(UpstreamError):
        await executor(transport).send(call_state(retry={"type": "none"}), request_)

    assert len(transport.requests) == 1


async def test_a_401_refreshes_once_and_resends_with_the_new_credentials() -> None:
    auth = TokenAuth("token-old", "token-new")
    transport = ScriptedTransport(answer(401), answer(200, {"ok": True}))

    response = await executor(transport).send(call_state(auth=auth), POST)

    assert response.status == 200
    assert auth.refreshes == 1
    assert [header(r, "Authorization") for r in transport.requests] == ["Bearer token-old", "Bearer token-new"]


async def test_the_resend_after_a_refresh_does_not_use_up_a_retry() -> None:
    auth = TokenAuth("token-old", "token-new")
    transport = ScriptedTransport(answer(401), answer(503), answer(503), answer(503), answer(200, {"data": []}))

    response = await executor(transport).send(call_state(auth=auth, max_retries=3), GET)

    assert response.status == 200
    assert requests_sent(transport) == 5  # the first try, the resend after the refresh, three retries


async def test_a_401_refreshes_at_most_twice_and_the_third_is_final() -> None:
    # Twice: an authenticator may first take a set another call stored, then ask the provider.
    auth = TokenAuth("token-old", "token-new", "token-newer", "token-newest")
    transport = ScriptedTransport(answer(401), answer(401), answer(401, {"error": "unauthorized"}), answer(200))

    with pytest.raises(UpstreamError) as caught:
        await executor(transport).send(call_state(auth=auth), GET)

    assert caught.value.status == 401
    assert auth.refreshes == 2
    assert [header(r, "Authorization") for r in transport.requests] == [
        "Bearer token-old",
        "Bearer token-new",
        "Bearer token-newer",
    ]


async def test_a_401_without_new_credentials_is_final() -> None:
    auth = TokenAuth("token-only")
    transport = ScriptedTransport(answer(401), answer(200))

    with pytest.raises(UpstreamError) as caught:
        await executor(transport).send(call_state(auth=auth), GET)

    assert caught.value.status == 401
    assert auth.refreshes == 1
    assert len(transport.requests) == 1


async def test_the_rate_limiter_paces_the_third_request_by_the_window() -> None:
    """Two requests per 0.2 s: the third waits for the first slot to leave the window."""
    transport = ScriptedTransport(answer(200), answer(200), answer(200))
    state = call_state(rate_limits=[{"name": "burst", "limit": 2, "per": 0.2}])
    sender = executor(transport)

    await sender.send(state, GET)
    await sender.send(state, GET)
    after_two = state.limiter_seconds
    started = time.monotonic()
    await sender.send(state, GET)
    waited = time.monotonic() - started

    assert after_two < 0.1
    assert 0.1 <= waited < 2.0
    assert state.limiter_seconds - after_two >= 0.1
    assert len(transport.requests) == 3


async def test_close_closes_the_transport() -> None:
    transport = ScriptedTransport()
    await executor(transport).close()
    assert transport.closed


SLACKISH = {"path": "ok", "equals": True, "error": "error", "auth_errors": ["invalid_auth"]}


def slackish_state(auth: TokenAuth) -> CallState:
    state = call_state(auth=auth)
    state.connector = people_connector(success=SLACKISH)
    return state


async def test_a_body_error_the_rule_calls_an_auth_failure_refreshes_once_like_a_401() -> None:
    auth = TokenAuth("token-old", "token-new")
    transport = ScriptedTransport(answer(200, {"ok": False, "error": "invalid_auth"}), answer(200, {"ok": True}))

    response = await executor(transport).send(slackish_state(auth), POST)

    assert response.status == 200 and auth.refreshes == 1
    assert [header(r, "Authorization") for r in transport.requests] == ["Bearer token-old", "Bearer token-new"]


async def test_a_body_auth_failure_after_the_refreshes_is_a_401_and_other_body_errors_do_not_refresh() -> None:
    auth = TokenAuth("token-old", "token-new", "token-newer", "token-newest")
    refused = answer(200, {"ok": False, "error": "invalid_auth"})
    again = ScriptedTransport(refused, refused, refused)
    with pytest.raises(UpstreamError) as caught:
        await executor(again).send(slackish_state(auth), GET)
    assert caught.value.status == 401 and auth.refreshes == 2 and len(again.requests) == 3

    other = ScriptedTransport(answer(200, {"ok": False, "error": "channel_not_found"}))
    with pytest.raises(UpstreamError) as caught:
        await executor(other).send(slackish_state(TokenAuth("t", "u")), GET)
    assert caught.value.status == 400 and len(other.requests) == 1
