"""A connection's calls and its credentials check count against the same limiter buckets (``limit_scope``)."""

from __future__ import annotations

from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, OAuth2Credentials
from switchboard.connections.verify import limit_scope
from switchboard.http import OutboundRequest
from switchboard.ratelimit.scope import limits_for
from tests.unit.fixtures import people_connector

LIMITS = [
    {"name": "app_minute", "limit": 100, "per": "1m", "scope": "partner_app"},
    {"name": "second", "limit": 4, "per": "1s"},
]


def keys(credentials: ApiKeyCredentials | ClientCredentials | OAuth2Credentials, *, partners_app: bool) -> list[str]:
    connector = people_connector(rate_limits=LIMITS).definition
    scope = limit_scope(-3, 7, credentials, partners_app=partners_app)
    return [limit.key for limit in limits_for(connector, scope, OutboundRequest("GET", "https://api.example.com/"))]


def test_a_token_of_the_partners_app_counts_against_the_partners_app_wide_limit() -> None:
    token = OAuth2Credentials(access_token="t")
    assert keys(token, partners_app=True) == ["people_api:app:7:app_minute", "people_api:ac:-3:second"]


def test_a_token_of_an_app_the_install_brought_counts_against_the_connection_only() -> None:
    token = OAuth2Credentials(access_token="t")
    assert keys(token, partners_app=False) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]


def test_an_api_key_or_client_credentials_count_against_the_connection_only() -> None:
    # They never go through the partner's OAuth app, even on a connector that offers one and a partner that set it.
    api_key = ApiKeyCredentials(key="k")
    assert keys(api_key, partners_app=True) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]
    client = ClientCredentials(client_id="c", client_secret="s")
    assert keys(client, partners_app=True) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]
