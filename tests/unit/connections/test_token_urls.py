"""Where a client-credentials token is fetched: the token URL filled from the connection's properties, as an
OAuth one on the connection's own host is, and guarded when a property chose its host."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from switchboard.auth.credentials import ClientCredentials
from switchboard.catalog.models import ClientCredentialsAuth, ConnectorDef
from switchboard.connections.authenticators import client_token_endpoint, token_url
from switchboard.errors import ConnectionNotReady
from tests.unit.fakes import ScriptedTransport, answer


def connector(base_url: str, url: str, properties: tuple[str, ...] = ()) -> tuple[ConnectorDef, ClientCredentialsAuth]:
    definition = ConnectorDef.model_validate(
        {
            "key": "tokens",
            "name": "Tokens",
            "version": "1",
            "base_url": base_url,
            "auth": [{"type": "client_credentials", "token_url": url}],
            "properties": [{"name": name, "display_name": name} for name in properties],
            "methods": [],
        }
    )
    auth = definition.auth_of("client_credentials")
    assert isinstance(auth, ClientCredentialsAuth)
    return definition, auth


async def fetched_from(definition: ConnectorDef, auth: ClientCredentialsAuth, properties: dict[str, Any]) -> Any:
    transport = ScriptedTransport(answer(body={"access_token": "t-1", "expires_in": 60}))
    endpoint = client_token_endpoint(transport, definition, auth)
    await endpoint.fetch(token_url(definition, auth, properties), ClientCredentials(client_id="c", client_secret="s"))
    return transport.requests[0]


async def test_a_relative_token_url_is_on_the_connections_base_url_and_guarded_by_its_host_property() -> None:
    definition, auth = connector("https://{api_host}/v2", "/oauth2/token", ("api_host",))
    sent = await fetched_from(definition, auth, {"api_host": "api-m.sandbox.paypal.com"})
    assert sent.url == "https://api-m.sandbox.paypal.com/v2/oauth2/token"
    assert sent.host_properties == ("api_host",)


async def test_a_token_url_on_a_host_of_its_own_is_filled_and_guarded_by_that_property() -> None:
    definition, auth = connector("https://api.example.com", "https://{auth_host}/token", ("auth_host",))
    sent = await fetched_from(definition, auth, {"auth_host": "login.example.com"})
    assert sent.url == "https://login.example.com/token"
    assert sent.host_properties == ("auth_host",)


async def test_a_fixed_token_url_goes_as_written_unguarded() -> None:
    definition, auth = connector("https://{api_host}", "https://auth.example.com/token", ("api_host",))
    sent = await fetched_from(definition, auth, {"api_host": "anything.example.com"})
    assert sent.url == "https://auth.example.com/token"
    assert sent.host_properties == ()


def test_a_token_url_without_its_property_set_names_the_property() -> None:
    definition, auth = connector("https://api.example.com", "https://{auth_host}/token", ("auth_host",))
    with pytest.raises(ConnectionNotReady) as raised:
        token_url(definition, auth, {})
    assert "'auth_host'" in raised.value.message


def test_a_token_url_naming_an_undeclared_property_is_refused_when_the_catalogue_loads() -> None:
    with pytest.raises(ValidationError, match=r"names properties \['auth_host'\]"):
        connector("https://api.example.com", "https://{auth_host}/token")
