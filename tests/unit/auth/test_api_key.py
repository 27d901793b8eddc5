"""API keys: a key and secret sent apart (Vonage SMS), in the query, headers or the request body."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qsl

import orjson
import pytest
from pydantic import ValidationError

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.catalog.models import ApiKeyAuth
from switchboard.errors import InputError
from switchboard.http import OutboundRequest

PAIR = {"type": "api_key", "name": "api_key", "format": "{key}", "secret_name": "api_secret"}
FORM = (("Content-Type", "application/x-www-form-urlencoded"),)
JSON = (("Content-Type", "application/json"),)


def _signed(where: str, request: OutboundRequest) -> OutboundRequest:
    auth = ApiKeyAuthenticator(ApiKeyAuth.model_validate({**PAIR, "in": where}), "abcd1234:s3cr3t")
    return asyncio.run(auth.authorize(request))


def test_a_pair_goes_into_a_form_body_beside_its_members() -> None:
    sent = _signed("body", OutboundRequest("POST", "https://x/sms/json", headers=FORM, body=b"to=447700900000&text=hi"))
    assert dict(parse_qsl(sent.body.decode())) == {  # type: ignore[union-attr]
        "to": "447700900000", "text": "hi", "api_key": "abcd1234", "api_secret": "s3cr3t",
    }  # fmt: skip
    assert sent.query == ()


def test_a_pair_goes_into_a_json_object_body() -> None:
    sent = _signed("body", OutboundRequest("POST", "https://x/y", headers=JSON, body=b'{"to": "1"}'))
    assert orjson.loads(sent.body or b"") == {"to": "1", "api_key": "abcd1234", "api_secret": "s3cr3t"}


def test_a_request_without_a_body_gets_a_form_body() -> None:
    sent = _signed("body", OutboundRequest("POST", "https://x/y"))
    assert dict(parse_qsl((sent.body or b"").decode())) == {"api_key": "abcd1234", "api_secret": "s3cr3t"}
    assert ("Content-Type", "application/x-www-form-urlencoded") in sent.headers


def test_a_body_that_is_no_object_is_refused_before_sending() -> None:
    with pytest.raises(InputError, match="form or a JSON object"):
        _signed("body", OutboundRequest("POST", "https://x/y", headers=JSON, body=b"[1, 2]"))


def test_a_pair_in_the_query_and_in_headers() -> None:
    assert _signed("query", OutboundRequest("GET", "https://x/y")).query == (
        ("api_key", "abcd1234"), ("api_secret", "s3cr3t"),
    )  # fmt: skip
    headers = _signed("header", OutboundRequest("GET", "https://x/y")).headers
    assert ("api_key", "abcd1234") in headers and ("api_secret", "s3cr3t") in headers


def test_both_halves_are_secrets_for_redaction() -> None:
    auth = ApiKeyAuthenticator(ApiKeyAuth.model_validate({**PAIR, "in": "body"}), "abcd1234:s3cr3t")
    assert {"abcd1234:s3cr3t", "abcd1234", "s3cr3t"} <= set(auth.secrets())


def test_a_pair_takes_no_base64() -> None:
    with pytest.raises(ValidationError, match="secret_name"):
        ApiKeyAuth.model_validate({**PAIR, "encoding": "base64"})
