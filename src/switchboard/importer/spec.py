"""An OpenAPI 2.0, 3.0 or 3.1 document: parsing, ``$ref`` resolution, and its operations.

``$ref``s are resolved lazily, one node at a time, rather than by expanding the whole document:
vendor specs are recursive (a Jira issue links issues) and large (Asana is 3 MB), and the
importer reads only the few levels of each schema that become fields. A reference to another
file is read through the ``beside`` callable the caller gives: a relative one (``common.json#/...``,
DigitalOcean's ``resources/droplets/droplets_list.yml``) from the folder of the file that holds it,
never above the spec's own folder; an absolute URL (Zoho's ``https://.../v8.0/common.json#/...``)
from the file of that name beside the spec. Nothing is fetched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import orjson
import yaml
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from switchboard.errors import ConfigurationError

if TYPE_CHECKING:
    from referencing._core import Resolver  # not re-exported, but the type of Registry.resolver()

VERBS = ("get", "put", "post", "patch", "delete")
UNSUPPORTED_VERBS = ("head", "options", "trace")
_URI = "urn:switchboard:spec"
# libyaml's safe loader where present, reading YAML 1.1's "value" type (a bare ``=``, as in
# Zendesk's examples ``change: =``) as the string it is: PyYAML resolves it but cannot construct it.
# A key written twice in one mapping is read as PyYAML reads it, the last kept, but noted with its line
# (``doubled``) for the import report: a reader of the spec may have meant the first.


def _noting_doubles(loader: Any, node: Any, deep: bool = False) -> Any:
    # Keys written here only (a merge, ``<<: *base``, brings keys the mapping may override); ``1`` and ``"1"`` differ.
    seen: set[tuple[str, str]] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode) and node.start_mark.index <= key.start_mark.index < node.end_mark.index:
            if (key.tag, key.value) in seen:
                loader.doubled.append((str(key.value), key.start_mark.line + 1))
            seen.add((key.tag, key.value))
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LOADER: Any = type("SpecLoader", (_BASE,), {"construct_mapping": _noting_doubles})
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


# A document in the spec's folder by its path from there (``common.json``, ``resources/a.yml``), or None.
Beside = Callable[[str], "dict[str, Any] | list[Any] | None"]  # a file beside: a JSON object or array


class UnresolvedReference(ConfigurationError):
    """A reference to another file that cannot be followed: the operations using it are skipped, not the spec."""


def no_files(name: str) -> dict[str, Any] | None:
    """No file beside the spec (a spec given as a document, not a file)."""
    return None


def file_of(ref: str, base: str = "") -> str | None:
    """The file a reference names, as a path from the spec's folder: a relative one from the folder of
    the file ``base`` that holds it; a URL's file name beside the spec (``common.json`` for
    ``https://raw.githubusercontent.com/.../v8.0/common.json#/components/...``); None for an absolute path
    or the folder's parent itself."""
    parts = urlsplit(ref.partition("#")[0])
    if parts.scheme or parts.netloc:
        return unquote(parts.path.rsplit("/", 1)[-1])
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    # One that climbs out may come back in (Matrix's ``../client-server/definitions/...`` from within
    # client-server/): the reader (``files.files_in``) takes it only if it resolves inside the folder.
    return None if path == ".." or path.startswith("/") else path


# Where and what the reading of a spec warns of: ``("spec.yaml line 8", "the key 'summary' is ...")``.
Warnings = list[tuple[str, str]]


def parse_document(text: str, source: str = "spec", warnings: Warnings | None = None) -> dict[str, Any]:
    """A spec from its YAML or JSON text; ``ConfigurationError`` when it is neither or not OpenAPI. What it
    warns of (a key written twice) is added to ``warnings``."""
    document = parse_part(text, source, warnings)
    if not isinstance(document, dict) or not ("swagger" in document or "openapi" in document):
        raise ConfigurationError(f"{source}: not an OpenAPI document (no 'openapi' or 'swagger' key)")
    if "paths" not in document and str(document.get("openapi", "")).startswith("3.1"):
        document["paths"] = {}  # 3.1 makes paths optional (a document of webhooks or components only)
    if not isinstance(document.get("paths"), dict):
        raise ConfigurationError(f"{source}: the document has no paths")
    return document


