"""A vendor spec loaded once: converted to OpenAPI 3 if needed, its operations and a router over them."""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import orjson
import yaml

from switchboard_emulators.spec import cache, swagger2
from switchboard_emulators.spec.bundle import Bundler, refers_outside, unchanged
from switchboard_emulators.spec.pointer import follow

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Part of the cache key: bump when parse_spec, the bundler or swagger2 changes what they produce.
_CACHE_VERSION = b"3:"
_TEMPLATE = re.compile(r"\{([^}/]+)\}")


def bare_type(media: str) -> str:
    """A media type without its parameters, in lower case (``Text/YAML; charset=utf-8``: ``text/yaml``)."""
    return media.split(";")[0].strip().lower()


def load_spec(path: str | Path, within: str | Path | None = None) -> dict[str, Any]:
    """The document at ``path`` (YAML or JSON) as OpenAPI 3, Swagger 2.0 converted; the files it refers to
    read from its folder, or from the wider folder ``within`` that holds it.

    Parsing a big YAML spec takes seconds even with libyaml, so the result is cached (``cache.py``),
    keyed by the file's hash: later starts read it in a few milliseconds. A spec split across files is
    keyed by its place too, and its entry is used while every file it read holds what it held. The first
    start serves the document as later ones read it (``cache.keep``: no part of it in two places).
    """
    source = Path(path)
    folder = Path(within).resolve() if within is not None else None
    if folder is not None and not source.resolve().is_relative_to(folder):
        raise ValueError(f"the spec {source} is not inside the folder {within} its references are read from")
    raw = source.read_bytes()
    doc: dict[str, Any]
    if not refers_outside(raw):
        key = hashlib.sha256(_CACHE_VERSION + raw).hexdigest()
        doc = cache.read(key) or cache.keep(key, parse_spec(raw))
        return doc
    place = f"{source.resolve()}\0{folder or ''}".encode()
    key = hashlib.sha256(_CACHE_VERSION + b"split:" + place + b"\0" + raw).hexdigest()
    entry = cache.read(key)
    if not (isinstance(entry, dict) and unchanged(entry.get("files", {}))):
        bundler = Bundler(_parsed, source, folder)
        entry = cache.keep(key, {"files": bundler.read, "doc": parse_spec(raw, bundler)})
    doc = entry["doc"]
    return doc


# libyaml's loader where present (the pure-Python one is several times slower), reading YAML 1.1's
# "value" type (a bare ``=``, as in Zendesk's examples) as the string it is: PyYAML cannot construct it.
_LOADER: Any = type("SpecLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
_LOADER.add_constructor("tag:yaml.org,2002:value", yaml.SafeLoader.construct_yaml_str)
# Timestamps as their text: JSON has no dates, and an example date that does not exist (Brevo's
# ``2017-02-30``) is no date PyYAML can construct.
_LOADER.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
# YAML 1.2's floats, which OpenAPI's YAML is: PyYAML (YAML 1.1) reads Brevo's ``maximum: 5E+1`` as text.
_LOADER.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$"),
    list("-+.0123456789"),
)


def parse_spec(raw: bytes, bundler: Bundler | None = None) -> dict[str, Any]:
    """Parse and normalise a spec: mapping keys as strings (YAML reads ``200:`` as an int); the other
    files it refers to inlined by ``bundler``, when it is split across files."""
    doc = _parsed(raw)
    if not isinstance(doc, dict):
        raise ValueError("a spec must be a mapping at the top")
    if bundler is not None:
        doc = bundler.bundle(doc)
    if str(doc.get("swagger", "")).startswith("2"):
        doc = swagger2.convert(doc)
    return dict(doc)


def _parsed(raw: bytes) -> Any:
    if raw.lstrip().startswith(b"{"):
        return orjson.loads(raw)
    return _string_keys(yaml.load(raw, Loader=_LOADER))  # noqa: S506 (a safe loader)


def _string_keys(node: Any) -> Any:
    """YAML values JSON cannot hold made JSON-shaped: keys as strings, dates as ISO text."""
    if isinstance(node, dict):
        return {str(k): _string_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_string_keys(v) for v in node]
    if isinstance(node, date):
        return node.isoformat()
    return node


