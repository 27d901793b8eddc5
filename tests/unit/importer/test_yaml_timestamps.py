"""YAML scalars in a spec read as OpenAPI's YAML 1.2 (JSON-shaped) would have them, by both readers:
timestamps as their text (Brevo's examples hold dates that do not exist), floats without a dot as numbers."""

from __future__ import annotations

import pytest

from switchboard.errors import ConfigurationError
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


FLOATS = """\
openapi: 3.0.3
info: {title: Tests, version: "1"}
paths: {}
components:
  schemas:
    Split: {type: integer, minimum: 1, maximum: 5E+1, multipleOf: 1e0}
"""


def test_yaml_1_2_floats_without_a_dot_are_numbers() -> None:
    # YAML 1.1 (PyYAML) needs a dot in a float and read Brevo's ``maximum: 5E+1`` as the text "5E+1".
    for document in (parse_document(FLOATS, "tests.yaml"), parse_spec(FLOATS.encode())):
        split = document["components"]["schemas"]["Split"]  # type: ignore[index]
        assert split["maximum"] == 50 and isinstance(split["maximum"], float)
        assert split["multipleOf"] == 1 and split["minimum"] == 1 and isinstance(split["minimum"], int)


def test_a_file_ending_in_an_empty_document_is_one_spec_and_two_documents_are_refused() -> None:
    one = parse_document('openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n---\n', "kaltura.yaml")
    assert one["openapi"] == "3.0.3"
    with pytest.raises(ConfigurationError, match="holds 2 YAML documents"):
        parse_document("openapi: 3.0.3\npaths: {}\n---\nopenapi: 3.0.3\npaths: {}\n", "two.yaml")
