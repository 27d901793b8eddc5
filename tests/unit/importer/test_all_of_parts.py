"""What an ``allOf`` part says of a property, beside the schema's own: the schema's own property wins over a
part's of the same name (Cloudflare's hyperdrive ``origin`` with its secrets, Okta's grant ``_links``), and
``readOnly`` in a part (Cloudflare's ids: ``allOf: [{$ref: RulesetId}, {readOnly: true}]``) makes the property
the server's, so no field sends it."""

from __future__ import annotations

from typing import Any

from switchboard.importer import import_connector

ORIGIN = {"type": "object", "required": ["host"], "properties": {"host": {"type": "string"}}}
SECRET_ORIGIN = {"type": "object", "required": ["host", "password"],
                 "properties": {"host": {"type": "string"}, "password": {"type": "string"}}}  # fmt: skip
SCHEMAS: dict[str, Any] = {
    "RulesetId": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
    "Hyperdrive": {"type": "object", "properties": {"name": {"type": "string"}, "origin": ORIGIN}},
    "CreateConfig": {"allOf": [{"$ref": "#/components/schemas/Hyperdrive"}], "required": ["name", "origin"],
                     "properties": {"origin": SECRET_ORIGIN,
                                    "id": {"allOf": [{"$ref": "#/components/schemas/RulesetId"},
                                                     {"readOnly": True}]}}},
}  # fmt: skip
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Hyperdrive", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "components": {"schemas": SCHEMAS},
    "paths": {"/configs": {"post": {"operationId": "createConfig", "responses": {"200": {"description": "ok"}},
                                    "requestBody": {"required": True, "content": {"application/json": {
                                        "schema": {"$ref": "#/components/schemas/CreateConfig"}}}}}}},
}  # fmt: skip


def test_the_schemas_own_property_wins_and_a_read_only_part_is_the_servers() -> None:
    (method,) = import_connector(SPEC, "hyperdrive").definition.methods
    fields = {f.location: f.required for f in method.fields}
    assert fields == {"name": True, "origin.host": True, "origin.password": True}
