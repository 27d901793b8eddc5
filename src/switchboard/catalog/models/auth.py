"""How a connector authenticates: an API key or OAuth2 (the ``auth:`` list)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from switchboard.catalog.models.base import Model


class ApiKeyAuth(Model):
    """An API key that the account connector's ``AuthValue`` supplies.

    ``{type: api_key, in: header, name: Authorization, format: "Bearer {key}"}``
    """

    type: Literal["api_key"]
    in_: Literal["header", "query"] = Field("header", alias="in")
    name: str = "Authorization"
    format: str = "Bearer {key}"
    # base64: the AuthValue (``username:password``) is base64-encoded first, for HTTP Basic
    # (``{type: api_key, format: "Basic {key}", encoding: base64}``).
    encoding: Literal["plain", "base64"] = "plain"

    @field_validator("format")
    @classmethod
    def _has_key(cls, value: str) -> str:
        if "{key}" not in value:
            raise ValueError("format must contain {key}")
        return value


class OAuth2Auth(Model):
    """OAuth2 authorization-code flow with refreshable tokens.

    ``{type: oauth2, authorize_url: ..., token_url: ..., scopes: [a, b], client_auth: basic}``
    """

    type: Literal["oauth2"]
    authorize_url: str
    token_url: str
    scopes: list[str] = []
    scope_separator: str = " "
    client_auth: Literal["basic", "body"] = "body"
    rotating_refresh_tokens: bool = False
    pkce: bool = False
    default_expires_in: int = 3600
    header_format: str = "Bearer {token}"


AuthDef = Annotated[ApiKeyAuth | OAuth2Auth, Field(discriminator="type")]
