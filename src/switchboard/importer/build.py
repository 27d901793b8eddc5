"""A spec and an overlay in, a connector definition and a report of what was not mapped out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from switchboard.catalog.models import ApiKeyAuth, ConnectorDef, MethodPagination, PaginationDef
from switchboard.errors import ConfigurationError
from switchboard.importer import paging
from switchboard.importer.assemble import Report, connector_of
from switchboard.importer.limits import ImportLimits
from switchboard.importer.operations import Mapped, map_operation
from switchboard.importer.overlay import MethodOverlay, Overlay, SyncOverlay
from switchboard.importer.records import nested_notes, records_of
from switchboard.importer.security import base_url_from
from switchboard.importer.spec import Beside, Spec, UnresolvedReference, no_files, under_base_url, under_server_path


@dataclass
class ImportResult:
    definition: ConnectorDef
    text: str
    report: Report


# Told (operations done, operations in all) as the import goes: the CLI's progress bar.
Progress = Callable[[int, int], None]

# What a spec with a value of the wrong type in some place raises from the mapping code.
_MALFORMED = (TypeError, AttributeError, KeyError, IndexError, ValueError, RecursionError)


def import_connector(
    document: dict[str, Any],
    key: str,
    overlay: Overlay | None = None,
    source: str = "",
    limits: ImportLimits | None = None,
    progress: Progress | None = None,
    beside: Beside = no_files,
) -> ImportResult:
    """The connector for ``document`` (a parsed OpenAPI 2/3 spec) under ``key``, as YAML text.

    ``beside`` gives the documents that references to other files name (by file name). A spec the
    importer cannot use ends in a ``ConfigurationError`` saying why, within ``limits``.
    """
    limits = limits or ImportLimits()
    where = source or "spec"
    limits.check_document(document, where)
    try:
        return _import(document, key, overlay or Overlay(), source, limits, progress or _silent, beside)
    except _MALFORMED as exc:
        raise ConfigurationError(f"{where}: the spec is malformed: {malformed(exc)}") from None
    except ConfigurationError as exc:  # a reference that points nowhere, ...: say in which file
        if exc.message.startswith(f"{where}: "):
            raise
        raise ConfigurationError(f"{where}: {exc.message}") from None


def malformed(exc: BaseException) -> str:
    """A mapping error as a reader of the spec can take it (the Python type names stay: they say what was found)."""
    if isinstance(exc, RecursionError):
        return "its schemas or references nest too deeply to follow"
    return f"a value of the wrong type or shape somewhere ({type(exc).__name__}: {str(exc)[:200]})"


def _silent(done: int, total: int) -> None:
    """No progress to show."""


def _import(
    document: dict[str, Any],
    key: str,
    overlay: Overlay,
    source: str,
    limits: ImportLimits,
    progress: Progress,
    beside: Beside,
) -> ImportResult:
    deadline = limits.deadline(source or "spec")
    spec = Spec(document, beside)
    report = Report()
    operations, unsupported = spec.operations()
    operations = under_base_url(operations, overlay.base_url)
    operations, doubled = under_server_path(operations, overlay.base_url or base_url_from(spec, [], None)[0])
    report.notes.extend(doubled)
    limits.check_operations(len(operations), source or "spec")
    report.operations = len(operations) + len(unsupported)
    report.skipped.extend(unsupported)
    for webhook in spec.webhooks():
        report.notes.append((f"webhook {webhook}", "the vendor sends it; a webhook is no method to call"))
    drop = {h.lower() for h in [*overlay.headers, *overlay.query]} | {d.lower() for d in overlay.drop_parameters}
    query_style = overlay.query_style or ("comma" if spec.swagger2 else "repeat")
    carried = _body_credentials(overlay)
    used: set[str] = set()
    methods: list[dict[str, Any]] = []
    mapped_of: list[tuple[dict[str, Any], Mapped | None, MethodOverlay | None]] = []
    uid_of: dict[str, str] = {}  # operationId and "VERB /path" -> the method's unique_id, for syncs
    for done, operation in enumerate(operations):
        deadline.check(operation.http)
        progress(done, len(operations))
        names = [n for n in (operation.operation_id, operation.http) if n in overlay.methods]
        used.update(names)
        change = overlay.methods[names[0]] if names else None
        if change is not None and change.hide:
            report.skipped.append((operation.http, change.reason or "hidden by the overlay"))
            continue
        if change is not None and change.definition is not None:
            curated = change.definition.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            methods.append(curated)
            uid_of.update(dict.fromkeys(filter(None, (operation.operation_id, operation.http)), curated["unique_id"]))
            mapped_of.append((curated, None, change))
            report.mapped.append(operation.http)
            continue
        try:
            mapped = map_operation(spec, key, operation, drop, query_style, change.content_type if change else None)
        except _MALFORMED as exc:  # one bad operation is skipped with the reason, not the whole spec
            report.skipped.append((operation.http, f"the operation is malformed: {malformed(exc)}"))
            continue
        except UnresolvedReference as exc:  # so is one whose reference names a file not beside the spec
            report.skipped.append((operation.http, exc.message))
            continue
        mapped.skip = mapped.skip or limits.too_many_inputs(mapped.method)
        if mapped.skip:
            report.skipped.append((operation.http, mapped.skip))
            continue
        report.notes.extend((operation.http, note) for note in mapped.notes)
        method = _without_credentials(mapped.method, carried)
        if change is not None:
            for name in ("name", "category", "description", "body_format", "content_type", "base_url"):
                if getattr(change, name) is not None:
                    method[name] = getattr(change, name)
            if change.headers:
                method["parameters"] = _with_headers(method.get("parameters") or [], change.headers)
            if change.unique_id is not None:
                method["unique_id"] = str(change.unique_id)
            if change.output is not None:
                method["output"] = change.output.model_dump(mode="json", exclude_defaults=True)
        methods.append(method)
        uid_of.update(dict.fromkeys(filter(None, (operation.operation_id, operation.http)), str(method["unique_id"])))
        mapped_of.append((method, mapped, change))
        report.mapped.append(operation.http)
    unknown = sorted(set(overlay.methods) - used)
    if unknown:
        raise ConfigurationError(f"{source or 'overlay'}: methods names operations the spec does not have: {unknown}")
    progress(len(operations), len(operations))
    _unique_names(methods)
    pagination = _paginate(spec, overlay, mapped_of, report)
    lists = [(m["http"], mapped.response, m.get("pagination")) for m, mapped, _ in mapped_of if mapped is not None]
    report.notes.extend(nested_notes(spec, lists, (pagination or {}).get("records")))
    methods.extend(m.model_dump(mode="json", by_alias=True, exclude_defaults=True) for m in overlay.extra_methods)
    syncs = [_sync(s, uid_of, source) for s in overlay.syncs]
    generated = [method for method, mapped, _ in mapped_of if mapped is not None]
    definition = connector_of(spec, key, overlay, query_style, pagination, methods, generated, report, source, syncs)
    header = (
        f"# Generated by `switchboard connectors import {source or 'SPEC'} --key {key}`: edit overlay.yaml and\n"
        "# import again rather than editing this file.\n"
    )
    body = definition.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    body = {"key": body.pop("key"), **body}
    text = header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)
    return ImportResult(definition, text, report)


def _with_headers(parameters: list[dict[str, Any]], headers: dict[str, str]) -> list[dict[str, Any]]:
    names = {name.lower() for name in headers}
    kept = [p for p in parameters if p.get("in") != "header" or str(p.get("target", "")).lower() not in names]
    return kept + [{"target": name, "name": name, "in": "header", "default": value} for name, value in headers.items()]


def _body_credentials(overlay: Overlay) -> set[str]:
    """Body members an API key auth fills (Vonage SMS's api_key and api_secret): no method asks for them."""
    names: set[str] = set()
    for auth in overlay.auth or []:
        if isinstance(auth, ApiKeyAuth) and auth.in_ == "body":
            names.update(filter(None, (auth.name, auth.secret_name)))
    return names


def _without_credentials(method: dict[str, Any], carried: set[str]) -> dict[str, Any]:
    if carried and method.get("fields"):
        method["fields"] = [f for f in method["fields"] if f.get("location") not in carried]
    return method


def _unique_names(methods: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for method in methods:
        name = method["name"]
        if name in seen:
            name = f"{name} ({method['http']})"
        count = 2
        while name in seen:
            name, count = f"{method['name']} {count}", count + 1
        method["name"] = name
        seen.add(name)


def _paginate(
    spec: Spec,
    overlay: Overlay,
    mapped_of: list[tuple[dict[str, Any], Mapped | None, MethodOverlay | None]],
    report: Report,
) -> dict[str, Any] | None:
    found_of: dict[str, dict[str, Any]] = {}  # method http -> its detected strategy
    for method, mapped, _ in mapped_of:
        if mapped is not None and method["http"].startswith("GET "):
            try:
                found = paging.detect(spec, mapped.list_params, mapped.response, mapped.link_header)
            except UnresolvedReference:  # noted below, where the method is left unpaged
                found = None
            if found is not None:
                found_of[method["http"]] = found
    chosen: dict[str, Any] | None
    if overlay.pagination is not None:
        chosen = overlay.pagination.model_dump(mode="json", exclude_defaults=True)
        chosen["type"] = overlay.pagination.type
    else:
        chosen = paging.choose(list(found_of.values()))
    written_of = {m["http"]: w for m, _, c in mapped_of if c is not None and (w := _own(c.pagination))}
    if chosen is None and not written_of:
        return None
    connector = chosen or {}
    for method, mapped, change in mapped_of:
        override = change.pagination if change is not None and isinstance(change.pagination, MethodPagination) else None
        written = written_of.get(method["http"])  # the overlay's strategy of this method's own
        # A list whose cursor goes in its body (Notion's POST lists) pages because the overlay says so.
        in_body = (override is not None and override.cursor_in == "body") or (written or {}).get("cursor_in") == "body"
        forced = (change is not None and change.paged is True) or in_body or written is not None
        if mapped is None or not (in_body or method["http"].startswith("GET ")) or (change and change.paged is False):
            continue
        if not (connector or written):
            continue  # the connector does not page: only a method with a strategy of its own does
        found = found_of.get(method["http"]) if overlay.pagination is None and not forced else None
        # Detected unlike the connector's strategy (Datadog's offsets beside its page numbers): its own.
        own = written is not None or (found is not None and paging.signature(found) != paging.signature(connector))
        strategy = written or (found if found is not None and own else connector)
        param = paging.page_param(strategy, detected=overlay.pagination is None)
        if param not in mapped.list_params and not forced:
            continue
        path = method["http"].partition(" ")[2]
        try:
            records = (
                override.records
                if override and override.records
                else (written or {}).get("records") or records_of(spec, mapped.response, path, strategy.get("records"))
            )
        except UnresolvedReference as exc:  # Matrix's answers name event schemas above the spec's folder
            report.notes.append((method["http"], f"its answer cannot be read ({exc.message}); not paged"))
            continue
        if records is None:
            # No array in the answer: the connector's records key would be a guess that fails on page 1.
            report.notes.append((method["http"], "no list of records in the answer; not paged"))
            continue
        if overlay.pagination is None and not forced and found is None:
            kind = _AS.get(strategy["type"], strategy["type"])
            report.notes.append(
                (method["http"], f"takes the page parameter {param}, but its answer does not page as {kind}; not paged")
            )
            continue
        entry: dict[str, Any] = dict(strategy) if own else {}
        if own or records != connector.get("records"):
            entry["records"] = records
        size = paging.page_size(paging.sizing(strategy), override.size if override else None, mapped.maxima)
        if size is not None:
            entry["size"] = size
        if override is not None and override.cursor_in is not None:
            entry["cursor_in"] = override.cursor_in
        method["pagination"] = entry
        for parameter in method.get("parameters", []):
            # A default on the page parameter (Jira's startAt: 0) would be sent and read as "one page only".
            if parameter["target"] == param and parameter["in"] == "query":
                parameter.pop("default", None)
    return chosen


# How a connector's strategy reads in the report ("does not page as a cursor ... says").
_AS = {
    "cursor": "the connector's cursor lists do (no pointer to send back)",
    "cursor_link": "the connector's linked lists do (no next link)",
    "link_header": "the connector's lists do (no Link header)",
    "offset": "the connector's offset lists do",
    "page_number": "the connector's numbered lists do",
}


def _own(pagination: PaginationDef | MethodPagination | None) -> dict[str, Any] | None:
    """An overlay's strategy of a method's own (given with its ``type``), as the definition writes it."""
    if pagination is None or isinstance(pagination, MethodPagination):
        return None
    return pagination.model_dump(mode="json", exclude_defaults=True) | {"type": pagination.type}


def _sync(sync: SyncOverlay, uid_of: dict[str, str], source: str) -> dict[str, Any]:
    """A default sync with its operation named by the method's unique id."""
    uid = uid_of.get(sync.method)
    if uid is None:
        raise ConfigurationError(
            f"{source or 'overlay'}: sync {sync.name!r} names no imported operation {sync.method!r}"
        )
    return sync.model_dump(mode="json", exclude_defaults=True) | {"method": uid}
