"""Rails-style request parameters: ``ids[]=1&ids[]=2``, ``updated_at[gt]=...``, ``custom_fields[Name]=v``.

Salesloft is a Rails app, so query strings and form bodies nest the way Rack parses them; JSON
bodies arrive already nested. Both end up as plain dicts, and the coercions here accept either
the string form (query, form) or the typed form (JSON).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SUB = re.compile(r"\[([^\[\]]*)\]")


def parse_nested(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Fold flat ``(key, value)`` pairs into nested dicts and lists, as Rack does."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if match is None:
            out[key] = value
            continue
        base, rest = match.group(1), match.group(2)
        subs = _SUB.findall(rest)
        _assign(out, base, subs, value)
    return out


def _assign(container: dict[str, Any], key: str, subs: list[str], value: str) -> None:
    if not subs:
        container[key] = value
        return
    head, tail = subs[0], subs[1:]
    if head == "":
        current = container.get(key)
        items: list[Any] = current if isinstance(current, list) else []
        container[key] = items
        if not tail:
            items.append(value)
            return
        # "data[][first_name]=a&data[][last_name]=b": a new element starts when the key repeats.
        last = items[-1] if items and isinstance(items[-1], dict) else None
        if last is None or tail[0] in last:
            last = {}
            items.append(last)
        _assign(last, tail[0], tail[1:], value)
        return
    current = container.get(key)
    child: dict[str, Any] = current if isinstance(current, dict) else {}
    container[key] = child
    _assign(child, head, tail, value)


def as_list(value: Any) -> list[str]:
    """A list-valued parameter: repeated ``x[]``, a JSON array, or a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if v is not None and not isinstance(v, (dict, list))]
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    return [part.strip() for part in str(value).split(",") if part.strip()]


# Salesloft's integers are PostgreSQL bigints. One past them is refused (a 4xx), never stored
# or echoed: orjson cannot write it, so the answer would be a 500 instead.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def as_int(value: Any) -> int:
    """A bigint from an int or a decimal string; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("boolean is not an integer")
    whole = isinstance(value, float) and value.is_integer()
    number = int(value) if whole or (isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value)) else value
    if not isinstance(number, int):
        raise ValueError(f"not an integer: {value!r}")
    if not BIGINT_MIN <= number <= BIGINT_MAX:
        raise ValueError(f"must be in the range [{BIGINT_MIN}, {BIGINT_MAX}]")
    return number


def ints(values: Iterable[str]) -> list[int]:
    """The values that are integers Salesloft can hold; any other names nothing and is left out."""
    out: list[int] = []
    for value in values:
        try:
            out.append(as_int(value))
        except ValueError:
            continue
    return out


def as_bool(value: Any) -> bool:
    """A boolean from a bool or ``true/false/1/0``; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "t", "yes"):
            return True
        if lowered in ("false", "0", "f", "no"):
            return False
    raise ValueError(f"not a boolean: {value!r}")


def maybe_bool(value: Any, default: bool = False) -> bool:
    """``as_bool`` that falls back to ``default`` on absent or unreadable values."""
    if value is None:
        return default
    try:
        return as_bool(value)
    except ValueError:
        return default
