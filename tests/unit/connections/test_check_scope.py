"""A credentials check counts against the limiter buckets the connection's calls will use."""

from __future__ import annotations

from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, OAuth2Credentials
from switchboard.connections.verify import check_scope
from switchboard.http import OutboundRequest
from switchboard.ratelimit.scope import limits_for
from tests.unit.fixtures import people_connector

LIMITS = [
    {"name": "app_minute", "limit": 100, "per": "1m", "scope": "partner_app"},
    {"name": "second", "limit": 4, "per": "1s"},
]


def keys(credentials: ApiKeyCredentials | ClientCredentials | OAuth2Credentials, *, own_app: bool) -> list[str]:
    connector = people_connector(rate_limits=LIMITS).definition
    scope = check_scope(-3, 7, credentials, own_app=own_app)
    return [limit.key for limit in limits_for(connector, scope, OutboundRequest("GET", "https://api.example.com/"))]


def test_a_token_of_the_partners_app_counts_against_the_partners_app_wide_limit() -> None:
    token = OAuth2Credentials(access_token="t")
    assert keys(token, own_app=False) == ["people_api:app:7:app_minute", "people_api:ac:-3:second"]


def test_a_token_of_an_app_the_install_brought_counts_against_the_connection_only() -> None:
    token = OAuth2Credentials(access_token="t")
    assert keys(token, own_app=True) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]


def test_an_api_key_or_client_credentials_count_against_the_connection_only() -> None:
    # Calls with them never go through the partner's OAuth app (OpenConnection.scope), nor does their check.
    assert keys(ApiKeyCredentials(key="k"), own_app=False) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]
    client = ClientCredentials(client_id="c", client_secret="s")
    assert keys(client, own_app=False) == ["people_api:ac:-3:app_minute", "people_api:ac:-3:second"]
