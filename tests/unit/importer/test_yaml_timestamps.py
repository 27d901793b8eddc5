"""YAML timestamps in a spec read as their text to both readers (JSON has no dates; Brevo's examples
hold dates that do not exist, which PyYAML cannot construct)."""

from __future__ import annotations

from switchboard.importer import import_connector
from switchboard.importer.spec import parse_document
from switchboard_emulators.spec.document import parse_spec

SPEC = """\
openapi: 3.0.3
info: {title: Events, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes: {key: {type: http, scheme: bearer}}
paths:
  /events:
    post:
      summary: Create an event
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {day: {type: string, format: date}, at: {type: string, format: date-time}}
            example: {day: 2017-02-30, at: 2021-12-31T11:42:35.638Z}
      responses: {"200": {description: ok}}
"""
_EXAMPLE = {"day": "2017-02-30", "at": "2021-12-31T11:42:35.638Z"}


def _example(document: dict[str, object]) -> object:
    return document["paths"]["/events"]["post"]["requestBody"]["content"]["application/json"]["example"]  # type: ignore[index]


def test_timestamps_read_as_text_even_when_no_such_day_exists() -> None:
    document = parse_document(SPEC, "events.yaml")
    assert _example(document) == _EXAMPLE
    assert _example(parse_spec(SPEC.encode())) == _EXAMPLE
    assert [m.http for m in import_connector(document, "events").definition.methods] == ["POST /events"]
