"""An account connector's ``AuthValue`` as Cyclr documents it, read into the credentials it stands for.

- An API key connector takes the key as it is.
- HTTP Basic (an API key with ``encoding: base64``) takes ``base64(username:password)``, as Cyclr's
  "HTTP Basic authentication" page has it, or ``username:password`` (Switchboard's older form):
  a base64 string never holds a ``:``, so the two cannot be confused. Either is stored as
  ``username:password`` and encoded on the way out.
- A client credentials connector takes ``client_id:client_secret`` (or its base64); the token they
  are exchanged for is fetched at the first call.
- An OAuth connector takes the token set it already has elsewhere as a JSON string,
  ``{"AccessToken", "RefreshToken", "Expires", "RefreshExpires"}`` (keys in any case), as Cyclr's
  "OAuth authentication" page has it, or a bare access token, as its install page has it. The
  connection is then authenticated without a sign-in, and refreshes as if it had signed in.

Pure: no I/O. Every refusal is an ``InputError`` naming what to send instead.
"""

from __future__ import annotations

import base64
import binascii
import time
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

from switchboard.auth.credentials import (
    ApiKeyCredentials,
    ClientCredentials,
    Credentials,
    OAuth2Credentials,
    sendable,
)
from switchboard.catalog.models import ApiKeyAuth, ClientCredentialsAuth, ConnectorDef, OAuth2Auth
from switchboard.errors import InputError

AuthKind = Literal["api_key", "oauth2", "client_credentials"]
TOKEN_KEYS = ("AccessToken", "RefreshToken", "Expires", "RefreshExpires")
_FORM = '{"AccessToken": "...", "RefreshToken": "...", "Expires": "2030-01-01T00:00:00Z"}'


def read_auth_value(
    definition: ConnectorDef, value: str, *, kind: AuthKind | None = None, now: float | None = None
) -> Credentials:
    """The credentials ``value`` stands for on a connector defined as ``definition``.

    ``kind`` is the auth the caller chose (Cyclr's ``AuthenticationId``); without it a JSON object is a
    token set, and anything else the API key where the connector takes one, else an access token.
    """
    if not value.strip():
        raise InputError("AuthValue is empty")
    api_key = definition.auth_of("api_key")
    oauth = definition.auth_of("oauth2")
    client = definition.auth_of("client_credentials")
    if kind == "client_credentials" or (kind is None and client is not None and api_key is None and oauth is None):
        if not isinstance(client, ClientCredentialsAuth):
            raise InputError(f"{definition.name} does not take a client id and secret")
        return _client_credentials(definition, value.strip())
    text = value.strip()
    at = time.time() if now is None else now
    if kind == "api_key" or (kind is None and not text.startswith("{") and isinstance(api_key, ApiKeyAuth)):
        if not isinstance(api_key, ApiKeyAuth):
            raise InputError(f"{definition.name} does not take an API key")
        return api_key_credentials(definition, value)
    if not isinstance(oauth, OAuth2Auth):
        if kind is None and text.startswith("{"):
            raise InputError(
                f"{definition.name} does not use OAuth, so AuthValue is not a token set: send its API key as it is"
            )
        raise InputError(
            f"{definition.name} takes no AuthValue" if api_key is None else f"{definition.name} does not use OAuth"
        )
    if text.startswith("{"):
        tokens = _token_set(text, at)
        _sendable(tokens.access_token or "", "The access token")
        _sendable(tokens.refresh_token or "", "The refresh token")
        return tokens
    _sendable(text, "The access token")
    return OAuth2Credentials(access_token=text, issued_at=at)  # Cyclr's install page: "OAuth: enter the access token"


def _sendable(text: str, what: str) -> None:
    """Refuse a credential that cannot go into an HTTP header: a line break or another control character."""
    if not sendable(text):
        raise InputError(f"{what} holds a line break or another control character, which no HTTP header can carry")


