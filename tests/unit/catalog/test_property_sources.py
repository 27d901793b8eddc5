"""A property read after consent (``source:``): one place to read it from, and only on OAuth connectors."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from switchboard.catalog.models import ConnectorDef
from switchboard.catalog.urls import with_upstream
from tests.unit.fixtures import PEOPLE

OAUTH = {
    "type": "oauth2",
    "authorize_url": "https://id.example.com/authorize",
    "token_url": "https://id.example.com/token",
}


def _connector(source: dict[str, Any], auth: list[dict[str, Any]] | None = None) -> ConnectorDef:
    return ConnectorDef.model_validate(
        {**PEOPLE, "base_url": "https://api.example.com/{site}", "auth": auth or [OAUTH],
         "properties": [{"name": "site", "required": True, "source": source}]}
    )  # fmt: skip


def test_a_token_a_url_and_a_callback_source_are_accepted() -> None:
    assert _connector({"token": "api_domain", "pattern": "^https://([a-z]+)[.]example[.]com$"}).properties[0].source
    assert _connector({"url": "https://api.example.com/sites", "path": "id"}).properties[0].source
    assert _connector({"callback": "realmId"}).properties[0].source


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ({}, "one of token"),
        ({"callback": "realmId", "token": "a"}, "one of token"),
        ({"token": "a", "url": "https://api.example.com/x", "path": "id"}, "one of token"),
        ({"url": "https://api.example.com/sites"}, "needs an absolute http.s. url and the path"),
        ({"url": "/sites", "path": "id"}, "needs an absolute http.s. url and the path"),
        ({"token": "api_domain", "pattern": "(unclosed"}, "bad pattern"),
    ],
)
def test_a_source_that_cannot_be_read_is_refused(source: dict[str, Any], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        _connector(source)


def test_a_source_needs_an_oauth_sign_in() -> None:
    with pytest.raises(ValidationError, match="come from the OAuth sign-in"):
        _connector({"token": "api_domain"}, auth=[{"type": "api_key"}])


def test_an_upstream_override_moves_the_lookup_url_too() -> None:
    moved = with_upstream(
        _connector({"url": "https://api.example.com/sites?mine=1", "path": "id"}), "http://127.0.0.1:9"
    )
    source = moved.properties[0].source
    assert source is not None and source.url == "http://127.0.0.1:9/sites?mine=1"
