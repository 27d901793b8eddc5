"""The report's note on a list that takes the connector's page parameter but cannot be paged as the others are
names the parameter and what its answer lacks (Resend's ``GET /contacts`` takes ``after`` but leaves out the
``has_more`` its other lists answer); it said "takes the page parameter", naming neither."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

ID: dict[str, Any] = {"type": "object", "properties": {"id": {"type": "string"}}}
PARAMETERS = [
    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Return items after this cursor."},
]


def _list(*, more: bool) -> dict[str, Any]:
    answer: dict[str, Any] = {"object": {"type": "string"}, "data": {"type": "array", "items": ID}}
    if more:
        answer["has_more"] = {"type": "boolean"}
    schema = {"type": "object", "properties": answer}
    ok = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    return {"get": {"parameters": PARAMETERS, "responses": {"200": ok}}}


def test_the_note_names_the_page_parameter_and_what_the_answer_lacks() -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Resend", "version": "1"},
        "servers": [{"url": "https://api.resend.com"}],
        "paths": {"/domains": _list(more=True), "/api-keys": _list(more=True), "/contacts": _list(more=False)},
    }
    notes = dict(import_connector(spec, "resend").report.notes)
    assert notes["GET /contacts"] == (
        "takes the page parameter after, but its answer does not page as the connector's cursor lists do (no "
        "pointer to send back); not paged"
    )
