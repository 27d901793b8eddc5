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
# What a body given as any type (``*/*``) of bytes goes as, as a client sends bytes of no named type.
OCTETS = "application/octet-stream"
# Raw bodies in these types are text (sent as given); a raw body of any other type is bytes (base64).
TEXT_TYPES = ("text/", "message/", "application/jwt")
_MEDIA = re.compile(r"^[a-z]+/[a-z0-9.!#$&^_+-]+$")


def bare(media: str) -> str:
    """A media type without its parameters, lower case (``Application/JSON; charset=utf-8``: ``application/json``)."""
    return media.split(";")[0].strip().lower()


def declared(media: str) -> str:
    """A media type as a method sends it: its type in lower case, its parameters as the spec gives them
    (``application/json; charset=utf-8``, all Open Banking UK's spec accepts: a body goes in that type)."""
    kind, _, parameters = media.partition(";")
    parameters = "; ".join(p.strip() for p in parameters.split(";") if p.strip())
    return f"{bare(kind)}; {parameters}" if parameters else bare(kind)


def preferred(media: str) -> tuple[int, bool]:
    """Which of a body's media types its method sends (the least first): ``rank``, then a type without
    parameters over the same with them."""
    return rank(media), ";" in media


def wildcard_type(media: str, kind: str) -> str | None:
    """The type a body given as a range (``*/*``, ``application/*``, ``text/*``) goes in, from its schema's
    ``kind`` (``data_type``): an object or array is JSON (springdoc writes ``*/*`` for every body it was
    not told the type of: RingCentral's, Telnyx's), a string under ``text/*`` plain text; None for
    bytes of any type (Jira's avatars), which the overlay names (else ``*/*`` goes as ``OCTETS``)."""
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


def request_body(spec: Spec, operation: Operation) -> tuple[str, Any, bool] | None:
    """The body's media type (``declared``), schema and whether it is required; None without one."""
    if spec.swagger2:
        body = next((p for p in operation.parameters if p.get("in") == "body"), None)
        form = [p for p in operation.parameters if p.get("in") == "formData"]
        consumes = operation.spec.get("consumes") or spec.document.get("consumes") or ["application/json"]
        if body is not None:
            media = min(consumes, key=preferred)
            return declared(media), body.get("schema", {}), bool(body.get("required"))
        if form:
            files = any(p.get("type") == "file" for p in form)
            # Multipart where a part is a file, or where the operation takes no other form (Vikunja's uploads).
            kinds = {bare(c) for c in consumes if isinstance(c, str)}
            only_multipart = "multipart/form-data" in kinds and "application/x-www-form-urlencoded" not in kinds
            media = "multipart/form-data" if files or only_multipart else "application/x-www-form-urlencoded"
            schema = {
                "type": "object",
                "properties": {p["name"]: p for p in form},
                "required": [p["name"] for p in form if p.get("required")],
            }
            return media, schema, any(p.get("required") for p in form)
        return None
    request = spec.deref(operation.spec.get("requestBody"))
    if not isinstance(request, dict):
        return None
    content = _content(spec, request)
    if not content:
        return None
    media = min(content, key=preferred)
    schema = (content.get(media) or {}).get("schema", {})
    return declared(media), schema, bool(request.get("required"))


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
        elif content := _content(spec, response):
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
        content = _content(spec, response)
        media = next((m for m in content if "json" in m), None)
        if media is not None:
            return merged(spec, (content[media] or {}).get("schema", {}))
    return {}


def _content(spec: Spec, holder: dict[str, Any]) -> dict[str, Any]:
    """A request body's or answer's media types; a ``content`` given as a reference to a file of its own (Lob's
    ``content: {$ref: responses/all_cards.yml}``) is followed, as the tools that bundle such specs read it."""
    content = spec.deref(holder.get("content"))
    return content if isinstance(content, dict) else {}


def success_headers(spec: Spec, operation: Operation) -> set[str]:
    """The headers the first success answer declares, in lower case (GitHub's ``link``)."""
    for response in _successes(spec, operation):
        return {str(name).lower() for name in response.get("headers") or {}}
    return set()


def _successes(spec: Spec, operation: Operation) -> Iterator[dict[str, Any]]:
    """The operation's 2xx answers in status order (an error answer's reference is never followed)."""
    responses = operation.spec.get("responses") or {}
    for status in sorted(str(s) for s in responses):
        if status.startswith("2"):
            response = spec.deref(responses[status if status in responses else int(status)])
            if isinstance(response, dict):
                yield response
