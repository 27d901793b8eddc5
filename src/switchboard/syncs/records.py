"""A record's key, canonical hash, deletion flag and cursor value: pure functions of its JSON."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import msgspec
import orjson

from switchboard.engine import paths
from switchboard.errors import UpstreamProtocolError
from switchboard.numbers import is_digits

_DECODE = msgspec.json.Decoder()


@dataclass(frozen=True, slots=True)
class Seen:
    """One record as a run read it."""

    key: str
    hash: str
    payload: str
    deleted: bool  # the record says it is deleted (a sync whose deletes come by flag)
    cursor: Any  # the value at the sync's cursor field, if it has one


def canonical_hash(record: Any, excluded: list[str]) -> str:
    """SHA-256 of the record as canonical JSON (sorted keys, no spaces), ``excluded`` paths left out."""
    if excluded and isinstance(record, dict):
        record = _without(record, excluded)
    try:
        canonical = orjson.dumps(record, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        # An integer past 64 bits or nesting past orjson's 254 levels, both valid JSON: msgspec writes them, keys
        # sorted too. Only for such records, so the hashes already stored for every other stay as they are.
        canonical = msgspec.json.encode(record, order="sorted")
    return hashlib.sha256(canonical).hexdigest()


def _without(record: dict[str, Any], excluded: list[str]) -> dict[str, Any]:
    copy = dict(record)
    for path in excluded:
        head, _, rest = path.partition(".")
        if head not in copy:
            continue
        if rest and isinstance(copy[head], dict):
            copy[head] = _without(copy[head], [rest])
        elif not rest:
            del copy[head]
    return copy


def seen(
    raw: msgspec.Raw,
    *,
    key_path: str,
    excluded: list[str],
    deleted_field: str | None,
    cursor_field: str | None,
    max_bytes: int,
) -> Seen:
    """Read one raw record; a record without a usable key, or over ``max_bytes``, stops the run with why."""
    if len(raw) > max_bytes:
        raise UpstreamProtocolError(
            f"A record of {len(raw)} bytes is larger than the per-record limit ({max_bytes} bytes)", status=502
        )
    try:
        record = _DECODE.decode(raw)
        hashed = canonical_hash(record, excluded)
    except msgspec.ValidationError as exc:  # a number past what Python reads: 1e400, an integer of 5,000 digits
        raise UpstreamProtocolError(f"A record could not be read: {exc}", status=502) from None
    except RecursionError:
        raise UpstreamProtocolError("A record nests arrays or objects too deeply to be read", status=502) from None
    key = paths.read(record, key_path)
    if isinstance(key, bool) or not isinstance(key, str | int) or key == "":
        raise UpstreamProtocolError(
            f"A record has no usable key at {key_path!r} (a string or an integer); set the sync's KeyField", status=502
        )
    text = str(key)
    if len(text) > 255:
        raise UpstreamProtocolError(f"A record's key at {key_path!r} is longer than 255 characters", status=502)
    flag = paths.read(record, deleted_field) if deleted_field else None
    cursor = paths.read(record, cursor_field) if cursor_field else None
    return Seen(text, hashed, bytes(raw).decode(), bool(flag), cursor)


def parse_time(value: Any, form: str = "iso8601") -> float | None:
    """Epoch seconds from an ISO 8601 text (``Z`` or an offset), or with ``form`` ``unix``/``unix_ms``
    from a number (or its digits); None when it is not a time."""
    epoch = isinstance(value, int | float) and not isinstance(value, bool)
    if form in ("unix", "unix_ms") and (epoch or (isinstance(value, str) and is_digits(value))):
        return float(value) / (1000 if form == "unix_ms" else 1)
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def format_time(epoch: float, form: str) -> str:
    """A point in time as a cursor value: ``iso8601`` (UTC, ``Z``), ``unix`` or ``unix_ms``."""
    if form == "unix":
        return str(int(epoch))
    if form == "unix_ms":
        return str(int(epoch * 1000))
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def later_cursor(current: Any, candidate: Any, ceiling: float, form: str = "iso8601") -> Any:
    """The larger of two cursor values, ignoring a time value past ``ceiling`` (changed during the run).

    Times (ISO 8601 texts, or epoch numbers when ``form`` says so) compare as times, other numbers
    as numbers, anything else by its text.
    """
    if candidate is None or isinstance(candidate, bool):
        return current
    when = parse_time(candidate, form)
    if when is not None and when > ceiling:
        return current
    if current is None:
        return candidate
    mine = parse_time(current, form)
    if when is not None and mine is not None:
        return candidate if when > mine else current
    if isinstance(candidate, int | float) and isinstance(current, int | float):
        return max(candidate, current)
    return candidate if str(candidate) > str(current) else current