class Resolver:
    """Follows local ``$ref``s (``#/a/b``) within the document."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def pointer(self, ref: str) -> Any:
        return follow(self.doc, ref)

    def resolve(self, node: Any) -> Any:
        """``node`` with its ``$ref`` chain followed (at most 20 hops)."""
        for _ in range(20):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            try:
                node = self.pointer(node["$ref"])
            except LookupError:
                return {}  # a reference to nothing (DocuSign's #/definitions/offlineAttributes): any value
        return node


@dataclass
class Operation:
    """One operation of the spec, with what answering it needs."""

    method: str
    template: str
    operation_id: str
    spec: dict[str, Any]
    parameters: list[dict[str, Any]]
    success_status: int
    success_media: str | None
    success_schema: Any
    example: Any = None
    secured: bool = True
    pattern: re.Pattern[str] = field(default_factory=lambda: re.compile("$^"))
    literal_weight: int = 0

    def declares(self, name: str, where: str = "query") -> bool:
        return any(p.get("name") == name and p.get("in") == where for p in self.parameters)

    def path_params(self) -> list[str]:
        return _TEMPLATE.findall(self.template)


def operations(doc: dict[str, Any], resolver: Resolver) -> list[Operation]:
    """Every operation of ``doc``, in document order."""
    found: list[Operation] = []
    global_security = doc.get("security")
    for template, item in (doc.get("paths") or {}).items():
        item = resolver.resolve(item)
        shared = [resolver.resolve(p) for p in item.get("parameters") or []]
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            params = {(p.get("in"), p.get("name")): p for p in shared}
            for param in op.get("parameters") or []:
                param = resolver.resolve(param)
                params[(param.get("in"), param.get("name"))] = param
            status, media, schema, example = _success(op, resolver)
            security = op.get("security", global_security)
            # PandaDoc keys its uploads `/documents?upload`: requests carry no such query in their
            # path, so the path before "?" is matched and the candidates' bodies tell them apart.
            # Mistral's and Box's keys end in a "#fragment" (`/connectors/{id}#idOrName`) no request carries either.
            # Matrix's "/events " ends in a space no request path has (the key stays openapi-core's).
            bare = re.split(r"[?#]", template, maxsplit=1)[0].strip()
            found.append(
                Operation(
                    method=method.upper(),
                    template=template,
                    operation_id=op.get("operationId") or f"{method} {template}",
                    spec=op,
                    parameters=list(params.values()),
                    success_status=status,
                    success_media=media,
                    success_schema=schema,
                    example=example,
                    secured=security is None or bool(security),
                    pattern=compile_template(bare),
                    literal_weight=len(_TEMPLATE.sub("", bare)),
                )
            )
    return found


def compile_template(template: str, *, whole: bool = True) -> re.Pattern[str]:
    """A regex for a path template; the n-th ``{name}`` becomes group ``pn`` (one segment)."""
    parts = _TEMPLATE.split(template)  # literal, name, literal, name, ...
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<p{i // 2}>[^/]+)" for i, part in enumerate(parts))
    return re.compile("^" + regex + ("/?$" if whole else ""))


def _success(op: dict[str, Any], resolver: Resolver) -> tuple[int, str | None, Any, Any]:
    """The first 2xx answer (``default`` failing that): status, media type, schema, example."""
    responses = op.get("responses") or {}
    codes = sorted(str(c) for c in responses if str(c).startswith("2"))
    code = codes[0] if codes else ("default" if "default" in responses else None)
    if code is None:
        return 200, None, None, None
    response = resolver.resolve(responses.get(code, responses.get(int(code) if code.isdigit() else code)))
    status = int(code) if code.isdigit() else 200
    content = (response or {}).get("content") or {}
    if not content:
        return status, None, None, None
    media = next((m for m in content if "json" in m), next(iter(content)))
    entry = content[media] or {}
    if media in ("*/*", "application/*") and entry.get("schema"):
        media = "application/json"  # Salesloft declares */* for what is JSON
    example = entry.get("example")
    if example is None and isinstance(entry.get("examples"), dict) and entry["examples"]:
        first = resolver.resolve(next(iter(entry["examples"].values())))
        example = first.get("value") if isinstance(first, dict) else None
    return status, media, entry.get("schema"), example


class Router:
    """Finds the operation for a method and path; built once, literal paths before templated ones."""

    def __init__(self, ops: list[Operation], base_path: str, also: tuple[str, ...] = ()) -> None:
        # The base first; ``also``: paths another host of the API serves it under (Box's uploads: /api/2.0).
        self.bases = [compile_template(p.rstrip("/"), whole=False) for p in (base_path, *also)]
        self.base_path = base_path.rstrip("/")
        self.by_method: dict[str, list[Operation]] = {}
        for op in sorted(ops, key=lambda o: (-o.literal_weight, o.template)):
            self.by_method.setdefault(op.method, []).append(op)

    def strip_base(self, path: str) -> str | None:
        for base in self.bases:
            match = base.match(path)
            if match is not None:
                return path[match.end() :] or "/"
        return None

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation and its path parameters, for a path already stripped of the base."""
        return next(iter(self.candidates(method, path)), None)

    def candidates(self, method: str, path: str) -> list[tuple[Operation, dict[str, str]]]:
        """The best matching operations: specs may have ``/Contacts/{ContactID}`` and ``/Contacts/{ContactNumber}``
        (Xero); the caller keeps the first whose parameters validate. Only those as literal as the best are: a
        request its literal path refuses (Kestra's ``/roles/search``) is not then read as the templated
        sibling's (``/roles/{id}`` with ``id=search``), which would take it for accepted."""
        found: list[tuple[Operation, dict[str, str]]] = []
        for op in self.by_method.get(method, []):
            if found and op.literal_weight < found[0][0].literal_weight:
                break  # sorted by weight: the rest are less literal
            hit = op.pattern.match(path)
            if hit is not None:
                names = op.path_params()
                found.append((op, {names[int(k[1:])]: unquote(v) for k, v in hit.groupdict().items()}))
        if not found and self.base_path and not path.startswith(self.base_path + "/"):
            # A spec path that repeats the server's (Telnyx's /v2/mobile_phone_numbers under .../v2) is also
            # answered where the vendor serves it, as the importer writes it: without the repeat.
            return self.candidates(method, self.base_path + path)
        return found

    def allowed(self, path: str) -> list[str]:
        """The methods some operation answers at ``path`` (for a 405)."""
        return sorted(m for m, ops in self.by_method.items() if any(op.pattern.match(path) for op in ops))