def parse_part(text: str, source: str, warnings: Warnings | None = None) -> Any:
    """Any YAML or JSON text read as a spec is (a file beside it that its references name)."""
    found: Warnings = [] if warnings is None else warnings
    try:
        # orjson: several times faster than json on a large spec, and a depth limit instead of a RecursionError.
        flow = text.lstrip().startswith("{")
        document = _json_or_yaml(text, source, found) if flow else _one_yaml(text, source, found)
    except (ValueError, yaml.YAMLError) as exc:
        if "depth limit" in str(exc) or "nesting depth" in str(exc):
            raise ConfigurationError(
                f"{source}: not YAML or JSON that can be read: it nests too deeply ({exc})"
            ) from None
        raise ConfigurationError(f"{source}: not YAML or JSON: {exc}") from None
    except RecursionError:
        raise ConfigurationError(f"{source}: not YAML or JSON that can be read: it nests too deeply") from None
    return document


def _json_or_yaml(text: str, source: str, warnings: Warnings) -> Any:
    """Text that opens with ``{``: JSON, else a YAML flow mapping (a schema file beside the spec written
    ``{type: object, properties: {...}}``); JSON's own error when it is neither."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):
            raise
        try:
            return _one_yaml(text, source, warnings)
        except yaml.YAMLError:
            raise exc from None


def _one_yaml(text: str, source: str, warnings: Warnings) -> Any:
    """The YAML's one document; an empty one beside it (a file ending in ``---``, Kaltura's) is no second."""
    loader = _LOADER(text)
    loader.doubled = []
    try:
        documents = []
        while loader.check_data():
            if (document := loader.get_data()) is not None:
                documents.append(document)
    finally:
        loader.dispose()
    warnings += [(f"{source} line {line}", f"the key '{key}' is written twice in one mapping; the last is read")
                 for key, line in loader.doubled]  # fmt: skip
    if len(documents) > 1:
        raise ConfigurationError(f"{source}: holds {len(documents)} YAML documents; a spec is one")
    return documents[0] if documents else None


@dataclass
class Operation:
    """One verb on one path, with its parameters merged from the path item."""

    verb: str
    path: str
    spec: dict[str, Any]
    parameters: list[dict[str, Any]] = field(default_factory=list)
    servers: list[Any] = field(default_factory=list)  # its own, or its path's: another host of the API
    written: str = ""  # the path as the spec writes it, where the importer took the server's path off it

    @property
    def http(self) -> str:
        return f"{self.verb.upper()} {self.path}"

    @property
    def operation_id(self) -> str:
        return str(self.spec.get("operationId") or "")


def server_url(server: Any) -> str:
    """A server's URL as requests use it: no trailing slash; a scheme-relative one (Confluence's
    ``//your-domain.atlassian.net``) on HTTPS. "" for a server that is not an object."""
    url = str(server.get("url", "")).rstrip("/") if isinstance(server, dict) else ""
    return "https:" + url if url.startswith("//") else url


