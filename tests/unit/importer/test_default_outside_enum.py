"""A parameter default its enum does not allow is left unset, with a note (Recurly's invoice ``state``)."""

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