def routed(raw_path: str) -> str:
    """A request's path as the router reads it: each segment decoded, but a ``/`` or ``%`` inside one left
    encoded, so a parameter holding a slash (Algolia's source ``10.0.0.1%2F32``) stays one segment;
    ``Router.candidates`` decodes the parameters it finds."""
    segments = raw_path.split("?", 1)[0].split("/")
    return "/".join(unquote(s).replace("%", "%25").replace("/", "%2F") for s in segments)


def base_path_of(doc: dict[str, Any]) -> str:
    """The path part of the spec's first server URL (``_server_path``: which variables take their defaults)."""
    return _server_path((doc.get("servers") or [{"url": "/"}])[0])


def server_paths(doc: dict[str, Any]) -> tuple[str, ...]:
    """The path parts of the servers operations name of their own (Canva's token endpoints under /auth)."""
    found: dict[str, None] = {}
    for item in (doc.get("paths") or {}).values():
        for verb, op in item.items() if isinstance(item, dict) else ():
            servers = (op.get("servers") or item.get("servers")) if verb in METHODS and isinstance(op, dict) else None
            if servers and isinstance(servers[0], dict) and str(servers[0].get("url", "")).startswith("http"):
                found[_server_path(servers[0])] = None
    return tuple(found)


def _server_path(server: dict[str, Any]) -> str:
    """The server URL's path. A variable there standing for a whole path (``{basePath}``, default ``/v3``)
    or for nothing takes its default; one in a segment (``/accounts/{accountId}``) stays a placeholder, so
    the path answers whatever value the client's is, as the importer leaves it the connection's to give."""
    url: str = server.get("url", "/")
    for name, var in (server.get("variables") or {}).items():
        default = str(var.get("default", "")) if isinstance(var, dict) else ""
        if default.startswith("/") or not default:
            url = url.replace("{" + name + "}", default)
    authority = re.match(r"^[^/]*//[^/]*", url)  # {protocol}://{host}:{port}: not the path, whatever it holds
    path = url[authority.end() :] if authority else url
    return re.sub("/{2,}", "/", path.split("?")[0].split("#")[0]).rstrip("/")


def wrap_answers(doc: dict[str, Any], key: str) -> dict[str, Any]:
    """``doc`` with every 2xx JSON answer schema ``S`` replaced by ``{key: S}`` (open, so paging
    metadata fits beside it): for APIs whose spec describes the bare record but whose answers
    wrap it (Salesloft's ``{"data": ..., "metadata": ...}``)."""
    out = dict(doc)
    out["paths"] = copy.deepcopy(doc.get("paths") or {})
    resolver = Resolver(doc)
    for item in out["paths"].values():
        for method in METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            for code, response in list((op.get("responses") or {}).items()):
                if not str(code).startswith("2"):
                    continue
                response = copy.deepcopy(resolver.resolve(response))
                for entry in (response.get("content") or {}).values():
                    if isinstance(entry, dict) and entry.get("schema"):
                        entry["schema"] = {"type": "object", "required": [key], "properties": {key: entry["schema"]}}
                        entry.pop("example", None)
                        entry.pop("examples", None)
                op["responses"][code] = response
    return out
