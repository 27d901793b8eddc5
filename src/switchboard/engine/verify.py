"""The credentials check a connector names (``verify: {http: GET /me}``): one cheap read, and its verdict.

Sent through the executor as any call is (the connector's rate limits and retry policy, the
transport), within a short budget. The provider's answer decides: 401 or 403 (or the
connector's ``success`` rule broken) means the credentials are refused; 2xx that they work;
anything else (unreachable, timed out, 5xx, 429, an unexpected status) that they could not be
checked now.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl

import msgspec

from switchboard.auth.base import Authenticator
from switchboard.catalog.models import VerifyDef
from switchboard.catalog.registry import Connector
from switchboard.engine.executor import CallState, Executor
from switchboard.engine.request.build import base_headers
from switchboard.engine.request.templates import with_properties
from switchboard.engine.retry import retry_policy_for
from switchboard.engine.trace import Redactor
from switchboard.engine.upstream import body_failure
from switchboard.errors import AddressRefused, SwitchboardError
from switchboard.http import Budget, OutboundRequest, UpstreamResponse
from switchboard.numbers import is_digits
from switchboard.ratelimit import LimitScope

Outcome = Literal["verified", "refused", "unverified"]
MAX_REASON = 300
# Where providers usually put their words when the definition names no ``reason`` path.
_USUAL = ("error.message", "message", "error_description", "error", "errors.0.message", "errors.0", "detail", "title")


@dataclass(frozen=True, slots=True)
class Verdict:
    """How the check ended; ``reason`` is the provider's words (refused) or what went wrong (unverified)."""

    outcome: Outcome
    reason: str | None = None
    status: int | None = None


async def check(
    executor: Executor,
    connector: Connector,
    auth: Authenticator,
    properties: dict[str, Any],
    scope: LimitScope,
    *,
    seconds: float,
    max_retries: int,
) -> Verdict | None:
    """The verdict on ``auth``'s credentials, or None when the connector names no check."""
    verify = connector.definition.verify
    if verify is None:
        return None
    redactor = Redactor(auth.secrets())
    try:
        definition = with_properties(connector.definition, properties)
        verb, _, target = verify.http.partition(" ")
        path, _, query_text = target.partition("?")  # GET /about?fields=user: the query as pairs, beside auth's
        query = (*definition.query.items(), *parse_qsl(query_text, keep_blank_values=True))
        headers = tuple(base_headers(definition))
        request = OutboundRequest(verb, definition.base_url + path, query=query, headers=headers)
        retry = retry_policy_for(definition.retry, max_retries=max_retries, max_retry_after=seconds / 2)
        budget = Budget(deadline=time.monotonic() + seconds, max_bytes=1_000_000, seconds=seconds)
        state = CallState(connector, auth, scope, retry, budget, None)
        state.max_requests = 1 + max_retries
        response = await executor.send(state, request, raise_errors=False)
    except AddressRefused:
        raise  # not a provider's verdict: the caller's property points inward, and the save stops
    except SwitchboardError as exc:  # unreachable, timed out, no rate-limit slot, a property missing
        return Verdict("unverified", redactor.text(exc.message)[:MAX_REASON])
    return _judge(connector, verify, response, redactor)


def _judge(connector: Connector, verify: VerifyDef, response: UpstreamResponse, redactor: Redactor) -> Verdict:
    name = connector.definition.name
    if response.ok:
        failure = body_failure(connector, response)
        if failure is None:
            return Verdict("verified", status=response.status)
        words = reason(response.body, verify.reason) or failure.message
        return Verdict("refused", redactor.text(words)[:MAX_REASON], response.status)
    if response.status in (401, 403):
        words = reason(response.body, verify.reason) or f"{name} answered {response.status}"
        return Verdict("refused", redactor.text(words)[:MAX_REASON], response.status)
    said = reason(response.body, verify.reason)
    words = f"{name} answered {response.status}" + (f": {said}" if said else "")
    return Verdict("unverified", redactor.text(words)[:MAX_REASON], response.status)


def reason(body: bytes, path: str | None) -> str | None:
    """The provider's own words in a JSON answer: at ``path`` (dots; digits index lists), then the usual places."""
    try:
        document = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):  # no words to find in an answer nested past reading
        return None
    for candidate in [path, *_USUAL] if path else _USUAL:
        found = _at(document, candidate)
        if isinstance(found, str) and found.strip():
            return _plain(found)
    return None


def _at(document: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(document, dict):
            document = document.get(part)
        elif isinstance(document, list) and is_digits(part) and int(part) < len(document):
            document = document[int(part)]
        else:
            return None
    return document


def _plain(text: str) -> str:
    """One line of text: control characters and runs of spaces folded."""
    return re.sub(r"[\s\x00-\x1f\x7f]+", " ", text).strip()
