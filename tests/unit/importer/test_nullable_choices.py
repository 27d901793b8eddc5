"""A nullable choice, OpenAPI 3.1's ``oneOf: [{type: "null"}, X]`` (Lithic's account ``substatus``) or the
``anyOf: [X, {type: "null"}]`` FastAPI writes for an optional value, is read as X: its enum becomes the
field's values and its date-time format the field's type. The enum was lost, so callers and agents were not
told the values, and the generated inputs sent one the vendor refuses. A real choice stays a choice."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

SUBSTATUSES = ["FRAUD_IDENTIFIED", "END_USER_REQUEST", "BANK_REQUEST"]
BODY: dict[str, Any] = {
    "type": "object",
    "required": ["substatus"],
    "properties": {
        "substatus": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Substatus"}],
                      "description": "Why the status changes"},
        "closes_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "codes": {"type": "array", "items": {"anyOf": [{"$ref": "#/components/schemas/Substatus"},
                                                       {"type": "null"}]}},
        "amount": {"oneOf": [{"type": "number"}, {"type": "string"}, {"type": "null"}]},
    },
}  # fmt: skip
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Accounts", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {
        "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Substatus": {"type": "string", "enum": SUBSTATUSES, "description": "A substatus"}},
    },
    "paths": {
        "/accounts/{id}/status": {
            "post": {
                "operationId": "UpdateStatus",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": BODY}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def test_a_nullable_choice_is_read_as_its_one_value_type() -> None:
    (method,) = import_connector(SPEC, "accounts").definition.methods
    fields = {f.location: f for f in method.fields}
    assert fields["substatus"].values == SUBSTATUSES
    assert fields["substatus"].required and fields["substatus"].description == "Why the status changes"
    assert fields["closes_at"].type == "datetime"
    assert fields["codes"].type == "array" and fields["codes"].values == SUBSTATUSES
    # Two value types beside the null: still a choice, typed by neither and with no values.
    assert fields["amount"].type == "any" and fields["amount"].values is None
