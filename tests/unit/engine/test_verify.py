"""The credentials check's verdict from the provider's answer (``engine/verify.py``), over a scripted transport."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.engine.executor import Executor
from switchboard.engine.verify import Verdict, check, reason
from switchboard.errors import UpstreamUnavailable
from switchboard.ratelimit import InMemoryRateLimiter, LimitScope
from tests.unit.engine.test_executor import TokenAuth
from tests.unit.fakes import ScriptedTransport, Step, answer, header
from tests.unit.fixtures import people_connector

SUCCESS = {"path": "ok", "equals": True, "error": "error"}


async def verdict(*steps: Step, **overrides: Any) -> tuple[Verdict | None, ScriptedTransport]:
    transport = ScriptedTransport(*steps)
    executor = Executor(transport, InMemoryRateLimiter(), max_rate_limit_wait=1.0)
    connector = people_connector(verify={"http": "GET /v2/me.json", "reason": "error.message"}, **overrides)
    found = await check(executor, connector, TokenAuth("tok-12345"), {}, LimitScope(1), seconds=2.0, max_retries=0)
    return found, transport


async def test_a_2xx_is_verified_and_the_check_goes_with_the_credentials() -> None:
    found, transport = await verdict(answer(200, {"data": {"id": 1}}))
    assert found == Verdict("verified", status=200)
    (sent,) = transport.requests
    assert (sent.method, sent.url) == ("GET", "https://api.example.com/v2/me.json")
    assert header(sent, "Authorization") == "Bearer tok-12345"


@pytest.mark.parametrize("status", [401, 403])
async def test_401_and_403_are_refused_in_the_providers_words_with_secrets_redacted(status: int) -> None:
    found, _ = await verdict(answer(status, {"error": {"message": "Key tok-12345 was\nrevoked"}}))
    assert found is not None and found.outcome == "refused" and found.status == status
    assert found.reason == "Key [redacted] was revoked"


async def test_a_broken_success_rule_is_refused() -> None:
    found, _ = await verdict(answer(200, {"ok": False, "error": "invalid_auth"}), success=SUCCESS)
    assert found is not None and (found.outcome, found.reason) == ("refused", "invalid_auth")


@pytest.mark.parametrize(
    ("step", "said"),
    [
        (answer(503, {"message": "down for maintenance"}), "People API answered 503: down for maintenance"),
        (answer(404, b"not json"), "People API answered 404"),
        (UpstreamUnavailable("api.example.com could not be reached", status=502), "could not be reached"),
    ],
)
async def test_anything_else_is_unverified_and_says_why(step: Step, said: str) -> None:
    found, _ = await verdict(step)
    assert found is not None and found.outcome == "unverified"
    assert found.reason is not None and said in found.reason


async def test_no_check_named_is_no_verdict() -> None:
    transport = ScriptedTransport()
    executor = Executor(transport, InMemoryRateLimiter(), max_rate_limit_wait=1.0)
    found = await check(executor, people_connector(), TokenAuth("t"), {}, LimitScope(1), seconds=1.0, max_retries=0)
    assert found is None and transport.requests == []


def test_reason_reads_the_path_then_the_usual_places() -> None:
    assert reason(b'[{"error_message": "Unauthorized"}]', "0.error_message") == "Unauthorized"
    assert reason(b'{"errors": [{"message": "Not Authorized"}]}', "nope") == "Not Authorized"
    assert reason(b'{"errorMessages": ["You are not logged in"]}', "errorMessages.0") == "You are not logged in"
    assert reason(b"<html>", None) is None
