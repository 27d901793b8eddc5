"""A request body's or answer's ``content`` given as a reference to a file of its own, as Lob's split spec writes
every list answer (``content: {$ref: "responses/all_cards.yml"}``): followed, so the answer's fields are read and
the list pages as its siblings do, and a body so given has its fields."""

from __future__ import annotations

from pathlib import Path

import yaml

from switchboard.importer.files import import_files

SPEC = """
openapi: 3.0.3
info: {title: Lob, version: "1"}
servers: [{url: "https://api.lob.com/v1"}]
paths:
  /cards: {$ref: resources/cards/cards.yml}
"""
CARDS = """
get:
  operationId: cards_list
  parameters:
    - {name: limit, in: query, schema: {type: integer}}
  responses:
    "200":
      description: Returns a list of card objects
      content:
        $ref: "responses/all_cards.yml"
post:
  operationId: card_create
  requestBody:
    content:
      $ref: "requests/card_editable.yml"
  responses:
    "200": {description: made}
"""
ALL_CARDS = """
application/json:
  schema:
    type: object
    properties:
      next_url: {type: string, format: uri}
      data:
        type: array
        items: {$ref: "../models/card.yml"}
"""
CARD = """
type: object
properties: {id: {type: string}, size: {type: string}}
"""
EDITABLE = """
application/json:
  schema: {$ref: "../models/card.yml"}
"""


def test_content_given_by_reference_is_followed(tmp_path: Path) -> None:
    files = {
        "lob.yml": SPEC,
        "resources/cards/cards.yml": CARDS,
        "resources/cards/responses/all_cards.yml": ALL_CARDS,
        "resources/cards/requests/card_editable.yml": EDITABLE,
        "resources/cards/models/card.yml": CARD,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    written, result = import_files(tmp_path / "lob.yml", "lob", None, tmp_path / "out")
    assert not result.report.skipped
    methods = {m["http"]: m for m in yaml.safe_load(written.read_text(encoding="utf-8"))["methods"]}
    listing = methods["GET /cards"]
    assert [f["location"] for f in listing["response_fields"]][:2] == ["next_url", "data"]
    assert "pagination" in listing, "the list pages by its next_url, as its siblings do"
    assert [f["location"] for f in methods["POST /cards"]["fields"]] == ["id", "size"]
