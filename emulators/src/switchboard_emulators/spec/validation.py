"""Requests and answers checked against the spec with openapi-core (parameters and bodies).

Security is checked by the emulator itself (``auth.py``), so openapi-core is asked only about
parameters and bodies. Routing is the emulator's own: openapi-core is handed the matched path
template, so both always agree on the operation.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema_path import SchemaPath
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.validation.request.exceptions import MissingRequestBody
from openapi_core.validation.request.validators import (
    V30RequestBodyValidator,
    V30RequestParametersValidator,
    V31RequestBodyValidator,
    V31RequestParametersValidator,
)
from openapi_core.validation.response.validators import V30ResponseDataValidator, V31ResponseDataValidator
from werkzeug.datastructures import Headers, ImmutableMultiDict

from switchboard_emulators.spec import header_lists, slips
from switchboard_emulators.spec.brackets import as_json_content
from switchboard_emulators.spec.document import METHODS, Resolver, bare_type
from switchboard_emulators.spec.form_lists import joined_parts
from switchboard_emulators.spec.pointer import local
from switchboard_emulators.spec.schemas import is_oas31, merged

HOST = "http://emulator"


@dataclass
class CheckedRequest:
    """A request as openapi-core's ``Request`` and ``SupportsPathPattern`` protocols want it."""

    method: str
    path: str
    path_pattern: str
    path_params: Mapping[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"
    host_url: str = HOST

    def __post_init__(self) -> None:
        self.method = self.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query),
            header=Headers(dict(self.headers)),
            cookie=ImmutableMultiDict(),
            path=dict(self.path_params),
        )


@dataclass
class CheckedResponse:
    """An answer as openapi-core's ``Response`` protocol wants it."""

    status_code: int
    data: bytes | None
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


class SpecChecker:
    """Validates requests and answers against one spec; built once per spec."""

    def __init__(self, doc: dict[str, Any], *, relaxed: tuple[str, ...] = ()) -> None:
        spec = _for_validation(doc, relaxed)
        self.spec = SchemaPath.from_dict(spec)
        v31 = is_oas31(doc)
        # openapi-core parses only application/json and JSON:API as JSON; a vendor's own
        # ``+json`` type (Vimeo's application/vnd.vimeo.video+json) is JSON too, and a text type text.
        readers: dict[str, Callable[[bytes], Any]] = {
            media: json_loads for media in _media_types(spec, lambda kind: kind.endswith("+json"))
        }
        readers |= {media: _text for media in _media_types(spec, _is_text)}
        self._params = (V31RequestParametersValidator if v31 else V30RequestParametersValidator)(self.spec)
        body = V31RequestBodyValidator if v31 else V30RequestBodyValidator
        self._body = body(self.spec, extra_media_type_deserializers=readers)
        answer = V31ResponseDataValidator if v31 else V30ResponseDataValidator
        self._answer = answer(self.spec, extra_media_type_deserializers=readers)

    def request_problem(self, request: CheckedRequest) -> str | None:
        """Why the spec would reject ``request``, or None."""
        for validator in (self._params, self._body):
            try:
                validator.validate(request)
            except MissingRequestBody:
                # openapi-core reports an absent body even when the spec makes it optional (it has its
                # own class for a required one): an optional body left out is what the spec allows.
                continue
            except Exception as exc:  # openapi-core raises a family of errors; each is a reason
                return reason(exc)
        return None

    def response_problem(self, request: CheckedRequest, response: CheckedResponse) -> str | None:
        """Why ``response`` does not match the spec's answer for ``request``, or None."""
        try:
            self._answer.validate(request, response)
        except Exception as exc:  # as above
            return reason(exc)
        return None