def api_key_credentials(definition: ConnectorDef, value: str) -> ApiKeyCredentials:
    """An API key as typed (the console's forms too): Basic credentials in either form, other keys as they are."""
    api_key = definition.auth_of("api_key")
    if isinstance(api_key, ApiKeyAuth) and api_key.encoding == "base64":
        key = _basic(definition, value.strip())
    elif isinstance(api_key, ApiKeyAuth) and api_key.secret_name is not None:
        key = _pair(definition, api_key, value.strip())
    else:
        key = value
    _sendable(key, "AuthValue")
    return ApiKeyCredentials(key=key)


def _client_credentials(definition: ConnectorDef, value: str) -> ClientCredentials:
    """``client_id:client_secret``, or its base64 (as HTTP Basic's AuthValue is)."""
    text = value
    if ":" not in text:
        try:
            text = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, ValueError):  # not base64, a non-ASCII character, or not UTF-8
            text = ""
    client_id, _, secret = text.partition(":")
    if not client_id.strip() or not secret.strip():
        raise InputError(
            f"{definition.name} authenticates with its API client's id and secret: AuthValue is "
            "client_id:client_secret, or base64 of it"
        )
    _sendable(text, "AuthValue")
    return ClientCredentials(client_id=client_id.strip(), client_secret=secret.strip())


def _basic(definition: ConnectorDef, value: str) -> str:
    """``username:password`` from either form of a Basic AuthValue."""
    if ":" in value:
        return value
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, ValueError):  # not base64, a non-ASCII character, or not UTF-8
        decoded = ""
    if ":" not in decoded:
        raise InputError(
            f"{definition.name} uses HTTP Basic authentication: AuthValue is base64 of username:password "
            "(such as dXNlcm5hbWU6cGFzc3dvcmQ=), or username:password itself"
        )
    return decoded


def _pair(definition: ConnectorDef, api_key: ApiKeyAuth, value: str) -> str:
    """``key:secret``, both parts present, for a key and secret the connector sends apart."""
    key, _, secret = value.partition(":")
    if not key.strip() or not secret.strip():
        raise InputError(
            f"{definition.name} takes a key and a secret: AuthValue is {api_key.name}:{api_key.secret_name} "
            "(the two joined by a colon)"
        )
    return f"{key.strip()}:{secret.strip()}"


def _token_set(text: str, now: float) -> OAuth2Credentials:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise InputError(
            f"AuthValue starts like JSON but is not: an OAuth token set is a JSON string such as {_FORM}"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"AuthValue must be a JSON object such as {_FORM}")
    known = {k.lower(): k for k in TOKEN_KEYS}
    unknown = sorted(k for k in data if k.lower() not in known)
    if unknown:
        raise InputError(f"AuthValue has unknown keys {', '.join(unknown)}; it takes {', '.join(TOKEN_KEYS)}")
    values = {known[k.lower()]: v for k, v in data.items()}
    access = values.get("AccessToken")
    if not isinstance(access, str) or not access.strip():
        raise InputError(
            "AuthValue.AccessToken is required: Switchboard cannot fetch tokens by itself for an OAuth connector "
            "(send the user through the sign-in link instead)"
        )
    refresh = values.get("RefreshToken")
    if refresh is not None and (not isinstance(refresh, str) or not refresh.strip()):
        raise InputError("AuthValue.RefreshToken must be a non-empty string when given")
    _moment(values.get("RefreshExpires"), "RefreshExpires")  # checked; the provider decides when it dies
    return OAuth2Credentials(
        access_token=access.strip(),
        refresh_token=refresh.strip() if isinstance(refresh, str) else None,
        expires_at=_moment(values.get("Expires"), "Expires"),
        issued_at=now,
    )


def _moment(value: Any, key: str) -> float | None:
    """An ISO 8601 date-time (UTC when it has no offset) as epoch seconds."""
    if value is None or value == "":
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"AuthValue.{key} must be an ISO 8601 date-time such as 2030-01-01T00:00:00Z; got {str(value)[:40]!r}"
        ) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
