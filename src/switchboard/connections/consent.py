"""Properties the vendor tells after OAuth consent: from the token answer, one GET made with the new
token, or the redirect back.

Pipedrive names the company's API host in the token answer (``api_domain``); Jira's cloud id and
Xero's tenant id come from a list the vendor serves once the user has consented; QuickBooks names the
company (``realmId``) in the redirect's query. A definition says where (``PropertySource``); an
install that gave the value keeps it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

import orjson

from switchboard.auth.credentials import OAuth2Credentials
from switchboard.catalog.models import ConnectorDef, OAuth2Auth, PropertyDef, PropertySource
from switchboard.engine import paths
from switchboard.errors import UpstreamProtocolError
from switchboard.http import AsyncTransport, Budget, OutboundRequest

CONSENT_TIMEOUT = 15.0
MAX_ANSWER_BYTES = 1024 * 1024
MAX_VALUE_CHARS = 200
# A property fills a URL segment or a header: no whitespace or control characters, ever.
_PLAIN = re.compile(r"^[^\s\x00-\x1f\x7f]+$")


class ConsentProperties:
    """Fills a freshly signed-in connection's missing properties from where its definition says."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    async def read(
        self,
        connector: ConnectorDef,
        auth: OAuth2Auth,
        have: Mapping[str, Any],
        token_answer: Mapping[str, Any],
        credentials: OAuth2Credentials,
        callback: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """The values found for the sourced properties ``have`` lacks; raises if a required one is not there.

        ``callback``: the query of the provider's redirect back, for ``{callback: name}`` sources."""
        found: dict[str, str] = {}
        answers: dict[str, Any] = {}  # one GET per URL, however many properties it holds
        for prop in connector.properties:
            source = prop.source
            if source is None or have.get(prop.name) not in (None, ""):
                continue
            if source.token is not None:
                value = paths.read(token_answer, source.token)
                where = f"the token answer's {source.token!r}"
            elif source.callback is not None:
                value = (callback or {}).get(source.callback)
                where = f"{source.callback!r} in the redirect back"
            else:
                assert source.url is not None and source.path is not None  # the model requires both
                if source.url not in answers:
                    answers[source.url] = await self._get(connector, auth, source.url, credentials)
                answer = answers[source.url]
                first = answer[0] if isinstance(answer, list) and answer else answer
                value = paths.read(first, source.path)
                where = f"{source.path!r} in GET {source.url}"
            kept = _kept(value, source)
            if kept is not None:
                found[prop.name] = kept
            elif prop.required:
                raise UpstreamProtocolError(f"{connector.name} did not give {_label(prop)} ({where})", status=502)
        return found

    async def _get(self, connector: ConnectorDef, auth: OAuth2Auth, url: str, credentials: OAuth2Credentials) -> Any:
        authorization = auth.header_format.format(token=credentials.access_token)
        request = OutboundRequest(
            "GET", url, headers=(("Accept", "application/json"), ("Authorization", authorization))
        )
        budget = Budget(deadline=time.monotonic() + CONSENT_TIMEOUT, max_bytes=MAX_ANSWER_BYTES)
        response = await self._transport.send(request, budget)
        if not response.ok:
            raise UpstreamProtocolError(f"{connector.name} answered {response.status} to GET {url}", status=502)
        try:
            return orjson.loads(response.body)
        except orjson.JSONDecodeError:
            raise UpstreamProtocolError(f"{connector.name} answered GET {url} with no JSON", status=502) from None


def _kept(value: Any, source: PropertySource) -> str | None:
    """``value`` as the property's text, or None when it is absent, not a scalar or not the expected shape."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    if source.pattern is not None:
        match = re.search(source.pattern, text)
        if match is None:
            return None
        text = match.group(1) if match.groups() else match.group(0)
    if not text or len(text) > MAX_VALUE_CHARS or not _PLAIN.match(text):
        return None
    return text


def _label(prop: PropertyDef) -> str:
    return prop.display_name or prop.name
