"""Coerce caller values to a definition's data type, or say precisely why not."""

from __future__ import annotations

import base64
import binascii
import contextlib
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import orjson

from switchboard.catalog.models import DataType

# Deeper than any real API's payload, shallow enough for every recursive walk and orjson (255).
MAX_DEPTH = 64
# JSON APIs read an integer as a signed 64-bit one: past that a provider fails or rounds it, so an
# integer input outside it is refused before anything is sent (definitions carry no int32 format to
# narrow it). Numbers and free values may go to UINT64_MAX: as far as JSON is written exactly (orjson).
INT64_MIN, INT64_MAX, UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class CoercionError(ValueError):
    """The value does not fit the type; the message completes 'X <message>'."""


def coerce(value: Any, data_type: DataType) -> Any:
    """``value`` as ``data_type``: numbers from numeric strings, booleans from "true"/"false"."""
    if value is None:
        return value
    if data_type == "any":
        return _shallow(value)
    if data_type == "string":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise CoercionError(f"must be a string, not {_kind(value)}")
        return value if isinstance(value, str) else str(value)
    if data_type == "integer":
        return _integer(value)
    if data_type == "number":
        return _number(value)
    if data_type == "boolean":
        return _boolean(value)
    if data_type in {"datetime", "date"}:
        return _temporal(value, data_type)
    if data_type == "object":
        value = _json_text(value, "") if isinstance(value, str) else value
        if not isinstance(value, dict):
            raise CoercionError(f"must be an object (or a JSON object in a string), not {_kind(value)}")
        return _shallow(value)
    if data_type == "array":
        value = _json_text(value, "[") if isinstance(value, str) else value
        return _shallow(value if isinstance(value, list) else [value])
    raise CoercionError(f"has an unknown type {data_type}")  # pragma: no cover - Literal guards it


def nesting_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` nests lists and objects (1 for ``{"a": 1}``), counting no further than ``limit + 1``."""
    return max(depth for depth, _ in _levels(value, limit))  # the levels' depths only grow


def _shallow(value: Any) -> Any:
    """``value`` if no deeper than ``MAX_DEPTH`` and every integer in it fits 64 bits (one pass, no recursion)."""
    for depth, level in _levels(value, MAX_DEPTH):
        if any(isinstance(node, int) and not INT64_MIN <= node <= UINT64_MAX for node in level):
            raise CoercionError(f"holds an integer outside the 64-bit range {INT64_MIN} to {UINT64_MAX}")
        if depth > MAX_DEPTH:
            raise CoercionError(f"nests lists and objects deeper than {MAX_DEPTH} levels")
    return value


def _levels(value: Any, limit: int) -> Iterator[tuple[int, list[Any]]]:
    """``value``'s nodes level by level, each level with how many levels of lists and objects it reaches,
    stopping once that passes ``limit``: no recursion for a hostile depth to exhaust."""
    depth, level = 0, [value]
    while level:
        containers = [node for node in level if isinstance(node, dict | list)]
        depth += bool(containers)
        yield depth, level
        if depth > limit:
            return
        level = [child for node in containers for child in (node.values() if isinstance(node, dict) else node)]


def _json_text(text: str, opener: str) -> Any:
    """Cyclr sends every value as a string: ``"[1, 2]"`` and ``"{\\"gte\\": 1}"`` are the list and object."""
    stripped = text.strip()
    if not stripped.startswith(opener):
        return text  # a plain string: one list element
    try:
        return orjson.loads(stripped)
    except orjson.JSONDecodeError as exc:
        raise CoercionError(f"is a string that is not valid JSON ({exc})") from None


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CoercionError("must be an integer, not a boolean")
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = int(value.strip())
    if number is None:
        raise CoercionError(f"must be an integer, not {value!r}")
    if not INT64_MIN <= number <= INT64_MAX:
        raise CoercionError(f"must be an integer from {INT64_MIN} to {INT64_MAX} (64-bit), not {value!r}")
    return number


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise CoercionError("must be a number, not a boolean")
    number = _numeric_text(value.strip()) if isinstance(value, str) else value
    if not isinstance(number, int | float):
        raise CoercionError(f"must be a number, not {value!r}")
    if isinstance(number, int) and not INT64_MIN <= number <= UINT64_MAX:
        # Past 64 bits a JSON parser reads a double (as ours does): send the number it will read.
        try:
            number = float(number)
        except OverflowError:
            number = math.inf
    if not math.isfinite(number):
        raise CoercionError("must be a finite number, within a double's range (about 1.8e308 either way)")
    return number


def _numeric_text(text: str) -> int | float | None:
    try:
        return int(text)  # exact: through a float, "12345678901234567891" would lose its last digits
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and "." not in text else number


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise CoercionError(f"must be true or false, not {value!r}")


def _temporal(value: Any, data_type: str) -> str:
    if not isinstance(value, str):
        raise CoercionError(f"must be an ISO 8601 {data_type} string, not {_kind(value)}")
    text = value.strip()
    try:
        if data_type == "date":
            date.fromisoformat(text)
        else:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CoercionError(f"must be an ISO 8601 {data_type}, not {value!r}") from None
    return text


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", bool: "a boolean"}.get(type(value), type(value).__name__)


def base64_bytes(value: Any) -> bytes:
    """The bytes a base64 string (standard alphabet, padded; line breaks allowed) stands for."""
    if not isinstance(value, str):
        raise CoercionError(f"must be a base64 string, not {_kind(value)}")
    try:
        return base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        raise CoercionError("is not valid base64 (standard alphabet with = padding)") from None


FILE_KEYS = frozenset({"content", "filename", "content_type"})


def file_value(value: Any) -> tuple[bytes, str | None, str | None]:
    """A file part: base64, or ``{"content": base64, "filename": ..., "content_type": ...}``."""
    if isinstance(value, str):
        return base64_bytes(value), None, None
    if not isinstance(value, dict) or "content" not in value:
        raise CoercionError('must be base64 or {"content": base64, "filename": ..., "content_type": ...}')
    unknown = sorted(set(value) - FILE_KEYS)
    if unknown:
        raise CoercionError(f"has unknown keys {unknown}: a file takes content, filename and content_type")
    filename, content_type = value.get("filename"), value.get("content_type")
    for key, text in (("filename", filename), ("content_type", content_type)):
        if text is not None and (not isinstance(text, str) or any(c in text for c in "\r\n\0")):
            raise CoercionError(f"{key} must be a string of one line")
    return base64_bytes(value["content"]), filename, content_type


def wire_text(value: Any) -> str:
    """How a scalar travels in a path, query string or header."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
