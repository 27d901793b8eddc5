"""Bracketed query parameters and form bodies (``expand[0]=a``, ``items[0][price]=p``) read as trees.

Stripe's spec marks arrays and scalars ``style: deepObject`` too (its query ``expand``, its form
encodings), and its form bodies nest objects and lists with brackets. openapi-core 0.23 reads
deepObject only for an object one level deep, and form bodies not nested at all. So such a query
parameter or body is handed to it as the JSON tree its brackets spell, each text value cast as the
schema wants (a form carries only text), and the spec's own schemas judge that tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import orjson

from switchboard_emulators.spec.document import Resolver
from switchboard_emulators.spec.schemas import merged

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
# The validator's name for a form read as JSON: no client sends it, so a JSON body stays refused.
FORM_AS_JSON = "application/vnd.switchboard.form+json"
MAX_INDEX = 1000  # a list index above this is refused, not allocated (``a[999999999]=x``)
MAX_PARTS = 16
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The tree bracketed keys spell: ``a[b]=1`` is ``{a: {b: 1}}``, ``a[0]`` and ``a[]`` are list items.

    A plain key given twice is a list. Keys that contradict each other (``a=1&a[b]=2``) or nest or
    number absurdly raise ``ValueError``.
    """
    tree: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if match is None:
            raise ValueError(f"malformed key {key!r}")
        parts = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        if len(parts) > MAX_PARTS:
            raise ValueError(f"key {key!r} nests too deep")
        if len(parts) == 1 and key in tree:
            old = tree[key]
            tree[key] = [*old, value] if isinstance(old, list) else [old, value]
            continue
        _put(tree, parts, value)
    return tree


def _put(node: Any, parts: list[str], value: str) -> None:
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        fresh: Any = value if last else ([] if parts[i + 1] == "" or parts[i + 1].isdigit() else {})
        if isinstance(node, list):
            if part == "":
                node.append(fresh)
                node = node[-1]
                continue
            if not part.isdigit() or int(part) > MAX_INDEX:
                raise ValueError(f"list index {part!r} is not a small number")
            index = int(part)
            node.extend([None] * (index + 1 - len(node)))
            if last or node[index] is None:
                node[index] = fresh
            node = node[index]
        elif isinstance(node, dict):
            if last or part not in node:
                node[part] = fresh
            node = node[part]
        else:
            raise ValueError(f"{part!r} is both a value and a container")


def cast(value: Any, schema: Any, resolver: Resolver) -> Any:
    """``value`` (text leaves) with each leaf an integer, number or boolean where the schema wants one."""
    base = merged(schema if isinstance(schema, dict) else {}, resolver)
    branches = [base] + [merged(b, resolver) for b in (base.get("anyOf") or []) + (base.get("oneOf") or [])]
    if isinstance(value, dict):
        objects = [b for b in branches if b.get("type") == "object" or "properties" in b]
        if not objects:
            return value
        props: dict[str, Any] = {}
        for branch in reversed(objects):  # a key the schema itself declares is cast as it says
            props.update(branch.get("properties") or {})
        extras = (b.get("additionalProperties") for b in objects)
        extra = next((e for e in extras if isinstance(e, dict)), {})
        return {k: cast(v, props.get(k, extra), resolver) for k, v in value.items()}
    if isinstance(value, list):
        for branch in branches:
            if branch.get("type") == "array" or "items" in branch:
                return [cast(item, branch.get("items") or {}, resolver) for item in value]
        return value
    if not isinstance(value, str):
        return value
    types = {branch.get("type") for branch in branches}
    if "integer" in types and _INTEGER.match(value):
        return int(value)
    if "number" in types and _NUMBER.match(value):
        return float(value)
    if "boolean" in types and value in {"true", "false"}:
        return value == "true"
    return value


