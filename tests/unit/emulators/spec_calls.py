"""Requests built from a spec's own operations, for exercising the spec-driven emulator."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import orjson

from switchboard_emulators.spec import SpecEmulator
from switchboard_emulators.spec.document import Operation
from switchboard_emulators.spec.schemas import Generator, merged


def build_call(emu: SpecEmulator, op: Operation) -> tuple[str, str, dict[str, str], bytes | None]:
    """Method, path with query, headers and body for a request the spec accepts."""
    gen: Generator = emu.answers.gen
    path = op.template
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    for param in op.parameters:
        name, where = param.get("name", ""), param.get("in")
        if where == "path":
            value = _scalar(gen.value(param.get("schema") or {"type": "string"}, f"req:{name}", response=False))
            path = path.replace("{" + name + "}", value or "1")
        elif param.get("required") and where == "query":
            value = gen.value(param.get("schema") or {"type": "string"}, f"req:{name}", response=False)
            if isinstance(value, dict) and param.get("explode", True) and param.get("style", "form") == "form":
                query += [(k, _scalar(v)) for k, v in value.items()]  # an exploded object: one pair per key
            elif isinstance(value, list):
                query += [(name, _scalar(v)) for v in value]
            else:
                query.append((name, _scalar(value)))
        elif param.get("required") and where == "header" and name.lower() not in ("authorization", "content-type"):
            headers[name] = _scalar(gen.value(param.get("schema") or {"type": "string"}, f"req:{name}", response=False))
    body: bytes | None = None
    request_body = emu.answers.gen.resolver.resolve(op.spec.get("requestBody")) or {}
    content = request_body.get("content") or {}
    if content:
        media = next((m for m in content if "json" in m), next(iter(content)))
        schema = merged((content[media] or {}).get("schema") or {}, gen.resolver)
        value = gen.value(schema, f"req:{op.operation_id}", response=False)
        if "json" in media:
            body = orjson.dumps(value)
        elif "x-www-form-urlencoded" in media and isinstance(value, dict):
            body = urlencode({k: _scalar(v) for k, v in value.items()}).encode()
        else:
            body = b"emulated"
        headers["Content-Type"] = media
    base = re.sub(r"\{[^}]+\}", "c1", emu.base_path)
    return op.method, base + path + (f"?{urlencode(query)}" if query else ""), headers, body


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return "" if value is None else str(value)
