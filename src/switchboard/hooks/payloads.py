"""What is in a verified body: its events, each one's type, id and routing value; handshakes. Pure."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from switchboard.catalog.models import ChallengeHandshake, WebhooksDef
from switchboard.engine import paths
from switchboard.errors import InputError

MAX_EVENTS = 1000  # per request: a batch larger than any provider sends is refused, not stored
MAX_TEXT = 200  # an event type or id longer than this is cut (the columns are this wide)


@dataclass(frozen=True)
class ProviderEvent:
    """One event of a request, as stored and forwarded."""

    event_id: str
    event_type: str | None
    payload: Any


def parse(body: bytes) -> Any:
    """The body as JSON; a provider's body that is not JSON is the caller's error (400)."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise InputError("The webhook body is not JSON") from exc


def challenge_answer(spec: WebhooksDef, document: Any) -> dict[str, Any] | None:
    """The answer to a verification request (Slack's url_verification), or None for an ordinary event."""
    handshake = spec.handshake
    if not isinstance(handshake, ChallengeHandshake):
        return None
    found, value = paths.lookup(document, handshake.when.path)
    if not found or value != handshake.when.equals:
        return None
    return {handshake.field: paths.read(document, handshake.field)}


def split(
    spec: WebhooksDef, document: Any, body: bytes, headers: Mapping[str, str], scope: str = ""
) -> list[ProviderEvent]:
    """The events of one request: one, or each item of its batch. ``scope`` names where it came in (the
    connection's own URL): an event without the provider's id is told apart by it, with its type and bytes."""
    if spec.events == "":
        items: Any = [document]
    elif spec.events == ".":
        items = document
    else:
        items = paths.read(document, spec.events)
    if not isinstance(items, list):
        raise InputError(f"The webhook body has no list of events at {spec.events!r}")
    if len(items) > MAX_EVENTS:
        raise InputError(f"The webhook body holds {len(items)} events; at most {MAX_EVENTS} are taken at once")
    single = spec.events == ""
    return [_event(spec, item, body if single else None, headers, scope) for item in items]


def _event(spec: WebhooksDef, item: Any, raw: bytes | None, headers: Mapping[str, str], scope: str) -> ProviderEvent:
    event_type = _value(item, spec.event_type, spec.event_type_header, headers)
    return ProviderEvent(
        event_id=_text(_event_id(spec, item, raw, headers, f"{scope}\n{event_type or ''}")),
        event_type=_text(event_type),
        payload=item,
    )


def route_value(spec: WebhooksDef, payload: Any) -> str | None:
    """The value an event at the partner URL is routed by (HubSpot's portalId), as text."""
    return _value(payload, spec.route.path, None, {}) if spec.route else None


def _event_id(spec: WebhooksDef, item: Any, raw: bytes | None, headers: Mapping[str, str], context: str) -> str:
    given = _given_id(spec, item, headers)
    if given:
        return given
    # No id from the provider: the event's own bytes name it, so an exact replay is a duplicate; with where it
    # came in and its type, so the same body at another connection's URL, or a delete whose body is the last
    # update's (Salesloft sends the record alone, its event type in a header), is no duplicate.
    data = raw if raw is not None else orjson.dumps(item, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(context.encode() + b"\n" + data).hexdigest()


def _given_id(spec: WebhooksDef, item: Any, headers: Mapping[str, str]) -> str | None:
    """The provider's id: one value, or several joined (None where any of them is missing)."""
    if not isinstance(spec.event_id, list):
        return _value(item, spec.event_id, spec.event_id_header, headers)
    parts = [_value(item, path, None, headers) or "" for path in spec.event_id]
    return ":".join(parts) if all(parts) else None


def _value(item: Any, path: str | None, header: str | None, headers: Mapping[str, str]) -> str | None:
    if header is not None:
        return headers.get(header.lower()) or None
    if path is None:
        return None
    value = paths.read(item, path)
    if value is None or isinstance(value, dict | list):
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


def _text(value: str | None) -> Any:
    return value[:MAX_TEXT] if value is not None else None
