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

from switchboard_emulators.spec.brackets import as_json_content
from switchboard_emulators.spec.document import METHODS, Resolver
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
        # ``+json`` type (Vimeo's application/vnd.vimeo.video+json) is JSON too.
        json_types: dict[str, Callable[[bytes], Any]] = {media: json_loads for media in _json_suffixed(spec)}
        self._params = (V31RequestParametersValidator if v31 else V30RequestParametersValidator)(self.spec)
        body = V31RequestBodyValidator if v31 else V30RequestBodyValidator
        self._body = body(self.spec, extra_media_type_deserializers=json_types)
        answer = V31ResponseDataValidator if v31 else V30ResponseDataValidator
        self._answer = answer(self.spec, extra_media_type_deserializers=json_types)

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
    relaxed_set = set(relaxed)

    def relax(params: list[Any]) -> None:
        for param in params:
            if isinstance(param, dict) and param.get("name") in relaxed_set:
                param["required"] = False

    shared = list((spec.get("components") or {}).get("parameters", {}).values())
    as_json_content({}, shared)  # a deepObject parameter named by $ref is read like an inline one
    relax(shared)
    for item in (spec.get("paths") or {}).values():
        item.pop("servers", None)
        relax(item.get("parameters") or [])
        for method in METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                op.pop("servers", None)
                _json_for_any(op)
                as_json_content(op, item.get("parameters") or [])
                relax(op.get("parameters") or [])
                _relax_body(op, relaxed_set)
    return spec


def _json_suffixed(spec: dict[str, Any]) -> set[str]:
    """The ``+json`` media types of the spec's request bodies and answers."""
    found: set[str] = set()
    for item in (spec.get("paths") or {}).values():
        for method in METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            bodies = [op.get("requestBody") or {}, *(op.get("responses") or {}).values()]
            for body in bodies:
                content = body.get("content") if isinstance(body, dict) else None
                found |= {str(m) for m in content or {} if str(m).split(";")[0].strip().endswith("+json")}
    return found


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
