"""API keys, sent in a header or the query string as the connector defines."""

from __future__ import annotations

import base64

from switchboard.catalog.models import ApiKeyAuth
from switchboard.http import OutboundRequest


class ApiKeyAuthenticator:
    """``{type: api_key, in: header, name: Authorization, format: "Bearer {key}"}``"""

    def __init__(self, definition: ApiKeyAuth, key: str) -> None:
        self._definition = definition
        self._key = key

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        value = self._definition.format.replace("{key}", self._encoded())
        if self._definition.in_ == "query":
            return request.with_query({self._definition.name: value})
        return request.with_header(self._definition.name, value)

    def _encoded(self) -> str:
        if self._definition.encoding == "base64":
            return base64.b64encode(self._key.encode()).decode()
        return self._key

    async def refresh(self) -> bool:
        return False  # a rejected key stays rejected: report the 401

    def secrets(self) -> list[str]:
        return list(dict.fromkeys([self._key, self._encoded()]))
