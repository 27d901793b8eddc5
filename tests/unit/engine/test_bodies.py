"""RequestBody parsing (JSON and XML) and outbound serialization."""

from __future__ import annotations

import pytest

from switchboard.engine.inputs.bodies import parse_request_body, serialize_body
from switchboard.errors import InputError


def test_xml_request_body_maps_to_dot_locations() -> None:
    tree = parse_request_body(
        "<Person><FirstName>John</FirstName><Tags><Tag>a</Tag><Tag>b</Tag></Tags></Person>", "xml"
    )
    assert tree == {"Person": {"FirstName": "John", "Tags": {"Tag": ["a", "b"]}}}


def test_xml_round_trip() -> None:
    body, content_type = serialize_body({"Person": {"FirstName": "Jo & Co", "Tags": {"Tag": ["a", "b"]}}}, "xml")
    assert content_type == "application/xml"
    assert b"<FirstName>Jo &amp; Co</FirstName>" in body
    assert parse_request_body(body.decode(), "xml") == {"Person": {"FirstName": "Jo & Co", "Tags": {"Tag": ["a", "b"]}}}


@pytest.mark.parametrize(
    ("text", "body_format", "message"),
    [
        pytest.param("<Person>", "xml", "not valid XML", id="truncated-xml"),
        pytest.param('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "xml", "not valid XML", id="entity-expansion-refused"),
        pytest.param("{", "json", "not valid JSON", id="truncated-json"),
        pytest.param("[1]", "json", "must be a JSON object", id="array"),
    ],
)
def test_malformed_bodies(text: str, body_format: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_request_body(text, body_format)  # type: ignore[arg-type]


def test_form_encoding_uses_brackets_for_nesting() -> None:
    body, content_type = serialize_body({"a": 1, "b": {"c": True}, "d": [1, 2]}, "form")
    assert content_type == "application/x-www-form-urlencoded"
    assert body == b"a=1&b%5Bc%5D=true&d%5B%5D=1&d%5B%5D=2"


@pytest.mark.parametrize(
    ("arrays", "expected"),
    [
        ("repeat", b"d=1&d=2&o%5Bt%5D=x&o%5Bt%5D=y&n%5B%5D%5Bk%5D=v"),
        ("comma", b"d=1%2C2&o%5Bt%5D=x%2Cy&n%5B%5D%5Bk%5D=v"),
        ("brackets", b"d%5B%5D=1&d%5B%5D=2&o%5Bt%5D%5B%5D=x&o%5Bt%5D%5B%5D=y&n%5B%5D%5Bk%5D=v"),
        # Stripe numbers every item, objects too: items[0][price]=p&items[1][price]=q.
        ("indices", b"d%5B0%5D=1&d%5B1%5D=2&o%5Bt%5D%5B0%5D=x&o%5Bt%5D%5B1%5D=y&n%5B0%5D%5Bk%5D=v"),
    ],
)
def test_form_lists_of_scalars_follow_the_connectors_array_style(arrays: str, expected: bytes) -> None:
    # Twilio takes MessageSamples=a&MessageSamples=b (OpenAPI's form default); lists of objects still nest.
    tree = {"d": [1, 2], "o": {"t": ["x", "y"]}, "n": [{"k": "v"}]}
    body, _ = serialize_body(tree, "form", arrays)  # type: ignore[arg-type]
    assert body == expected


def test_empty_request_body_is_no_fields() -> None:
    assert parse_request_body(None, "json") == {}
    assert parse_request_body("  ", "xml") == {}
