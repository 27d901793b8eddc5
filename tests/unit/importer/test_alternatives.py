"""Bodies that are a choice (``oneOf``/``anyOf``) become fields, and object query params go out form-style."""

from __future__ import annotations

from switchboard.engine.request.build import query_pairs
from switchboard.importer.schemas import alternatives
from switchboard.importer.spec import Spec

MESSAGE = {
    "oneOf": [
        {
            "type": "object",
            "required": ["message_type", "from", "body"],
            "properties": {
                "message_type": {"enum": ["inapp"]},
                "from": {"type": "object"},
                "body": {"type": "string"},
            },
        },
        {
            "type": "object",
            "required": ["message_type", "from", "subject"],
            "properties": {
                "message_type": {"enum": ["email"]},
                "from": {"type": "object"},
                "subject": {"type": "string"},
            },
        },
    ]
}


def test_every_alternatives_keys_become_properties_and_only_common_ones_are_required() -> None:
    merged = alternatives(Spec({"openapi": "3.0.0", "paths": {}}), MESSAGE)
    assert set(merged["properties"]) == {"message_type", "from", "body", "subject"}
    assert merged["required"] == ["message_type", "from"]  # body and subject belong to one choice each
    assert merged["properties"]["message_type"]["enum"] == ["inapp", "email"]
    assert merged["type"] == "object"


def test_a_schema_without_alternatives_is_returned_as_it_is() -> None:
    plain = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}
    assert alternatives(Spec({"openapi": "3.0.0", "paths": {}}), plain) == plain


def test_form_style_sends_an_objects_keys_as_their_own_pairs() -> None:
    assert query_pairs("filter", {"user_id": "42", "tags": ["a", "b"]}, "form") == [
        ("user_id", "42"),
        ("tags", "a"),
        ("tags", "b"),
    ]
    assert query_pairs("filter", {"user_id": "42"}, "brackets") == [("filter[user_id]", "42")]
