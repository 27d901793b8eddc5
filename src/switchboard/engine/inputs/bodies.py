"""Request bodies in and out: parse a RequestBody string, serialize an outbound body.

XML maps onto the same dot-notation tree as JSON: ``<Person><Name>Ann</Name></Person>``
is ``{"Person": {"Name": "Ann"}}``, repeated elements become lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode
from xml.etree.ElementTree import Element, SubElement, tostring

import orjson
from defusedxml import ElementTree as SafeElementTree

from switchboard.catalog.models import DELIMITERS, WHOLE_BODY, BodyFormat, QueryStyle
from switchboard.engine.inputs.values import MAX_DEPTH, nesting_depth, wire_text
from switchboard.errors import InputError


def parse_request_body(
    text: str | None, body_format: BodyFormat, *, whole: bool = False, as_is: bool = False
) -> dict[str, Any]:
    """The caller's RequestBody string as a tree; malformed input is an ``InputError``.

    ``whole``: the method's body is one value (``location: "$"``); a RequestBody that is not an
    object is that value, kept at ``$`` (an object is read by Location: ``{"$": [...]}``), unless
    ``as_is``: the whole body is an object, and the RequestBody is that object.
    """
    if text is None or not text.strip():
        return {}
    if body_format == "xml":
        return _parse_xml(text)
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"RequestBody is not valid JSON: {exc}") from None
    if whole and (as_is or not isinstance(value, dict)):
        value = {WHOLE_BODY: value}
    if not isinstance(value, dict):
        raise InputError("RequestBody must be a JSON object whose keys are field Locations")
    if nesting_depth(value) > MAX_DEPTH:
        raise InputError(f"RequestBody nests objects and lists deeper than {MAX_DEPTH} levels")
    return value


def serialize_body(
    tree: Any,
    body_format: BodyFormat,
    arrays: QueryStyle = "brackets",
    own: Mapping[tuple[str, ...], QueryStyle] | None = None,
) -> tuple[bytes, str]:
    """(bytes, content type) for an outbound body tree; a form body writes lists of scalars as ``arrays`` says,
    or as ``own`` says for the list at those keys, at any depth (Swagger 2's formData ``collectionFormat``).

    JSON may be any value (a whole-body array or scalar); form and XML bodies are objects.
    """
    if body_format == "xml":
        return _to_xml(tree), "application/xml"
    if body_format == "form":
        return urlencode(_form_pairs(tree, "", arrays, own or {}, ())).encode(), "application/x-www-form-urlencoded"
    return orjson.dumps(tree), "application/json"


def _parse_xml(text: str) -> dict[str, Any]:
    try:
        root = SafeElementTree.fromstring(text)
    except Exception as exc:  # defusedxml raises ParseError or its own security errors
        raise InputError(f"RequestBody is not valid XML: {exc}") from None
    if _xml_depth(root) > MAX_DEPTH:
        raise InputError(f"RequestBody XML nests elements deeper than {MAX_DEPTH} levels")
    return {_local(root.tag): _element_value(root)}


def _xml_depth(root: Element) -> int:
    """Element depth, counted level by level (no recursion), stopping past the cap."""
    depth, level = 0, [root]
    while level and depth <= MAX_DEPTH:
        depth += 1
        level = [child for element in level for child in element]
    return depth


def _element_value(element: Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    tree: dict[str, Any] = {}
    for child in children:
        key, value = _local(child.tag), _element_value(child)
        if key in tree:
            existing = tree[key]
            tree[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            tree[key] = value
    return tree


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]  # drop a namespace: Locations are plain names


def _to_xml(tree: dict[str, Any]) -> bytes:
    if len(tree) == 1:
        ((name, value),) = tree.items()
        root = Element(name)
        _fill(root, value)
    else:
        root = Element("Request")
        _fill(root, tree)
    encoded: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return encoded


def _fill(element: Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            for item in child if isinstance(child, list) else [child]:
                _fill(SubElement(element, key), item)
    elif value is not None:
        element.text = wire_text(value)


def _form_pairs(
    value: Any, prefix: str, arrays: QueryStyle, own: Mapping[tuple[str, ...], QueryStyle], at: tuple[str, ...]
) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        pairs = []
        for key, child in value.items():
            name = f"{prefix}[{key}]" if prefix else key
            pairs.extend(_form_pairs(child, name, arrays, own, (*at, str(key))))
        return pairs
    if isinstance(value, list):
        arrays = own.get(at, arrays)  # the list's own style, at the keys its field is sent under (and its items')
        if arrays == "indices":  # every item numbered, objects too (Stripe's items[0][price]=p)
            return [
                pair for i, item in enumerate(value) for pair in _form_pairs(item, f"{prefix}[{i}]", arrays, {}, ())
            ]
        # A list of scalars as the API takes it: OpenAPI's form default repeats the name (Twilio's
        # MessageSamples=a&MessageSamples=b), Swagger 2's csv joins them (Slack); lists of objects nest.
        scalars = [wire_text(item) for item in value if item is not None and not isinstance(item, dict | list)]
        if arrays != "brackets" and len(scalars) == len(value):
            if arrays in DELIMITERS:
                return [(prefix, DELIMITERS[arrays].join(scalars))]
            return [(prefix, text) for text in scalars]
        return [pair for item in value for pair in _form_pairs(item, f"{prefix}[]", arrays, {}, ())]
    return [] if value is None else [(prefix, wire_text(value))]
