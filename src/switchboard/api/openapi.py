"""The OpenAPI document: bearer security, the ``X-Cyclr-Account`` header and error bodies, in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

HEALTH = {"/health", "/health/ready"}
PUBLIC = {"/oauth/token", *HEALTH, "/connectorauth/updateaccountconnectoroauth", "/connector/callback"}
# Optional on every route it is declared on: a token restricted to one account may leave it out (api.scope).
ACCOUNT_HEADER = {
    "name": "X-Cyclr-Account",
    "in": "header",
    "required": False,
    "description": "The API ID of the account to work in. Required with a partner token (a 400 without it); with "
    "a token requested with scope=account:{account id} it may be left out, and is that account",
    "schema": {"type": "string"},
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
# Every error Switchboard answers (api.errors): a Message, and context naming what is wrong.
ERROR_BODY: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["Message"],
    "properties": {
        "Message": {"type": "string", "description": "What went wrong, and what to do about it"},
        "ParameterId": {"type": ["integer", "string"], "description": "The parameter at fault"},
        "TargetName": {"type": "string"},
        "FieldId": {"type": ["integer", "string"], "description": "The request field at fault"},
        "Location": {"type": "string"},
        "PropertyName": {"type": "string", "description": "The connection property at fault"},
        "IdempotencyKey": {"type": "string", "description": "The Idempotency-Key the refusal is about"},
        "AuthState": {"type": "string", "enum": ["Unauthenticated", "NeedsReauthentication"]},
        "Source": {"type": "string", "enum": ["Upstream"], "description": "Set when the third party answered so"},
        "UpstreamStatus": {"type": "integer"},
        "UpstreamBody": {"description": "The third party's answer: JSON as sent, else text"},
        "Exchanges": {"type": "array", "items": {"type": "object"}, "description": "/test/ calls: what was sent"},
        "RequestId": {"type": "string", "description": "An unexpected error's request id (X-Request-Id), as logged"},
    },
}
# The errors any operation may answer (``/health`` and ``/health/ready`` excepted: no input, no token).
ERRORS = {
    "400": "The request is malformed, or names an unknown or invalid value",
    "401": "No, unknown or expired partner token (or bad client credentials), or an account-restricted token "
    "(scope=account:{id}) used on another account or a partner-level route",
    "404": "An unknown id, or one that belongs to another partner or account",
    "409": "A conflict with what is stored, or a connection that is not authenticated",
    "408": "The request body did not arrive within SWITCHBOARD_REQUEST_BODY_TIMEOUT",
    "413": "The request body is over SWITCHBOARD_MAX_REQUEST_BYTES",
    "431": "Too many request headers, or too many bytes of them",
    "429": "No rate-limit slot within the allowed wait; retry after Retry-After seconds",
}
# What every operation shares with Cyclr's API, beyond what each operation declares.
CONVENTIONS = """\
Wire-compatible with Cyclr's Connector API:

- Every answer carries `X-Content-Type-Options: nosniff`.
- A path with a trailing slash (`/v1.0/account/connectors/`) is served as the path without it; never redirected.
- JSON body members match in any case (`MergeFields` is `Mergefields`). A body that is not strict JSON is read
  leniently, as Cyclr's server reads it: single-quoted strings and bare property names
  (`{'Parameters': {80436146 : 1}}`) are accepted; bodies over 256 KiB must be strict JSON.
- Paged lists take `page` (from 1) and `pageSize` (50 unless given, at most 1000), and answer
  `Total-Pages` and `Total-Records` headers.
"""


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, description=CONVENTIONS, routes=app.routes
        )
        components = schema.setdefault("components", {})
        components["securitySchemes"] = {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from POST /oauth/token; one requested with scope=account:{account id} "
                "works for that account only",
            }
        }
        schemas = components.setdefault("schemas", {})
        schemas["Error"] = ERROR_BODY
        # Validation errors are 400s with a Message (api.errors): FastAPI's 422 shapes are never sent.
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                _optional_body_without_null(operation)
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)
                if path not in HEALTH:
                    for status, description in ERRORS.items():
                        _add_error(responses, status, description)
                if path in PUBLIC:
                    continue
                operation["security"] = [{"bearer": []}]
                if path.startswith("/v1.0/account/") or path.endswith("/install"):
                    operation.setdefault("parameters", []).append(dict(ACCOUNT_HEADER))
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _optional_body_without_null(operation: dict[str, Any]) -> None:
    """An optional body (``X | None``) is documented as ``X``, not required: a body left out is the same.

    FastAPI writes it ``anyOf: [X, null]``, and the generated Python client then sends its "not given"
    marker as the JSON body, a TypeError before any request, when a call leaves the body out.
    """
    body = operation.get("requestBody")
    media = (body or {}).get("content", {}).get("application/json", {})
    alternatives = media.get("schema", {}).get("anyOf", [])
    if body and not body.get("required") and len(alternatives) == 2 and {"type": "null"} in alternatives:
        media["schema"] = next(a for a in alternatives if a != {"type": "null"})


def _add_error(responses: dict[str, Any], status: str, description: str) -> None:
    """Document a JSON error body for ``status``, beside whatever the route documents itself."""
    response = responses.setdefault(status, {"description": description})
    response.setdefault("content", {}).setdefault("application/json", {"schema": ERROR_REF})
    if status == "429":
        response.setdefault("headers", {})["Retry-After"] = {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer"},
        }
