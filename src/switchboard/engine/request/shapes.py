"""What a method's body is made of, one class per shape: fields placed in an object, one whole
value, raw bytes or text, or multipart/form-data parts.

``build_request`` asks the method's shape for the value to send (``None``: no body at all), then
for its bytes and content type. All pure: a multipart boundary is the only thing drawn at random.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Protocol

import orjson
from urllib3 import encode_multipart_formdata
from urllib3.fields import RequestField

from switchboard.catalog.models import WHOLE_BODY, BodyFormat, QueryStyle
from switchboard.engine import paths
from switchboard.engine.inputs.bodies import serialize_body
from switchboard.engine.inputs.values import base64_bytes, file_value, wire_text

OCTET_STREAM = "application/octet-stream"


class BodyShape(Protocol):
    """How the bound body tree (values by Location) becomes the value sent."""

    def value(self, body: dict[str, Any]) -> Any | None:
        """The JSON (or form, XML) value to send, or None to send no body."""
        ...

    def encoded(self, value: Any, body_format: BodyFormat, arrays: QueryStyle) -> tuple[bytes, str]:
        """The value's bytes and content type (a form body writes lists as ``arrays`` says)."""
        ...


@dataclass(frozen=True, slots=True)
class FieldsBody:
    """An object: each field moved from its Location to its wire location, under ``root`` if set.

    ``moves``: Location, wire location, whether ``key_value_object`` applies, and the separator a list of
    scalars is joined with (its delimited ``style``: one string in any body format, JSON's too). Sent even
    when empty (``{}``), as a method with fields or ``body_required`` always has been.
    """

    moves: tuple[tuple[str, str, bool, str | None], ...]
    root: str | None
    # A form's list written in a style of its own (repeat, brackets, ...), by the keys it is sent under.
    styles: tuple[tuple[tuple[str, ...], QueryStyle], ...] = ()

    def value(self, body: dict[str, Any]) -> Any | None:
        tree: dict[str, Any] = {}
        if body:
            for location, wire_location, key_value, separator in self.moves:
                found, value = paths.lookup(body, location)
                if not found:
                    continue
                if key_value and isinstance(value, list):
                    value = key_value_object(value)
                elif separator is not None and isinstance(value, list):
                    value = _joined(value, separator)
                paths.assign(tree, wire_location, value)
        return {self.root: tree} if self.root else tree

    def encoded(self, value: Any, body_format: BodyFormat, arrays: QueryStyle) -> tuple[bytes, str]:
        return serialize_body(value, body_format, arrays, dict(self.styles) if self.styles else None)


def _joined(items: list[Any], separator: str) -> Any:
    """A list of scalars as one string (nulls left out); a list holding objects or lists stays as it is."""
    if any(isinstance(item, dict | list) for item in items):
        return items
    return separator.join(wire_text(item) for item in items if item is not None)


@dataclass(frozen=True, slots=True)
class WholeBody:
    """One field is the body (``location: "$"``): a JSON array such as JSON Patch, or a scalar.

    Absent (an optional body not given, or an explicit null), nothing is sent: ``{}`` in its
    place would be a body of the wrong type.
    """

    def value(self, body: dict[str, Any]) -> Any | None:
        return body.get(WHOLE_BODY)

    def encoded(self, value: Any, body_format: BodyFormat, arrays: QueryStyle) -> tuple[bytes, str]:
        return serialize_body(value, "json")  # an array or a scalar is JSON whatever the connector's format


@dataclass(frozen=True, slots=True)
class RawBody:
    """One field is the body as it goes on the wire (``body_format: raw``), under ``content_type``.

    Text is sent as UTF-8; a ``format: binary`` field's value is base64 and its bytes are sent.
    """

    binary: bool
    content_type: str

    def value(self, body: dict[str, Any]) -> Any | None:
        return body.get(WHOLE_BODY)

    def encoded(self, value: Any, body_format: BodyFormat, arrays: QueryStyle) -> tuple[bytes, str]:
        data = base64_bytes(value) if self.binary else wire_text(value).encode()
        return data, self.content_type


@dataclass(frozen=True, slots=True)
class MultipartBody:
    """``multipart/form-data``: the fields placed as for JSON, then each top-level key one part.

    A file part (a ``format: binary`` field, by its wire name in ``files``) is base64 or
    ``{"content", "filename", "content_type"}``; its filename defaults to the part's name. Scalars
    are text parts, a list of scalars repeats its part (joined before, where its style delimits), objects
    and other lists are JSON parts.
    """

    fields: FieldsBody
    files: frozenset[str]

    def value(self, body: dict[str, Any]) -> Any | None:
        return self.fields.value(body)

    def encoded(self, value: Any, body_format: BodyFormat, arrays: QueryStyle) -> tuple[bytes, str]:
        parts: list[RequestField] = []
        for name, item in (value or {}).items():
            parts.extend(self._parts(str(name), item))
        # A boundary that no part contains: 32 random hex digits, as browsers and urllib3 draw theirs.
        return encode_multipart_formdata(parts, boundary=secrets.token_hex(16))

    def _parts(self, name: str, item: Any) -> list[RequestField]:
        if item is None:
            return []
        if name in self.files:
            data, filename, content_type = file_value(item)
            part = RequestField(name, data, filename=filename or name)
            part.make_multipart(content_type=content_type or OCTET_STREAM)
            return [part]
        if isinstance(item, list) and not any(isinstance(i, dict | list) for i in item):
            # A part each; a list with a delimited style (Swagger 2's csv) came joined, one text part.
            return [_text_part(name, wire_text(i)) for i in item if i is not None]
        if isinstance(item, dict | list):
            part = RequestField(name, orjson.dumps(item))
            part.make_multipart(content_type="application/json")
            return [part]
        return [_text_part(name, wire_text(item))]


def _text_part(name: str, text: str) -> RequestField:
    part = RequestField(name, text)
    part.make_multipart()
    return part


def key_value_object(items: list[Any]) -> dict[str, Any]:
    """``[{"key": k, "value": v}, ...]`` as ``{k: v}``; other shapes pass through unchanged."""
    out: dict[str, Any] = {}
    for item in items:
        if isinstance(item, dict) and "key" in item:
            out[str(item["key"])] = item.get("value")
    return out
