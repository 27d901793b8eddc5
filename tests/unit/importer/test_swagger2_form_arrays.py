"""A Swagger 2.0 ``formData`` array goes as its ``collectionFormat`` says, in a URL-encoded form and in
multipart/form-data alike: csv (the default) ``a,b``, ssv ``a b``, tsv ``a<TAB>b``, pipes ``a|b``, multi the
name repeated; as query arrays do."""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from switchboard.catalog import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector

FORMATS = {"csv": "comma", "ssv": "space", "tsv": "tab", "pipes": "pipe", "multi": "repeat"}
VALUES = ["a", "b c", "d"]


def _spec(consumes: str) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": f"tags_{fmt}", "in": "formData", "type": "array", "items": {"type": "string"}, "collectionFormat": fmt}
        for fmt in FORMATS
    ]
    parameters.append({"name": "tags_default", "in": "formData", "type": "array", "items": {"type": "string"}})
    operation = {"operationId": "tagThing", "consumes": [consumes], "parameters": parameters,
                 "responses": {"200": {"description": "ok"}}}  # fmt: skip
    return {"swagger": "2.0", "info": {"title": "Things", "version": "1"}, "host": "api.example.com",
            "schemes": ["https"], "paths": {"/things": {"post": operation}}}  # fmt: skip


def _built(consumes: str) -> tuple[dict[str, Any], str, bytes]:
    imported = import_connector(_spec(consumes), "things")
    definition = imported.definition
    (method,) = Registry([definition]).by_key["things"].methods
    body = {f"tags_{fmt}": VALUES for fmt in [*FORMATS, "default"]}
    request = build_request(definition, method, bind_by_name(method, {}, None, body), "https://api.example.com")
    styles = {f.definition.location: f.definition.style for f in method.fields}
    return styles, dict(request.headers)["Content-Type"], request.body or b""


def test_each_collection_format_is_imported_as_its_fields_style() -> None:
    form_styles, _, _ = _built("application/x-www-form-urlencoded")
    # The connector's own query_style is Swagger 2's default, comma: csv and an unnamed format need no style.
    assert form_styles == {"tags_csv": None, "tags_ssv": "space", "tags_tsv": "tab", "tags_pipes": "pipe",
                           "tags_multi": "repeat", "tags_default": None}  # fmt: skip
    multipart_styles, _, _ = _built("multipart/form-data")
    # A multipart list goes a part an item unless told otherwise: multi needs no style there, csv does.
    assert multipart_styles == {"tags_csv": "comma", "tags_ssv": "space", "tags_tsv": "tab", "tags_pipes": "pipe",
                                "tags_multi": None, "tags_default": "comma"}  # fmt: skip


# What either body sends for VALUES in each list: joined as its format says, multi repeated.
SENT = [
    ("tags_csv", "a,b c,d"),
    ("tags_ssv", "a b c d"),
    ("tags_tsv", "a\tb c\td"),
    ("tags_pipes", "a|b c|d"),
    ("tags_multi", "a"),
    ("tags_multi", "b c"),
    ("tags_multi", "d"),
    ("tags_default", "a,b c,d"),
]


def test_a_url_encoded_form_writes_each_list_as_its_collection_format_says() -> None:
    _, content_type, body = _built("application/x-www-form-urlencoded")
    assert content_type == "application/x-www-form-urlencoded"
    assert parse_qsl(body.decode()) == SENT


def test_a_multipart_body_writes_each_list_as_its_collection_format_says() -> None:
    _, content_type, body = _built("multipart/form-data")
    assert content_type.startswith("multipart/form-data; boundary=")
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    parts = [
        (part.get_param("name", header="content-disposition"), part.get_content()) for part in message.iter_parts()
    ]
    assert parts == SENT  # the same pairs, a part each


def test_a_query_list_in_pipes_or_tsv_goes_joined_too() -> None:
    """Swagger 2's pipes and tsv were left to the connector's style, with a note; they have styles of their own."""
    pipes = {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
    tabs = {**pipes, "name": "tags", "collectionFormat": "tsv"}
    operation = {"operationId": "list", "parameters": [pipes, tabs], "responses": {"200": {"description": "ok"}}}
    spec = {"swagger": "2.0", "info": {"title": "T", "version": "1"}, "host": "api.example.com",
            "schemes": ["https"], "paths": {"/things": {"get": operation}}}  # fmt: skip
    definition = import_connector(spec, "things").definition
    (method,) = Registry([definition]).by_key["things"].methods
    request = build_request(definition, method, bind_by_name(method, {"ids": ["1", "2"], "tags": ["x", "y"]}, None, {}),
                            "https://api.example.com")  # fmt: skip
    assert request.query == (("ids", "1|2"), ("tags", "x\ty"))
