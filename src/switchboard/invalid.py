"""Pydantic's findings about what a caller sent, in Switchboard's words.

Every edge that validates a request words its refusal here (the declared routes' ``RequestValidationError``,
the call fast path, a sync's definition, ``/mcp``'s params), so a wrong input reads alike wherever it was
sent: which member, by the name the caller sent it under, and what it takes (``Query parameter pageSize
must be 1000 or less``, ``Fields must be a JSON object ({...})``), never pydantic's "Input should be" and
loc tuples. The value itself is never repeated: it may be a secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

Loc = Sequence[str | int]

# Where a FastAPI finding's ``loc`` starts, and how that place is named to the caller.
_SOURCES = {"query": "Query parameter ", "path": "Path parameter ", "header": "Header ", "cookie": "Cookie "}
_JSON_OBJECT = "must be a JSON object ({...})"
_JSON_ARRAY = "must be a JSON array ([...])"
_WHOLE = "must be a whole number"
_DATETIME = "must be a date and time in ISO 8601, such as 2026-12-07T09:30:00Z"
# pydantic's error types, each as what the member must be.
_FIXED = {
    "missing": "is required",
    "extra_forbidden": "is not a member this request takes",
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "int_parsing_size": "is too large a number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be a string",
    "string_unicode": "must be a string",
    "dict_type": _JSON_OBJECT,
    "mapping_type": _JSON_OBJECT,
    "model_type": _JSON_OBJECT,
    "model_attributes_type": _JSON_OBJECT,
    "dataclass_type": _JSON_OBJECT,
    "list_type": _JSON_ARRAY,
    "tuple_type": _JSON_ARRAY,
    "set_type": _JSON_ARRAY,
    "frozen_set_type": _JSON_ARRAY,
    "iterable_type": _JSON_ARRAY,
    "datetime_parsing": _DATETIME,
    "datetime_type": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "date_parsing": "must be a date, such as 2026-12-07",
    "date_type": "must be a date, such as 2026-12-07",
    "date_from_datetime_parsing": "must be a date, such as 2026-12-07",
    "uuid_parsing": "must be a UUID, such as 77be1525-27bd-4398-bd6b-81b57e464241",
    "uuid_type": "must be a UUID, such as 77be1525-27bd-4398-bd6b-81b57e464241",
    "url_parsing": "must be an absolute URL",
    "url_type": "must be an absolute URL",
    "url_scheme": "must be an http:// or https:// URL",
    "none_required": "must be null",
}
# Those whose words need the limit pydantic names in ``ctx``.
_BOUNDED = {
    "greater_than_equal": ("ge", "must be {} or more"),
    "greater_than": ("gt", "must be more than {}"),
    "less_than_equal": ("le", "must be {} or less"),
    "less_than": ("lt", "must be less than {}"),
    "string_too_short": ("min_length", "must be at least {} character(s) long"),
    "string_too_long": ("max_length", "must be at most {} characters long"),
    "too_short": ("min_length", "must hold at least {} item(s)"),
    "too_long": ("max_length", "must hold at most {} items"),
    "string_pattern_mismatch": ("pattern", "must match the pattern {}"),
    "literal_error": ("expected", "must be {}"),
    "enum": ("expected", "must be {}"),
}
# The patterns a request can miss, in words (a regular expression is no help to most readers): see ``worded``.
_PATTERNS: dict[str, str] = {}
# A union's branch in a ``loc`` (``list[PropertyValue]``, ``dict[str,nullable[str]]``, ``str``): not a member.
_BRANCH = re.compile(r"^[A-Za-z_-]+\[.*\]$|^(str|int|float|bool|none|bytes|list|dict)$")


def worded(pattern: str, words: str) -> str:
    """``pattern``, with what a value that misses it is told (``must be a colour written #rrggbb``): a field
    declared with ``Field(pattern=worded(...))`` is refused in those words wherever its model is validated."""
    _PATTERNS[pattern] = words
    return pattern


def where(loc: Loc, *, whole: str = "The request body", rename: Callable[[str], str] = str) -> str:
    """A member as the caller names it: ``Query parameter page``, ``AuthValue.AccessToken``, ``Events[0]``; an
    object's key as ``A name in Properties`` (the key itself is what was wrong, and may be long)."""
    if len(loc) >= 2 and loc[-1] == "[key]":
        inner = where(loc[:-2], whole=whole, rename=rename)
        return f"A name in {inner if inner != whole else whole[:1].lower() + whole[1:]}"
    parts = [p for p in loc if not (isinstance(p, str) and _BRANCH.match(p))]
    prefix = ""
    if parts and parts[0] in _SOURCES:
        prefix = _SOURCES[str(parts[0])]
        parts = parts[1:]
    elif parts and parts[0] in ("body", "form"):
        parts = parts[1:]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{rename(part)}" if path else rename(part))
    return prefix + path if path else whole


def sentence(error: Mapping[str, Any], *, whole: str = "The request body", rename: Callable[[str], str] = str) -> str:
    """One finding as a sentence: the member, then what it must be (or, for a rule of ours, its own words)."""
    named = where(error.get("loc", ()), whole=whole, rename=rename)
    kind = str(error.get("type", ""))
    if kind in _FIXED:
        return f"{named} {_FIXED[kind]}"
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return f"{named} {_PATTERNS[ctx['pattern']]}"
    if kind in _BOUNDED and _BOUNDED[kind][0] in ctx:
        key, words = _BOUNDED[kind]
        return f"{named} {words.format(ctx[key])}"
    # Our own validators' words (ValueError, PydanticCustomError): said after the member they are about.
    message = str(error.get("msg") or "is not valid").removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return message if message.startswith(named) else f"{named}: {message}"


def describe(
    errors: Iterable[Mapping[str, Any]],
    *,
    whole: str = "The request body",
    rename: Callable[[str], str] = str,
    limit: int = 5,
) -> list[str]:
    """Up to ``limit`` sentences for pydantic's findings. A member that takes one of several forms (a union)
    is said once: the deepest findings, those of the form the caller evidently meant, else every form it takes."""
    found = list(errors)
    chosen: list[Mapping[str, Any]] = []
    unions: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for error in found:
        loc = tuple(error.get("loc", ()))
        branch = next((i for i, p in enumerate(loc) if isinstance(p, str) and _BRANCH.match(p)), None)
        if branch is None:
            chosen.append(error)
        else:
            unions.setdefault(loc[:branch], []).append(error)
            if len(unions[loc[:branch]]) == 1:
                chosen.append({"union": loc[:branch]})
    sentences: list[str] = []
    for error in chosen:
        if "union" in error:
            sentences.extend(_union(error["union"], unions[error["union"]], whole, rename))
        else:
            sentences.append(sentence(error, whole=whole, rename=rename))
    unique = list(dict.fromkeys(sentences))
    return unique[:limit]


def _union(at: tuple[Any, ...], errors: list[Mapping[str, Any]], whole: str, rename: Callable[[str], str]) -> list[str]:
    depth = max(len(_members(e)) for e in errors)
    if depth > len(_members({"loc": at})):
        return [sentence(e, whole=whole, rename=rename) for e in errors if len(_members(e)) == depth]
    forms = [sentence(e, whole=whole, rename=rename) for e in errors]
    named = where(at, whole=whole, rename=rename)
    musts = [f.removeprefix(f"{named} must be ") for f in forms if f.startswith(f"{named} must be ")]
    if len(musts) == len(forms):
        return [f"{named} must be " + " or ".join(dict.fromkeys(musts))]
    return forms[:1]


def _members(error: Mapping[str, Any]) -> list[Any]:
    return [p for p in error.get("loc", ()) if not (isinstance(p, str) and _BRANCH.match(p))]


ECHO_LIMIT = 80


def echoed(value: object, limit: int = ECHO_LIMIT) -> str:
    """What the caller sent, said back in a message: cut past ``limit`` characters, with how long it was, so an
    answer about a 6,000-character id says what is wrong with it instead of repeating it."""
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
