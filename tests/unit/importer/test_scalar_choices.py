"""A body key that is a choice is typed by its alternatives: not an object unless each one is."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.importer import import_connector


def _spec(amount: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "object", "required": ["amount"], "properties": {"amount": amount}}
    post = {"requestBody": {"content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok"}}}  # fmt: skip
    return {"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"},
            "servers": [{"url": "https://api.example.com"}], "paths": {"/rules": {"post": post}}}  # fmt: skip


@pytest.mark.parametrize(
    ("amount", "kind"),
    [
        ({"oneOf": [{"type": "number"}, {"type": "string"}]}, "any"),
        ({"anyOf": [{"type": "integer"}, {"type": "integer", "minimum": 1}]}, "integer"),
        # An address or {email, name} (Telnyx's from): either may be sent, so neither type is forced.
        ({"oneOf": [{"type": "string"}, {"type": "object", "properties": {"value": {"type": "string"}}}]}, "any"),
        ({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, "any"),
        ({"oneOf": [{"properties": {"a": {"type": "string"}}}, {"type": "object"}]}, "object"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "string"),
    ],
)
def test_a_choice_is_typed_by_its_alternatives(amount: dict[str, Any], kind: str) -> None:
    (method,) = import_connector(_spec(amount), "shop").definition.methods
    (field,) = method.fields
    assert (field.location, field.type) == ("amount", kind)
