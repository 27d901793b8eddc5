"""A bare ``=`` in a YAML spec (YAML 1.1's "value" type, in Zendesk's examples) is the string "=" to both readers."""

from __future__ import annotations

from switchboard.importer import import_connector
from switchboard.importer.spec import parse_document
from switchboard_emulators.spec.document import parse_spec

SPEC = """\
openapi: 3.0.3
info: {title: Triggers, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes: {key: {type: http, scheme: bearer}}
paths:
  /triggers:
    post:
      summary: Create a trigger
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {change: {type: string}}
            example:
              change: =
      responses: {"200": {description: ok}}
"""


def test_a_bare_equals_sign_reads_as_a_string() -> None:
    document = parse_document(SPEC, "triggers.yaml")
    example = document["paths"]["/triggers"]["post"]["requestBody"]["content"]["application/json"]["example"]
    assert example == {"change": "="}
    assert parse_spec(SPEC.encode())["paths"]["/triggers"]["post"]["requestBody"]["content"]["application/json"][
        "example"
    ] == {"change": "="}
    result = import_connector(document, "triggers")
    assert [m.http for m in result.definition.methods] == ["POST /triggers"]
