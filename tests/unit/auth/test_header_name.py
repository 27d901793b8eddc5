"""The header a token goes in: ``Authorization`` by default, another where the vendor reads it."""

from __future__ import annotations

import time
from typing import Any

from switchboard.auth.credentials import OAuth2Credentials
from switchboard.auth.oauth2 import FixedTokenAuthenticator, OAuth2Authenticator
from switchboard.auth.refresh import TokenSnapshot
from switchboard.auth.token_endpoint import OAuthApp
from switchboard.catalog.models import OAuth2Auth
from switchboard.http import OutboundRequest
from tests.unit.fakes import header

AMAZON = {"header_name": "x-amz-access-token", "header_format": "{token}"}


def _definition(**extra: str) -> OAuth2Auth:
    return OAuth2Auth(
        type="oauth2", authorize_url="https://a.test/authorize", token_url="https://a.test/token", **extra
    )


def _authenticator(definition: OAuth2Auth) -> OAuth2Authenticator:
    fresh = OAuth2Credentials(access_token="tok-1", refresh_token="ref-1", expires_at=time.time() + 3600)
    unused: Any = None  # a fresh token set asks neither the coordinator nor the endpoint
    app = OAuthApp("client-1", "secret-1", "partner")
    return OAuth2Authenticator(definition, unused, unused, app, 1, TokenSnapshot(1, fresh, "ok"))


async def test_the_token_goes_in_the_named_header_as_formatted() -> None:
    request = await _authenticator(_definition(**AMAZON)).authorize(OutboundRequest("GET", "https://a.test/x"))
    assert header(request, "x-amz-access-token") == "tok-1"
    assert header(request, "Authorization") is None


async def test_by_default_the_token_is_a_bearer_authorization() -> None:
    request = await _authenticator(_definition()).authorize(OutboundRequest("GET", "https://a.test/x"))
    assert header(request, "Authorization") == "Bearer tok-1"


async def test_the_credentials_check_sends_the_token_in_the_same_header() -> None:
    fixed = FixedTokenAuthenticator(_definition(**AMAZON), "tok-2")
    request = await fixed.authorize(OutboundRequest("GET", "https://a.test/x"))
    assert header(request, "x-amz-access-token") == "tok-2"
    assert header(request, "Authorization") is None
