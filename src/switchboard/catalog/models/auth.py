"""How a connector authenticates: an API key or OAuth2 (the ``auth:`` list)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from switchboard.catalog.models.base import Model


class ApiKeyAuth(Model):
    """An API key that the account connector's ``AuthValue`` supplies.

    ``{type: api_key, in: header, name: Authorization, format: "Bearer {key}"}``
    """

    type: Literal["api_key"]
    # body: a member of the request's form or JSON object body (Vonage's SMS API).
    in_: Literal["header", "query", "body"] = Field("header", alias="in")
    name: str = "Authorization"
    format: str = "Bearer {key}"
    # base64: the AuthValue (``username:password``) is base64-encoded first, for HTTP Basic
    # (``{type: api_key, format: "Basic {key}", encoding: base64}``).
    encoding: Literal["plain", "base64"] = "plain"
    # A key and a secret sent apart (Vonage's api_key and api_secret): the AuthValue is ``key:secret``,
    # the key (in ``format``) goes at ``name`` and the secret at ``secret_name``, both ``in`` one place.
    secret_name: str | None = None

    @field_validator("format")
    @classmethod
    def _has_key(cls, value: str) -> str:
        if "{key}" not in value:
            raise ValueError("format must contain {key}")
        return value

    @model_validator(mode="after")
    def _pair_is_plain(self) -> ApiKeyAuth:
        if self.secret_name is not None and self.encoding == "base64":
            raise ValueError("secret_name sends the key and the secret apart: it takes no base64 encoding")
        return self


class OAuth2Auth(Model):
    """OAuth2 authorization-code flow with refreshable tokens.

    ``{type: oauth2, authorize_url: ..., token_url: ..., scopes: [a, b], client_auth: basic}``
    """

    type: Literal["oauth2"]
    authorize_url: str
    token_url: str
    # Where refresh tokens are spent, when not at token_url (Figma's https://api.figma.com/v1/oauth/refresh,
    # the spec's refreshUrl); the same client authentication, a fixed URL.
    refresh_url: str | None = None
    scopes: list[str] = []
    scope_separator: str = " "
    client_auth: Literal["basic", "body"] = "body"
    rotating_refresh_tokens: bool = False
    pkce: bool = False
    default_expires_in: int = 3600
    header_format: str = "Bearer {token}"
    # The header the token goes in: Amazon's Selling Partner API reads ``x-amz-access-token``
    # (with ``header_format: "{token}"``).
    header_name: str = "Authorization"

    @field_validator("refresh_url")
    @classmethod
    def _fixed(cls, value: str | None) -> str | None:
        if value is not None and ("{" in value or not value.startswith(("https://", "http://"))):
            raise ValueError("refresh_url must be an absolute http(s) URL naming no properties")
        return value


class ClientCredentialsAuth(Model):
    """A client id and secret (the connection's ``AuthValue``) exchanged for a short-lived token.

    OAuth2's client credentials grant (PayPal):
    ``{type: client_credentials, token_url: /v1/oauth2/token, client_auth: basic}``; a vendor's own
    exchange (Personio): ``{..., token_url: /v1/auth, client_auth: json, grant_type: null, token_path: data.token}``.
    A ``token_url`` that starts with ``/`` is on the connection's base URL (a sandbox or live host).
    """

    type: Literal["client_credentials"]
    token_url: str
    scopes: list[str] = []
    scope_separator: str = " "
    # basic: HTTP Basic with the id and secret, the grant in a form; body: all in the form;
    # json: a JSON body ``{client_id, client_secret}`` (with the grant when there is one).
    client_auth: Literal["basic", "body", "json"] = "basic"
    grant_type: str | None = "client_credentials"
    token_path: str = "access_token"  # noqa: S105 - dotted path to the token in the answer, not a secret
    expires_path: str | None = "expires_in"  # dotted path to its lifetime in seconds, if the answer has one
    default_expires_in: int = 3600
    header_format: str = "Bearer {token}"
    header_name: str = "Authorization"

    @field_validator("header_format")
    @classmethod
    def _has_token(cls, value: str) -> str:
        if "{token}" not in value:
            raise ValueError("header_format must contain {token}")
        return value


AuthDef = Annotated[ApiKeyAuth | OAuth2Auth | ClientCredentialsAuth, Field(discriminator="type")]
