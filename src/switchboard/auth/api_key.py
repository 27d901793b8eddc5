"""API keys, sent in a header, the query string or the body as the connector defines."""

from __future__ import annotations

import base64
from dataclasses import replace
from urllib.parse import urlencode

import orjson

from switchboard.catalog.models import ApiKeyAuth
from switchboard.errors import InputError
from switchboard.http import OutboundRequest

FORM = "application/x-www-form-urlencoded"


class ApiKeyAuthenticator:
    """``{type: api_key, in: header, name: Authorization, format: "Bearer {key}"}``

    With ``secret_name`` the key is ``key:secret``, sent as two values (``api_key`` and ``api_secret``).
    """

    def __init__(self, definition: ApiKeyAuth, key: str) -> None:
        self._definition = definition
        self._key = key
        # Worked out once: it holds nothing a call changes, so one serves every call of its connection.
        self._wire = self._values()
        parts = key.partition(":")[::2] if definition.secret_name else ()
        self._secrets = tuple(dict.fromkeys([key, self._encoded(), *filter(None, parts)]))

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        values = self._wire
        if self._definition.in_ == "query":
            return request.with_query(values)
        if self._definition.in_ == "body":
            return with_body_members(request, values)
        for name, value in values.items():
            request = request.with_header(name, value)
        return request

    def _values(self) -> dict[str, str]:
        definition = self._definition
        if definition.secret_name is None:
            return {definition.name: definition.format.replace("{key}", self._encoded())}
        key, _, secret = self._key.partition(":")
        return {definition.name: definition.format.replace("{key}", key), definition.secret_name: secret}

    def _encoded(self) -> str:
        if self._definition.encoding == "base64":
            return base64.b64encode(self._key.encode()).decode()
        return self._key

    async def refresh(self) -> bool:
        return False  # a rejected key stays rejected: report the 401

    def secrets(self) -> list[str]:
        return list(self._secrets)


def with_body_members(request: OutboundRequest, values: dict[str, str]) -> OutboundRequest:
    """The request with ``values`` set in its form or JSON object body (a form body when it has none)."""
    content_type = next((v for k, v in request.headers if k.lower() == "content-type"), "")
    if request.body is None:
        request = request.with_header("Content-Type", FORM)
        return replace(request, body=urlencode(values).encode())
    if content_type.split(";")[0].strip().lower() == FORM:
        joined = b"&".join(filter(None, (request.body, urlencode(values).encode())))
        return replace(request, body=joined)
    try:
        tree = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        tree = None
    if not isinstance(tree, dict):
        raise InputError(
            "This connector's credentials go in the request body, which must be a form or a JSON object; "
            "this method's body is neither, so nothing was sent"
        )
    return replace(request, body=orjson.dumps({**tree, **values}))