def deep_params(operation: dict[str, Any], inherited: list[Any]) -> list[dict[str, Any]]:
    """The operation's deepObject query parameters openapi-core cannot read (the path item's too).

    A plain object (Zendesk's ``page[size]``) it reads itself, as before; arrays, choices and
    scalars (Stripe's ``expand[]``, ``created`` as an object or an integer) it cannot.
    """
    params = [*inherited, *(operation.get("parameters") or [])]
    return [
        p
        for p in params
        if isinstance(p, dict) and p.get("in") == "query" and p.get("style") == "deepObject" and not _plain_object(p)
    ]


def _plain_object(param: dict[str, Any]) -> bool:
    schema = param.get("schema")
    return isinstance(schema, dict) and schema.get("type") == "object" and not {"anyOf", "oneOf"} & set(schema)


def as_json_content(operation: dict[str, Any], inherited: list[Any]) -> None:
    """In the validator's copy of the spec: deepObject query parameters and form bodies also as JSON."""
    for param in deep_params(operation, inherited):
        if "content" in param:
            continue  # a path item's parameter, already rewritten for another method
        schema = param.pop("schema", {})
        for key in ("style", "explode"):
            param.pop(key, None)
        param["content"] = {JSON: {"schema": schema}}
    content = (operation.get("requestBody") or {}).get("content")
    if isinstance(content, dict) and isinstance(content.get(FORM), dict):
        content[FORM_AS_JSON] = {"schema": content[FORM].get("schema") or {}}


@dataclass(frozen=True)
class Brackets:
    """One operation's bracket readers, found once per spec: its deepObject queries and its form body."""

    params: tuple[tuple[str, Any], ...] = ()  # name, schema
    form_schema: Any = None  # the form body's schema (None: no form body)
    deep_form: bool = False  # its encoding marks a field deepObject: every such body is read as a tree
    resolver: Resolver | None = None

    @classmethod
    def of(cls, operation: dict[str, Any], parameters: list[dict[str, Any]], resolver: Resolver) -> Brackets:
        params = tuple((str(p["name"]), p.get("schema") or {}) for p in deep_params({}, parameters))
        content = (resolver.resolve(operation.get("requestBody")) or {}).get("content") or {}
        form: dict[str, Any] = content[FORM] if isinstance(content.get(FORM), dict) else {}
        encodings = (form.get("encoding") or {}).values()
        deep = any(isinstance(e, dict) and e.get("style") == "deepObject" for e in encodings)
        return cls(params, form.get("schema"), deep, resolver)

    def query(self, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """``pairs`` with each deepObject parameter's bracketed pairs as one JSON value under its name."""
        out = list(pairs)
        for name, schema in self.params:
            mine = [(k, v) for k, v in out if k == name or k.startswith(f"{name}[")]
            if not mine or self.resolver is None:
                continue
            try:
                tree = unflatten(mine)
            except ValueError:
                continue  # left as sent: the validator reports it
            value = cast(tree[name], schema, self.resolver)
            out = [pair for pair in out if pair not in mine] + [(name, orjson.dumps(value).decode())]
        return out

    def body(self, raw: bytes, content_type: str) -> tuple[bytes, str]:
        """A form body as the JSON tree its bracketed keys spell, or as sent."""
        if self.form_schema is None or self.resolver is None or not content_type.startswith(FORM) or not raw:
            return raw, content_type
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True)
            # A form whose every name the spec declares as it is (GitLab's ``configuration[url]``):
            # openapi-core reads it as the spec says. It reads only the names the schema lists, so a
            # name from a choice (Lichess's seek: allOf [..., oneOf [real-time, correspondence]]) or
            # one only required (Box's revoke) goes in the tree, where the whole schema judges it.
            declared = (merged(self.form_schema, self.resolver).get("properties") or {}) if not self.deep_form else {}
            if not self.deep_form and all(key in declared for key, _ in pairs):
                return raw, content_type
            tree = unflatten(pairs)
        except (UnicodeDecodeError, ValueError):
            return raw, content_type
        return orjson.dumps(cast(tree, self.form_schema, self.resolver)), FORM_AS_JSON
