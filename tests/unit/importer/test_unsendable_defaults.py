"""A parameter default its enum does not allow (Recurly's invoice ``state``), or its type does not (HighLevel's
string ``active`` defaulting to false), is left unset with a note: sent, every call would fail."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

STATES = ["pending", "past_due", "paid", "failed"]
ORDERS = ["asc", "desc"]
SPEC: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "Invoices", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"securitySchemes": {"key": {"type": "http", "scheme": "basic"}}},
    "paths": {
        "/invoices": {
            "get": {
                "operationId": "ListInvoices",
                "parameters": [
                    # "all" means "no filter" to the vendor, but the enum refuses it when sent.
                    {"name": "state", "in": "query", "schema": {"type": "string", "default": "all", "enum": STATES}},
                    {"name": "order", "in": "query", "schema": {"type": "string", "default": "desc", "enum": ORDERS}},
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def test_a_default_outside_the_enum_is_not_sent_and_one_inside_is_kept() -> None:
    result = import_connector(SPEC, "invoices")
    (method,) = result.definition.methods
    params = {p.target: p for p in method.parameters}
    assert params["state"].default is None  # type: ignore[attr-defined]
    assert params["state"].values == STATES  # type: ignore[attr-defined]
    assert params["order"].default == "desc"  # type: ignore[attr-defined]
    note = "parameter 'state': its default 'all' is not among its values; left unset"
    assert ("GET /invoices", note) in result.report.notes


def _typed(schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": "p", "in": "query", "schema": schema}


def test_a_default_not_of_the_parameter_s_type_is_not_sent() -> None:
    cases = [  # (schema, the default kept)
        ({"type": "string", "default": False}, None),  # HighLevel's affiliates ``active``
        ({"type": "object", "default": "x"}, None),
        ({"type": "integer", "default": 2.5}, None),
        ({"type": "integer", "default": "ten"}, None),
        ({"type": "boolean", "default": "maybe"}, None),
        ({"type": "string", "format": "date-time", "default": 5}, None),
        # What the engine takes from a caller it takes from a default: numbers as text and the reverse.
        ({"type": "string", "default": 10}, 10),
        ({"type": "integer", "default": "50"}, "50"),
        ({"type": "number", "default": "0.5"}, "0.5"),
        ({"type": "boolean", "default": "true"}, "true"),
        ({"type": "integer", "default": 7.0}, 7.0),
        ({"type": "array", "items": {"type": "string"}, "default": "all"}, "all"),
    ]
    for schema, kept in cases:
        spec = {
            **SPEC,
            "paths": {"/x": {"get": {"parameters": [_typed(schema)], "responses": {"200": {"description": "ok"}}}}},
        }
        result = import_connector(spec, "typed")
        (param,) = result.definition.methods[0].parameters
        assert param.default == kept, schema  # type: ignore[attr-defined]
        dropped = [n for _, n in result.report.notes if "is not of its type" in n]
        assert bool(dropped) == (kept is None), (schema, result.report.notes)
