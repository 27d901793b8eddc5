"""Media types and answers: the format a method sends a body in, the answer it asks for and its schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from switchboard.importer.schemas import merged
from switchboard.importer.spec import Operation, Spec

BODY_FORMATS = {
    "application/json": "json",
    "application/x-www-form-urlencoded": "form",
    "application/xml": "xml",
    "text/xml": "xml",
}
# Raw bodies in these types are text (sent as given); a raw body of any other type is bytes (base64).
TEXT_TYPES = ("text/", "message/", "application/jwt")
_MEDIA = re.compile(r"^[a-z]+/[a-z0-9.!#$&^_+-]+$")


def bare(media: str) -> str:
    """A media type without its parameters, lower case (``Application/JSON; charset=utf-8``: ``application/json``)."""
    return media.split(";")[0].strip().lower()


def wildcard_type(media: str, kind: str) -> str | None:
    """The type a body given as a range (``*/*``, ``application/*``, ``text/*``) goes in, from its schema's
    ``kind`` (``data_type``): an object or array is JSON (springdoc writes ``*/*`` for every body it was
    not told the type of: RingCentral's, Telnyx's), a string under ``text/*`` plain text; None for
    bytes of any type (Jira's avatars), which only the overlay can name."""
    media = bare(media)
    if not media.endswith("/*"):
        return None
    if kind in {"object", "array"} and media in {"*/*", "application/*"}:
        return "application/json"
    if kind == "string" and media == "text/*":
        return "text/plain"
    return None


def unsendable(media: str) -> str:
    """Why an operation whose body is in ``media`` has no method (the import report's line)."""
    if media.endswith("/*"):  # bytes of any type: the vendor's docs say which, and the overlay can name it
        return f"its request body is {media}, of no one type; an overlay's content_type can name it"
    return f"its request body is {media}, which methods cannot send"


def body_format_of(media: str) -> str | None:
    """The format methods send a media type in: a structured-syntax ``+json`` suffix (RFC 6839) is JSON."""
    media = bare(media)
    if media in BODY_FORMATS:
        return BODY_FORMATS[media]
    if media.startswith("application/") and media.endswith("+json"):
        return "json"
    return None


def rank(media: str) -> int:
    """Which of an operation's media types its method sends: structured first, then multipart, then raw."""
    if body_format_of(media):
        return 0
    media = bare(media)
    if media == "multipart/form-data":
        return 1
    return 2 if _MEDIA.match(media) and not media.startswith("multipart/") else 3


def accept_of(spec: Spec, operation: Operation) -> str | None:
    """The Accept a method sends when its answers are no JSON (Xero's invoice PDFs: ``application/pdf``).

    Every request asks for JSON unless told otherwise; a provider that answers in another type only
    may refuse that (406) or answer JSON instead of the document asked for. None when any success
    answer is JSON, or of any type (``*/*``), or when the spec names none.
    """
    types: list[str] = []
    for response in _successes(spec, operation):
        if spec.swagger2:
            if response.get("schema") is not None:
                types += _produces(spec, operation.spec)
        elif isinstance(content := response.get("content"), dict):
            types += [str(media) for media in content]
    types = list(dict.fromkeys(map(bare, types)))
    types = [t for t in types if not t.startswith("multipart/")]  # a form is sent, not asked for
    if not types or any("json" in t or not _MEDIA.match(t) or t == "*/*" for t in types):
        return None
    return ", ".join(types)


def _produces(spec: Spec, operation: dict[str, Any]) -> list[str]:
    produces = operation.get("produces") or spec.document.get("produces") or []
    return [str(media) for media in produces] if isinstance(produces, list) else []


def success_schema(spec: Spec, operation: Operation) -> dict[str, Any]:
    """The first success answer's JSON schema ({} when none is JSON)."""
    for response in _successes(spec, operation):
        if spec.swagger2:
            return merged(spec, response.get("schema", {}))
        content = response.get("content") or {}
        media = next((m for m in content if "json" in m), None)
        if media is not None:
            return merged(spec, (content[media] or {}).get("schema", {}))
    return {}


def _successes(spec: Spec, operation: Operation) -> Iterator[dict[str, Any]]:
    """The operation's 2xx answers in status order (an error answer's reference is never followed)."""
    responses = operation.spec.get("responses") or {}
    for status in sorted(str(s) for s in responses):
        if status.startswith("2"):
            response = spec.deref(responses[status if status in responses else int(status)])
            if isinstance(response, dict):
                yield response
