"""A form body's fields as the vendor's server reads them, each list by how the spec says it is written.

A URL-encoded or multipart list is one value joined (Swagger 2's csv, ssv, tsv, pipes; OpenAPI 3's
``style: form, explode: false`` and the delimited styles in a form's ``encoding``) or the name repeated
(Swagger 2's multi, OpenAPI 3's default, a multipart part each). ``swagger2.convert`` keeps a formData
list's ``collectionFormat`` in its encoding as ``x-collectionFormat``: tsv has no OpenAPI 3 style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from switchboard_emulators.spec.brackets import FORM, cast
from switchboard_emulators.spec.document import Resolver
from switchboard_emulators.spec.schemas import merged, type_of

MULTIPART = "multipart/form-data"
FORMAT_KEY = "x-collectionFormat"
FORMATS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}  # Swagger 2's collectionFormats; multi: repeated
_STYLES = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


@dataclass(frozen=True)
class FormLists:
    """One operation's form list properties and their delimiters (None: a value each), found once per spec."""

    lists: tuple[tuple[str, str | None], ...] = ()
    schema: Any = None
    resolver: Resolver | None = None

    @classmethod
    def of(cls, operation: dict[str, Any], resolver: Resolver) -> FormLists:
        content = (resolver.resolve(operation.get("requestBody")) or {}).get("content") or {}
        lists: dict[str, str | None] = {}
        schema: Any = None
        for media in (FORM, MULTIPART):
            body = content.get(media)
            if not isinstance(body, dict):
                continue
            schema = schema or body.get("schema")
            encoding: dict[str, Any] = body["encoding"] if isinstance(body.get("encoding"), dict) else {}
            for name, prop in (merged(body.get("schema") or {}, resolver).get("properties") or {}).items():
                if type_of(merged(prop, resolver)) == "array":
                    lists.setdefault(str(name), _delimiter(encoding.get(name), media))
        return cls(tuple(lists.items()), schema, resolver)

    def read(self, raw: bytes, content_type: str) -> dict[str, Any]:
        """The body's fields, its lists split and its text cast as the schema says (a form carries only text)."""
        pairs = _pairs(raw, content_type)
        delimiters = dict(self.lists)
        fields: dict[str, Any] = {}
        for name, value in pairs:
            if name not in delimiters:
                fields[name] = value
                continue
            delimiter = delimiters[name]
            items = value.split(delimiter) if delimiter is not None and value else [value]
            fields.setdefault(name, []).extend(items)
        if self.schema is None or self.resolver is None:
            return fields
        return dict(cast(fields, self.schema, self.resolver))


def _delimiter(entry: Any, media: str) -> str | None:
    entry = entry if isinstance(entry, dict) else {}
    if FORMAT_KEY in entry:
        return FORMATS.get(str(entry[FORMAT_KEY]))
    if media == MULTIPART:
        return None  # OpenAPI 3: a part's style is ignored; a list is a part an item
    style = entry.get("style", "form")
    return None if entry.get("explode", style == "form") else _STYLES.get(style)


def _pairs(raw: bytes, content_type: str) -> list[tuple[str, str]]:
    """A URL-encoded body's pairs, or a multipart body's text parts (files are no fields of a record)."""
    if not raw:
        return []
    if FORM in content_type.lower():
        return parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)
    if MULTIPART not in content_type.lower():
        return []  # (the boundary's case is kept: it is matched as written)
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    if not message.is_multipart():
        return []
    out: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str) and part.get_filename() is None:
            payload = part.get_payload(decode=True)
            out.append((name, payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""))
    return out


# A part's text as its item type reads it (validation._PART_TEXT's, unanchored).
_ITEM_TEXT = {"integer": "-?[0-9]+", "number": "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?", "boolean": "(true|false)"}


def joined_parts(op: dict[str, Any]) -> None:
    """In the validator's copy: a multipart list written joined (Swagger 2's csv) is one part, which openapi-core
    reads as one item; a number or boolean item's text is checked as the joined items the vendor splits."""
    media = ((op.get("requestBody") or {}).get("content") or {}).get(MULTIPART)
    encoding = media.get("encoding") if isinstance(media, dict) else None
    properties = (media.get("schema") or {}).get("properties") if isinstance(media, dict) else None
    if not isinstance(encoding, dict) or not isinstance(properties, dict):
        return
    for name, entry in encoding.items():
        delimiter = FORMATS.get(str(entry.get(FORMAT_KEY))) if isinstance(entry, dict) else None
        prop = properties.get(name)
        items = prop.get("items") if isinstance(prop, dict) else None
        text = _ITEM_TEXT.get(str(items.get("type"))) if isinstance(items, dict) else None
        if delimiter is not None and isinstance(prop, dict) and text is not None:
            prop["items"] = {"type": "string", "pattern": f"^{text}({re.escape(delimiter)}{text})*$"}