@dataclass(frozen=True)
class FormObjects:
    """An operation's form-exploded object query parameters, found once per spec; ``fold`` readies a query.

    The spec's wire form of ``filter: {user_id: 1}`` (style form, explode true: OpenAPI's default
    for objects) is ``user_id=1``; openapi-core 0.23 looks for it under ``filter`` instead, as
    ``user_id=1`` in one value. Folding the object's keys there lets a request written as the
    spec says validate, and a request without them still fails as missing.
    """

    objects: tuple[tuple[str, frozenset[str]], ...] = ()  # name, its keys (none known: any undeclared key)
    declared: frozenset[Any] = frozenset()

    @classmethod
    def of(cls, parameters: list[dict[str, Any]], resolver: Resolver) -> FormObjects:
        objects: list[tuple[str, frozenset[str]]] = []
        for param in parameters:
            exploded = param.get("style", "form") == "form" and param.get("explode", True) is True
            if param.get("in") != "query" or not exploded:
                continue
            schema = merged(param.get("schema") or {}, resolver)
            if schema.get("type") != "object":
                continue
            keys = set(schema.get("properties") or {})
            for branch in (schema.get("oneOf") or []) + (schema.get("anyOf") or []):
                keys |= set(merged(branch, resolver).get("properties") or {})
            objects.append((str(param["name"]), frozenset(keys)))
        return cls(tuple(objects), frozenset(p.get("name") for p in parameters if p.get("in") == "query"))

    def fold(self, query: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """``query`` with each object's keys folded under the object's name."""
        out = list(query)
        for name, keys in self.objects:
            mine = [(k, v) for k, v in out if (k in keys if keys else k not in self.declared)]
            if mine and name not in {k for k, _ in out}:
                out = [(k, v) for k, v in out if (k, v) not in mine]
                out.append((name, "&".join(f"{k}={v}" for k, v in mine)))
        return out


def reason(exc: BaseException) -> str:
    """One line per problem: the error, then the schema errors beneath it."""
    first = str(exc).split("\n", 1)[0]
    parts = [first if len(first) <= 200 else first[:200] + "..."]
    cause: BaseException | None = exc.__cause__ or exc.__context__
    seen = 0
    while cause is not None and seen < 3:
        errors = getattr(cause, "schema_errors", None)
        if errors:
            parts += [str(getattr(e, "message", e)).split("\n", 1)[0] for e in list(errors)[:3]]
            break
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return "; ".join(dict.fromkeys(p for p in parts if p))


def _for_validation(doc: dict[str, Any], relaxed: tuple[str, ...]) -> dict[str, Any]:
    """A copy served from ``HOST`` only, with the relaxed parameters optional."""
    spec = copy.deepcopy(doc)
    spec["servers"] = [{"url": HOST}]
    slips.ease(spec)
    relaxed_set = set(relaxed)

    def relax(params: list[Any]) -> None:
        for param in params:
            if isinstance(param, dict) and param.get("name") in relaxed_set:
                param["required"] = False
            _one_type(param, spec)
            _no_default(param, spec)
            slips.deep_exploded(param, spec)
            header_lists.as_json_content(param)

    shared = list(((spec.get("components") or {}).get("parameters") or {}).values())
    as_json_content({}, shared)  # a deepObject parameter named by $ref is read like an inline one
    relax(shared)
    for template, item in (spec.get("paths") or {}).items():
        item.pop("servers", None)
        slips.stray_path_parameters(item, str(template), spec)
        slips.reserved_headers(item, spec)
        relax(item.get("parameters") or [])
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                op.pop("servers", None)
                slips.stray_path_parameters(op, str(template), spec)
                slips.reserved_headers(op, spec)
                if method in ("get", "head") and not is_oas31(doc):
                    op.pop("requestBody", None)  # 3.0: on GET and HEAD it "SHALL be ignored by consumers"
                _json_for_any(op)
                _bytes_for_raw(op, spec, is_oas31(doc))
                _json_for_objects(op, spec)
                _plain_for_text_range(op)
                joined_parts(op)
                _text_parts(op, spec, is_oas31(doc))
                _plain_part_encoding(op)
                as_json_content(op, item.get("parameters") or [])
                relax(op.get("parameters") or [])
                _relax_body(op, relaxed_set)
    return spec


def _one_type(param: Any, spec: dict[str, Any]) -> None:
    """A parameter whose schema's ``type`` is a list (3.1's ``[string, "null"]``: Mollie's) given one: openapi-core
    reads a parameter's type as one name, to parse its text by, and refused every such request. A value in a
    URL or a header is never null; of several other types, text takes any value."""
    schema = local(param.get("schema"), spec) if isinstance(param, dict) else None
    types = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(schema, dict) and isinstance(types, list):
        named = [str(t) for t in types if t != "null"] or ["string"]
        param["schema"] = {**schema, "type": "string" if "string" in named else named[0]}


def _no_default(param: Any, spec: dict[str, Any]) -> None:
    """An optional parameter's schema without its ``default``: openapi-core checks the default in place of an
    absent parameter, so a default its own schema refuses (Opsgenie's string ``type`` defaulting to ``[all]``) failed
    every request that rightly left the parameter out. What a server does without it is its own affair."""
    schema = local(param.get("schema"), spec) if isinstance(param, dict) and not param.get("required") else None
    if isinstance(schema, dict) and "default" in schema:
        param["schema"] = {k: v for k, v in schema.items() if k != "default"}


def _media_types(spec: dict[str, Any], wanted: Callable[[str], bool]) -> set[str]:
    """The media types of the spec's request bodies and answers whose bare type ``wanted`` takes."""
    found: set[str] = set()
    for item in (spec.get("paths") or {}).values():
        for method in METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            bodies = [op.get("requestBody") or {}, *(op.get("responses") or {}).values()]
            for body in bodies:
                content = body.get("content") if isinstance(body, dict) else None
                found |= {str(m) for m in content or {} if wanted(bare_type(str(m)))}
    return found


def _is_text(kind: str) -> bool:
    """A text type openapi-core leaves as bytes (it reads text/plain and text/html only): Conjur's text/yaml."""
    return kind.startswith(("text/", "message/")) and kind not in ("text/plain", "text/html")


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _relax_body(op: dict[str, Any], relaxed: set[str]) -> None:
    for media in ((op.get("requestBody") or {}).get("content") or {}).values():
        schema = (media or {}).get("schema") or {}
        if isinstance(schema.get("required"), list):
            schema["required"] = [r for r in schema["required"] if r not in relaxed] or None
            if schema["required"] is None:
                del schema["required"]


def _json_for_any(op: dict[str, Any]) -> None:
    """Answers declared as ``*/*`` with a schema are JSON (Salesloft): let openapi-core parse them."""
    for response in (op.get("responses") or {}).values():
        content = response.get("content") if isinstance(response, dict) else None
        if isinstance(content, dict) and "*/*" in content and "application/json" not in content:
            content["application/json"] = content["*/*"]


def _plain_for_text_range(op: dict[str, Any]) -> None:
    """A body given as any text (``text/*``: RingCentral's post text) is read as text when it comes as
    ``text/plain``, as Switchboard sends it; openapi-core would read it under the range as bytes."""
    content = (op.get("requestBody") or {}).get("content")
    if isinstance(content, dict) and "text/*" in content and "text/plain" not in content:
        content["text/plain"] = content["text/*"]


def _bytes_for_raw(op: dict[str, Any], spec: dict[str, Any], v31: bool) -> None:
    """A raw body in a binary type is bytes, whatever its string ``format``: Xero declares its
    octet-stream attachments ``format: byte`` (base64, as JSON would carry them) and takes the file's
    bytes; openapi-core checks bytes against ``format: binary`` only, and under 3.1 (JSON Schema's
    string is text) not at all, so a 3.1 binary body is any bytes. An XML body whose schema is a string
    (Bandwidth's BXML) is the document: openapi-core parses it, then refused the parsed element as no string."""
    for media, body in ((local(op.get("requestBody"), spec) or {}).get("content") or {}).items():
        schema = body.get("schema") if isinstance(body, dict) else None
        kind = bare_type(str(media))
        textual = kind.startswith(("text/", "message/", "multipart/", "application/x-www-form")) or "json" in kind
        if "xml" in kind and (local(schema, spec) or {}).get("type") == "string":
            body["schema"] = {}  # still parsed as XML: a body that is not XML is refused
        elif isinstance(schema, dict) and schema.get("type") == "string" and not textual:
            if v31:
                body["schema"] = {}
            else:
                schema["format"] = "binary"


# A multipart part is text: a number or boolean property arrives as its digits or "true", which the
# vendor reads as the value and openapi-core 0.23 checks, uncast, against the number's type.
_PART_TEXT = {
    "integer": r"^-?[0-9]+$",
    "number": r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$",
    "boolean": r"^(true|false)$",
}


def _text_parts(op: dict[str, Any], spec: dict[str, Any], v31: bool) -> None:
    """Let a multipart body's number and boolean parts be their text, as the vendor parses them; under
    3.1 a file part is read as text too (openapi-core reads ``format: binary`` as bytes, then refuses them).

    openapi-core reads the parts by the schema's own ``properties``: a body that is a choice of objects
    (Telnyx's voice clone upload) gets the union of its alternatives' as its own, and keeps the choice."""
    media = ((op.get("requestBody") or {}).get("content") or {}).get("multipart/form-data")
    if not isinstance(media, dict) or not isinstance(media.get("schema"), dict):
        return
    schema = copy.deepcopy(local(media["schema"], spec))  # inline: a shared component stays as it was
    if not isinstance(schema, dict):
        return
    choice = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
    branches = schema.get(choice)
    if isinstance(branches, list) and not isinstance(schema.get("properties"), dict):
        schema[choice] = branches = [local(branch, spec) for branch in branches]
        union: dict[str, Any] = {}
        for branch in branches:
            for name, prop in ((branch.get("properties") if isinstance(branch, dict) else None) or {}).items():
                union.setdefault(name, prop)
        schema["properties"] = union
        for branch in branches:
            if isinstance(branch, dict) and isinstance(branch.get("properties"), dict):
                _as_text(branch["properties"], spec, v31)
    if isinstance(schema.get("properties"), dict):
        _as_text(schema["properties"], spec, v31)
        media["schema"] = schema


def _as_text(properties: dict[str, Any], spec: dict[str, Any], v31: bool) -> None:
    for name, prop in properties.items():
        resolved = local(prop, spec)
        kind = resolved.get("type") if isinstance(resolved, dict) else None
        if isinstance(kind, list):  # 3.1's ["string", "null"]: a part is never null, and openapi-core
            kind = next((k for k in kind if k != "null"), "string")  # reads a part's type as one string
            resolved = properties[name] = {**resolved, "type": kind}
        if v31 and isinstance(resolved, dict) and resolved.get("format") == "binary":
            properties[name] = {k: v for k, v in resolved.items() if k != "format"}
        if v31 and isinstance(resolved, dict) and _file_or_text(resolved, spec):
            properties[name] = {"type": "string"}  # Together's audio: a file or its URL, either one text
        items = local(resolved.get("items"), spec) if v31 and isinstance(resolved, dict) else None
        if isinstance(items, dict) and items.get("format") == "binary":  # ElevenLabs's voice samples: files
            properties[name] = {**resolved, "items": {k: v for k, v in items.items() if k != "format"}}
        if isinstance(kind, str) and kind in _PART_TEXT:
            # A text part, checked by its syntax (a typeless anyOf would be read as bytes).
            properties[name] = {"type": "string", "pattern": _PART_TEXT[kind]}


def _file_or_text(schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Whether ``schema`` is a choice with a file among its branches (openapi-core then reads the part as bytes,
    which no 3.1 string branch takes)."""
    branches = schema.get("oneOf") or schema.get("anyOf")
    return isinstance(branches, list) and any(
        isinstance(branch, dict) and branch.get("format") == "binary" for branch in (local(b, spec) for b in branches)
    )


def _plain_part_encoding(op: dict[str, Any]) -> None:
    """Read a multipart body's parts by their names: openapi-core cannot read a part's ``style`` (Stripe's
    ``expand`` as ``deepObject``), while a part is a name and a value whatever the style says of a form. A part's
    type other than JSON goes too: openapi-core read a string part typed octet-stream (Kestra's ``payload``) as
    bytes, which no string takes; without it, a file part (``format: binary``) is still read as bytes."""
    media = ((op.get("requestBody") or {}).get("content") or {}).get("multipart/form-data")
    encoding = media.get("encoding") if isinstance(media, dict) else None
    if isinstance(encoding, dict):
        for name, entry in list(encoding.items()):
            if isinstance(entry, dict):
                json = "json" in str(entry.get("contentType", "json"))
                dropped = ("style", "explode") if json else ("style", "explode", "contentType")
                encoding[name] = {k: v for k, v in entry.items() if k not in dropped}


def _json_for_objects(op: dict[str, Any], spec: dict[str, Any]) -> None:
    """An object body listed only under raw types is JSON too: Google's converted discovery specs list
    the media-upload types (message/rfc822, octet-stream) for a resource the plain path takes as JSON."""
    content = (op.get("requestBody") or {}).get("content")
    structured = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
    if not isinstance(content, dict) or any(
        m.split(";")[0].strip() in structured or m.endswith("+json") for m in content
    ):
        return  # text/json (Datadog's series) is no JSON type openapi-core reads: JSON is taken too
    for body in content.values():
        schema = local(body.get("schema") if isinstance(body, dict) else None, spec)
        if isinstance(schema, dict) and "properties" in schema:
            content["application/json"] = body
            return
