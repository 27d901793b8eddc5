"""The credential sets stored (encrypted) on an account connector."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class ApiKeyCredentials(BaseModel):
    model_config = ConfigDict(frozen=True)

    type: Literal["api_key"] = "api_key"
    key: str


class OAuth2Credentials(BaseModel):
    """A token set; ``expires_at`` is epoch seconds (None when the provider gave no lifetime)."""

    model_config = ConfigDict(frozen=True)

    type: Literal["oauth2"] = "oauth2"
    access_token: str
    refresh_token: str | None = None
    expires_at: float | None = None
    issued_at: float | None = None
    token_type: str = "bearer"  # noqa: S105 - a token kind, not a secret
    scope: str | None = None


class ClientCredentials(BaseModel):
    """A client id and secret, and the token last fetched with them (None until the first call)."""

    model_config = ConfigDict(frozen=True)

    type: Literal["client_credentials"] = "client_credentials"
    client_id: str
    client_secret: str
    access_token: str | None = None
    expires_at: float | None = None
    issued_at: float | None = None


Credentials = ApiKeyCredentials | OAuth2Credentials | ClientCredentials


def parse_credentials(data: dict[str, Any]) -> Credentials:
    if data.get("type") == "oauth2":
        return OAuth2Credentials.model_validate(data)
    if data.get("type") == "client_credentials":
        return ClientCredentials.model_validate(data)
    return ApiKeyCredentials.model_validate(data)


def sendable(text: str) -> bool:
    """Whether a credential can go in an HTTP header: no line break nor another control character."""
    return not any(ord(c) < 32 or ord(c) == 127 for c in text)