class Spec:
    """The document with ``deref`` for local references (``#/components/schemas/Contact``)."""

    def __init__(self, document: dict[str, Any], beside: Beside = no_files) -> None:
        self.document = document
        self.swagger2 = str(document.get("swagger", "")).startswith("2")
        self._beside = beside
        self._resolvers: dict[str, Resolver[Any]] = {}  # "" for the spec, else a file beside it

    def deref(self, node: Any) -> Any:
        """``node`` with any ``$ref`` chain followed; a target that is missing, in the spec or in a file beside
        it, or a file that is not beside the spec raises ``UnresolvedReference``."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if self.swagger2 and re.fullmatch(r"[A-Za-z_][\w.-]*", ref) and ref in self._definitions():
                ref = f"#/definitions/{ref}"  # a bare name (the OAI's Uber example: Profile), as Swagger tools read it
            node = self._lookup(ref) if ref.startswith("#") else self._lookup_beside(ref)
            hops += 1
            if hops > 50:
                raise ConfigurationError(f"reference {ref!r} loops")
        return node

    def _definitions(self) -> dict[str, Any]:
        found = self.document.get("definitions")
        return found if isinstance(found, dict) else {}

    def _lookup(self, ref: str, name: str = "") -> Any:
        """The node a JSON pointer names in the spec (or the file ``name``): through arrays
        (``allOf/0``), ``~1``/``~0`` and %-escapes."""
        resolver = self._resolvers.get(name)
        if resolver is None:
            # referencing (the jsonschema stack's, kept by the openapi-core the emulator uses) does the
            # RFC 6901 walking; the document is registered as one opaque resource, so no $id rebases it.
            resource: Resource[Any] = Resource.opaque(self.document)
            resolver = self._resolvers[""] = Registry().with_resource(_URI, resource).resolver(base_uri=_URI)
        try:
            return resolver.lookup(ref).contents
        except (Unresolvable, LookupError, TypeError, ValueError):
            # The operations using it are skipped with the reason, as for a missing file: one slip in a
            # large spec (Shopify's Admin REST names a schema it never defines) keeps the rest.
            if name:
                raise UnresolvedReference(f"reference {(name + ref)!r} points nowhere in {name}") from None
            raise UnresolvedReference(f"reference {ref!r} points nowhere") from None

    def _lookup_beside(self, ref: str) -> Any:
        """The node ``ref`` names in another file, found by its path from the spec's folder (``file_of``).

        Only in that folder: a URL is never fetched, only the file of its name beside the spec is read,
        and nothing above the folder (an import reads no network and no file the user did not put
        with the spec)."""
        name = file_of(ref)
        if name is None:
            raise UnresolvedReference(f"reference {ref!r} names a file above the spec's folder, which is not read")
        if name not in self._resolvers:
            document = self._beside(name) if name and name not in (".", "..") else None
            if document is None and name.startswith("../"):
                raise UnresolvedReference(f"reference {ref!r} names a file above the spec's folder, which is not read")
            if document is None:
                raise UnresolvedReference(f"reference {ref!r} names a file that is not beside the spec ({name or '?'})")
            # Its own local references mean its own nodes: written as references to it by name.
            resource: Resource[Any] = Resource.opaque(_rebased(document, name))
            self._resolvers[name] = Registry().with_resource(_URI, resource).resolver(base_uri=_URI)
        return self._lookup("#" + ref.partition("#")[2], name)

    def operations(self) -> tuple[list[Operation], list[tuple[str, str]]]:
        """Every operation in document order, and the ones no method can express, with the reason."""
        found: list[Operation] = []
        skipped: list[tuple[str, str]] = []
        try:
            # The Paths object itself may be a reference (Woosmap's `paths: {$ref: ./paths/_index.yml}`).
            paths = self.deref(self.document["paths"])
        except UnresolvedReference as exc:
            return [], [("* paths", exc.message)]
        for key, raw_item in paths.items() if isinstance(paths, dict) else ():
            path = str(key).strip()  # Matrix's "/events ": a space no request can end its path with
            try:
                item = self.deref(raw_item)
                shared = [self.deref(p) for p in item.get("parameters", []) or []] if isinstance(item, dict) else []
            except UnresolvedReference as exc:
                skipped.append((f"* {path}", exc.message))
                continue
            if not isinstance(item, dict):
                continue
            for verb, raw_operation in item.items():
                if verb in UNSUPPORTED_VERBS:
                    skipped.append((f"{verb.upper()} {path}", f"{verb.upper()} is not a verb methods can use"))
                    continue
                if verb not in VERBS or not isinstance(raw_operation, dict):
                    continue
                try:
                    raw_operation = self._operation(raw_operation)
                    if not isinstance(raw_operation, dict):
                        continue
                    own = [self.deref(p) for p in raw_operation.get("parameters", []) or []]
                except UnresolvedReference as exc:
                    skipped.append((f"{verb.upper()} {path}", exc.message))
                    continue
                if raw_operation.get("x-helper") is True:  # Algolia's replaceAllObjects, waitForTask: no endpoint
                    skipped.append((f"{verb.upper()} {path}", "an SDK helper (x-helper), not an operation of the API"))
                    continue
                merged = {(p.get("in"), p.get("name")): p for p in shared if isinstance(p, dict)}
                merged.update({(p.get("in"), p.get("name")): p for p in own if isinstance(p, dict)})
                servers = raw_operation.get("servers") or item.get("servers") or []
                found.append(Operation(verb, path, raw_operation, list(merged.values()), servers))
        return found, skipped

    def _operation(self, raw: dict[str, Any]) -> Any:
        """An operation, one in a file of its own followed (DigitalOcean's); keys written beside that
        reference (Woosmap's ``operationId``, ``summary``) kept over the file's own."""
        followed = self.deref(raw)
        if followed is raw or not isinstance(followed, dict):
            return followed
        beside = {key: value for key, value in raw.items() if key != "$ref"}
        return {**followed, **beside} if beside else followed

    def webhooks(self) -> list[str]:
        """OpenAPI 3.1's ``webhooks``: requests the vendor sends, as ``name (VERB)``."""
        raw = self.document.get("webhooks")
        items = raw.items() if isinstance(raw, dict) else []
        return [f"{name} ({verb.upper()})" for name, item in items if isinstance(item, dict)
                for verb in self.deref(item) if verb in VERBS]  # fmt: skip


def _rebased(node: Any, name: str, own: bool = False) -> Any:
    """``node`` of the file ``name`` with its references made the spec's: a local ``#/...`` one
    ``name#/...``, a relative one a path from the spec's folder (done once per file read). ``own``: the
    node is the spec's own document (``seen_from``), whose local references stay as they are."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        local = isinstance(ref, str) and ref.startswith("#")
        if isinstance(ref, str) and (not own if local else not urlsplit(ref).scheme):
            target = name if local else file_of(ref, name)
            fragment = ref.partition("#")[2]
            rebased = ref if target is None else f"{target}#{fragment}"  # one above the folder stays refused
            return {**{k: _rebased(v, name, own) for k, v in node.items() if k != "$ref"}, "$ref": rebased}
        return {k: _rebased(v, name, own) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebased(v, name, own) for v in node]
    return node


def seen_from(document: dict[str, Any], at: str) -> dict[str, Any]:
    """The spec's references to other files written as paths from a folder above its own, ``at`` being the
    spec's path from there (the CLI's ``--root``: OpenSearch's namespace files name ``../schemas/``); its
    own ``#/...`` references stay its own."""
    seen: dict[str, Any] = _rebased(document, at, own=True)
    return seen


def under_base_url(operations: list[Operation], base_url: str | None) -> list[Operation]:
    """Operations whose path starts with the tail of the overlay's base URL, up to its last path
    parameter, with that tail taken off.

    BambooHR's paths all start with ``/{companyDomain}`` (its server ends in ``gateway.php``);
    QuickBooks' with ``/v3/company/{realm-id}`` (its server is the bare host). The overlay's base
    URL ``.../gateway.php/{companyDomain}`` or ``.../v3/company/{realm_id}`` makes the parameter a
    connection property, set once, not an input of every method; the spec's parameter matches the
    placeholder by name, case and punctuation aside (``realm-id`` is ``{realm_id}``, which a
    placeholder can spell). Overlay ``methods`` keys name the path as imported, without that tail.
    """
    last = re.fullmatch(r"(?:[A-Za-z][A-Za-z0-9+.-]*://[^/]*)?(.*)/\{([^{}/]+)\}", base_url or "")
    if last is None:
        return operations
    segments = [s for s in last.group(1).split("/") if s]
    wanted = plain(last.group(2))
    out = []
    for operation in operations:
        parts = operation.path.split("/")[1:]
        for start in range(len(segments) + 1):  # the longest tail first
            lead = segments[start:]
            n = len(lead)
            param = parts[n] if len(parts) > n else ""
            if parts[:n] == lead and re.fullmatch(r"\{[^{}/]+\}", param) and plain(param[1:-1]) == wanted:
                kept = [p for p in operation.parameters if not _names(p, param[1:-1])]
                operation = replace(operation, path="/" + "/".join(parts[n + 1 :]), parameters=kept)
                break
        out.append(operation)
    return out


def under_server_path(operations: list[Operation], base_url: str) -> tuple[list[Operation], list[tuple[str, str]]]:
    """Operations whose path already starts with the base URL's path (Netlify's ``/api/v1/sites/{site_id}/env``
    under basePath ``/api/v1``) with it taken off, so the URL does not name it twice; each one a note.

    One that would then be another operation's verb and path is left as written, with a note: two methods
    cannot share one."""
    prefix = urlsplit(base_url).path.rstrip("/")
    if not prefix or "{" in prefix:  # a placeholder in the path: nothing a path can be compared with
        return operations, []
    taken = {operation.http for operation in operations}
    out: list[Operation] = []
    notes: list[tuple[str, str]] = []
    for operation in operations:
        if operation.path.startswith(prefix + "/"):
            moved = replace(operation, path=operation.path[len(prefix) :], written=operation.path)
            if moved.http in taken:
                notes.append((operation.http, f"its path starts with the server's path {prefix}, but without it "
                              f"is {moved.http}, another operation: left as written"))  # fmt: skip
            else:
                notes.append((moved.http, f"its path ({operation.path}) already starts with the server's path "
                              f"{prefix}: taken off, so the URL does not name it twice"))  # fmt: skip
                operation = moved
        out.append(operation)
    return out, notes


def plain(name: str) -> str:
    """A name as the importer compares names: lower case, letters and digits only (``realm-id``: ``realmid``,
    ``page[size]``: ``pagesize``)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _names(parameter: Any, name: str) -> bool:
    return isinstance(parameter, dict) and parameter.get("in") == "path" and parameter.get("name") == name
