"""What was sent and received during a call, for ``/test/``, with every secret redacted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson

from switchboard.http import OutboundRequest

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"})


@dataclass(slots=True)
class Exchange:
    """One request and its answer (or the error that replaced the answer)."""

    request: OutboundRequest
    status: int | None = None
    response_headers: tuple[tuple[str, str], ...] = ()
    response_body: bytes = b""
    error: str | None = None
    elapsed: float = 0.0


class Redactor:
    """Removes secrets by header name and by value, wherever they appear."""

    __slots__ = ("_given", "_sorted")

    def __init__(self, secrets: list[str]) -> None:
        # Sorted on first use: every call with a call log makes one, few calls' exchanges are kept.
        self._given = secrets
        self._sorted: list[str] | None = None

    @property
    def _secrets(self) -> list[str]:
        found = self._sorted
        if found is None:
            # Longest first, so a secret that contains another is replaced whole.
            found = self._sorted = sorted({s for s in self._given if s and len(s) >= 4}, key=len, reverse=True)
        return found

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value

    def raw(self, value: bytes) -> bytes:
        """``value`` with every secret (as UTF-8) replaced, byte for byte elsewhere."""
        for secret in self._secrets:
            encoded = secret.encode()
            if encoded in value:
                value = value.replace(encoded, REDACTED.encode())
        return value

    def headers(self, headers: tuple[tuple[str, str], ...]) -> dict[str, str]:
        return {str(k): REDACTED if k.lower() in SECRET_HEADERS else self.text(v) for k, v in headers}

    def body(self, body: bytes | None) -> Any:
        if not body:
            return None
        text = self.text(body.decode("utf-8", errors="replace"))
        try:
            value = orjson.loads(text)
            # orjson reads nesting to 1,024 levels but writes it to 254: such a body is kept as its text, or
            # writing the call log's row (and the /test/ answer) would fail on it.
            orjson.dumps(value)
        except (orjson.JSONDecodeError, orjson.JSONEncodeError):
            return text
        return value

    def exchange(self, exchange: Exchange) -> dict[str, Any]:
        request = exchange.request
        query = urlencode([(k, self.text(v)) for k, v in request.query])
        return {
            "Request": {
                "Method": request.method,
                "Url": self.text(request.url + (f"?{query}" if query else "")),
                "Headers": self.headers(request.headers),
                "Body": self.body(request.body),
            },
            "Response": None
            if exchange.status is None
            else {
                "Status": exchange.status,
                "Headers": self.headers(exchange.response_headers),
                "Body": self.body(exchange.response_body),
            },
            "Error": self.text(exchange.error) if exchange.error else None,
            "ElapsedMs": round(exchange.elapsed * 1000, 1),
        }
