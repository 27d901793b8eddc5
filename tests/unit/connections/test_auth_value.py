"""``read_auth_value``: Cyclr's AuthValue forms into credentials (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.auth.credentials import ApiKeyCredentials, ClientCredentials, OAuth2Credentials
from switchboard.catalog.models import ConnectorDef
from switchboard.connections.auth_value import api_key_credentials, read_auth_value
from switchboard.errors import InputError

OAUTH = {"type": "oauth2", "authorize_url": "https://x.example/a", "token_url": "https://x.example/t"}


def _connector(*auth: dict[str, Any]) -> ConnectorDef:
    return ConnectorDef.model_validate(
        {"key": "x", "name": "X", "version": "1", "base_url": "https://x.example", "auth": list(auth), "methods": []}
    )


def test_a_token_set_with_every_key() -> None:
    value = '{"AccessToken": "a", "RefreshToken": "r", "Expires": "2030-01-01T00:00:00Z", "RefreshExpires": null}'
    got = read_auth_value(_connector(OAUTH), value, now=100.0)
    assert got == OAuth2Credentials(access_token="a", refresh_token="r", expires_at=1893456000.0, issued_at=100.0)


def test_an_expiry_with_an_offset_and_seven_fraction_digits() -> None:
    got = read_auth_value(_connector(OAUTH), '{"accessToken": "a", "expires": "2030-01-01T01:00:00.1234567+01:00"}')
    assert isinstance(got, OAuth2Credentials)
    assert got.expires_at == pytest.approx(1893456000.123456)
    assert got.refresh_token is None


def test_a_plain_value_is_the_api_key_where_there_is_one_and_the_access_token_otherwise() -> None:
    both = _connector(OAUTH, {"type": "api_key"})
    assert read_auth_value(both, " key ") == ApiKeyCredentials(key=" key ")
    assert read_auth_value(_connector(OAUTH), "tok", now=1.0) == OAuth2Credentials(access_token="tok", issued_at=1.0)


def test_basic_takes_base64_or_the_pair() -> None:
    basic = _connector({"type": "api_key", "format": "Basic {key}", "encoding": "base64"})
    assert read_auth_value(basic, "dXNlcm5hbWU6cGFzc3dvcmQ=") == ApiKeyCredentials(key="username:password")
    assert read_auth_value(basic, "username:password") == ApiKeyCredentials(key="username:password")
    with pytest.raises(InputError, match="base64 of username:password"):
        read_auth_value(basic, "bm9jb2xvbg==")  # "nocolon"


def test_a_token_set_for_an_api_key_connector_is_refused() -> None:
    with pytest.raises(InputError, match="does not use OAuth"):
        read_auth_value(_connector({"type": "api_key"}), '{"AccessToken": "a"}')


def test_refusals_never_repeat_the_secret() -> None:
    with pytest.raises(InputError) as refused:
        read_auth_value(_connector(OAUTH), '{"AccessToken": "sekrit-token", "Expires": 5}')
    assert "sekrit-token" not in refused.value.message
    assert "Expires must be an ISO 8601" in refused.value.message


def test_the_consoles_api_key_forms_read_basic_credentials_alike() -> None:
    basic = _connector({"type": "api_key", "format": "Basic {key}", "encoding": "base64"})
    assert api_key_credentials(basic, " dXNlcm5hbWU6cGFzc3dvcmQ= ") == ApiKeyCredentials(key="username:password")
    assert (
        api_key_credentials(_connector({"type": "api_key"}), '{"looks": "like json"}').key == '{"looks": "like json"}'
    )


def test_the_chosen_authentication_decides_what_a_plain_value_is() -> None:
    both = _connector(OAUTH, {"type": "api_key"})
    assert read_auth_value(both, "tok", kind="oauth2", now=1.0) == OAuth2Credentials(access_token="tok", issued_at=1.0)
    assert read_auth_value(both, '{"k": 1}', kind="api_key") == ApiKeyCredentials(key='{"k": 1}')
    with pytest.raises(InputError, match="does not take an API key"):
        read_auth_value(_connector(OAUTH), "key", kind="api_key")


CLIENT = {"type": "client_credentials", "token_url": "/v1/oauth2/token"}


@pytest.mark.parametrize("value", ["id-1:se:cret", " aWQtMTpzZTpjcmV0 "], ids=["pair", "base64"])
def test_client_credentials_are_the_id_and_secret_in_either_form(value: str) -> None:
    got = read_auth_value(_connector(CLIENT), value)
    assert got == ClientCredentials(client_id="id-1", client_secret="se:cret")


@pytest.mark.parametrize("value", ["no-colon", ":secret", "id:", "bm8tY29sb24="])
def test_client_credentials_without_both_halves_say_what_to_send(value: str) -> None:
    with pytest.raises(InputError, match="client_id:client_secret"):
        read_auth_value(_connector(CLIENT), value)


def test_client_credentials_are_chosen_by_kind_beside_an_api_key() -> None:
    both = _connector(CLIENT, {"type": "api_key"})
    assert read_auth_value(both, "k") == ApiKeyCredentials(key="k")
    assert read_auth_value(both, "a:b", kind="client_credentials") == ClientCredentials(
        client_id="a", client_secret="b"
    )
    with pytest.raises(InputError, match="does not take a client id and secret"):
        read_auth_value(_connector(OAUTH), "a:b", kind="client_credentials")


def test_a_key_and_secret_sent_apart_need_both_halves() -> None:
    pair = _connector(
        {"type": "api_key", "in": "body", "name": "api_key", "format": "{key}", "secret_name": "api_secret"}
    )
    assert read_auth_value(pair, " abcd1234 : s3cr3t ") == ApiKeyCredentials(key="abcd1234:s3cr3t")
    for value in ("abcd1234", "abcd1234:", ":s3cr3t"):
        with pytest.raises(InputError, match="AuthValue is api_key:api_secret") as refused:
            read_auth_value(pair, value)
        assert "s3cr3t" not in str(refused.value)
