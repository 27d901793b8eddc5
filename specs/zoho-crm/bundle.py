"""Zoho CRM's per-resource OpenAPI files bundled into one self-contained spec: ``zoho-crm.json``.

Zoho publishes one file per resource (github.com/zoho/crm-oas, ``v8.0/``), whose ``$ref``s name
each other by absolute URL (``https://raw.githubusercontent.com/.../v8.0/common.json#/...``). The
importer follows such references to files beside a spec, but the spec emulator reads one document,
so the connector is built from this bundle: the paths of the files below, and every component they
reach (in any file of the folder), copied under ``#/components`` (a name two files use for different
things gets its file's name in front). Nothing is fetched: the URLs are read as file names.

    python specs/zoho-crm/bundle.py PATH/TO/crm-oas/v8.0 specs/zoho-crm/zoho-crm.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FILES = ("record.json", "modules.json", "fields.json", "users.json")


def bundle(folder: Path) -> dict[str, Any]:
    """The bundled document from the files in ``folder``."""
    docs: dict[str, dict[str, Any]] = {}

    def doc(name: str) -> dict[str, Any]:
        if name not in docs:
            docs[name] = json.loads((folder / name).read_text(encoding="utf-8"))
        return docs[name]

    components: dict[str, dict[str, Any]] = {}
    named: dict[tuple[str, str, str], str] = {}  # (file, section, name) -> its name in the bundle
    todo: list[tuple[str, str, str]] = []

    def local(file: str, ref: str) -> str:
        target, _, pointer = ref.partition("#")
        if target:
            file = target.rsplit("/", 1)[-1]
        parts = pointer.split("/")
        if len(parts) != 4 or parts[:2] != ["", "components"]:
            raise SystemExit(f"{file}: reference {ref!r} is not to a component")
        key = (file, parts[2], parts[3])
        if key not in named:
            section = components.setdefault(parts[2], {})
            name = parts[3]
            taken = {n for (f, s, _), n in named.items() if s == parts[2]}
            named[key] = name if name not in taken else f"{file.removesuffix('.json')}_{name}"
            section[named[key]] = None  # its place, filled when it is rewritten
            todo.append(key)
        return f"#/components/{parts[2]}/{named[key]}"

    def rewrite(file: str, node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: rewrite(file, v) for k, v in node.items() if k != "$ref"}
            if isinstance(node.get("$ref"), str):
                out["$ref"] = local(file, node["$ref"])
            return out
        if isinstance(node, list):
            return [rewrite(file, v) for v in node]
        return node

    first = doc(FILES[0])
    paths: dict[str, Any] = {}
    for file in FILES:
        for path, item in doc(file)["paths"].items():
            if path in paths:
                raise SystemExit(f"{file}: path {path} is in an earlier file too")
            paths[path] = rewrite(file, item)
    for scheme in first["components"]["securitySchemes"].values():  # a reference to common.json's
        local(FILES[0], scheme["$ref"])
    while todo:
        file, section, name = todo.pop(0)
        components[section][named[(file, section, name)]] = rewrite(file, doc(file)["components"][section][name])
    info = {**first["info"], "title": "Zoho CRM", "description": "Records, modules, fields and users (bundled)."}
    return {
        "openapi": first["openapi"],
        "info": info,
        "servers": first["servers"],
        "security": first["security"],
        "paths": paths,
        "components": {section: dict(sorted(items.items())) for section, items in sorted(components.items())},
    }


if __name__ == "__main__":
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    Path(out).write_text(json.dumps(bundle(source), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
