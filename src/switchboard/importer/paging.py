"""Pagination read from recognisable parameters and response shapes, written out for review."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import TypeAdapter

from switchboard.catalog.models import PaginationDef
from switchboard.importer.schemas import alternatives, merged
from switchboard.importer.spec import Spec

_PAGINATION: TypeAdapter[PaginationDef] = TypeAdapter(PaginationDef)
_CURSOR_PARAMS = ("after", "cursor", "starting_after", "marker", "page_token", "pageToken", "offset")
_NEXT_KEYS = {"after", "next_cursor", "starting_after", "next_marker", "nextPageToken", "next_page_token", "offset"}
_OFFSET_PARAMS = ("start", "startAt", "offset", "skip")
_SIZE_PARAMS = ("limit", "per_page", "maxResults", "page_size", "pageSize", "count")
# Hypermedia links beside the records (Mailchimp's every list starts with `_links`): never the records.
_LINK_ARRAYS = {"_links", "links"}
# What an answer reports about itself beside the records (Cloudflare's `{errors, messages, result}`): the
# records only when nothing else is an array.
_REPORT_ARRAYS = {"errors", "messages", "warnings"}


def records_of(spec: Spec, response: dict[str, Any], path: str = "", preferred: str | None = None) -> str | None:
    """Where a list answer's records are: the top-level array named as the path's last segment
    (Xero's ``GET /Invoices`` answers ``{Warnings: [...], Invoices: [...]}``), else the connector's
    records key when the answer has it (Box's ``{order: [...], entries: [...]}``), else the first array
    that is not hypermedia links nor the answer's own errors, messages or warnings; ``""`` when the answer is
    the array itself (the Petstore's ``GET /pets``)."""
    response = _answer(spec, response)
    if merged(spec, response).get("type") == "array":
        return ""
    arrays = [
        str(name)
        for name, raw in (response.get("properties") or {}).items()
        if merged(spec, raw).get("type") == "array" and "." not in name
    ]
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    data = [name for name in arrays if name not in _LINK_ARRAYS]
    data = [name for name in data if name.lower() not in _REPORT_ARRAYS] or data
    fallback = preferred if preferred in arrays else (data[0] if data else None)
    return next((name for name in arrays if name.lower() == last), fallback)


def _answer(spec: Spec, response: dict[str, Any]) -> dict[str, Any]:
    """An answer that is a choice of shapes (Zoho's ``oneOf: [Response_Wrapper, API_Exception]``) with
    its alternatives' properties together: the records are in the success branch."""
    if response.get("properties") or not (response.get("oneOf") or response.get("anyOf")):
        return response
    return alternatives(spec, response)


def _paths(spec: Spec, schema: dict[str, Any], prefix: str = "", depth: int = 0) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for name, raw in (schema.get("properties") or {}).items():
        child = merged(spec, raw)
        out.append((prefix + name, child))
        if depth < 3 and child.get("properties"):
            out.extend(_paths(spec, child, prefix + name + ".", depth + 1))
    return out


def detect(spec: Spec, params: set[str], response: dict[str, Any]) -> dict[str, Any] | None:
    """A pagination definition for one list operation, or None when it does not look paged."""
    records = records_of(spec, response)
    if records is None:
        return None
    found = _paths(spec, _answer(spec, response))
    size = next((p for p in _SIZE_PARAMS if p in params), None)
    for param in _CURSOR_PARAMS:
        if param not in params:
            continue
        nexts = [
            path
            for path, _ in found
            if path.split(".")[-1] in _NEXT_KEYS and ("next" in path or path.startswith("next"))
        ]
        if nexts:
            out: dict[str, Any] = {"type": "cursor", "cursor_param": param, "records": records, "next": nexts[0]}
            if size:
                out["size_param"] = size
            return out
    offset = next((p for p in _OFFSET_PARAMS if p in params), None)
    if offset and size:
        out = {"type": "offset", "offset_param": offset, "size_param": size, "records": records}
        keys = {path.split(".")[-1]: path for path, _ in found}
        if "next_start" in keys:
            out["next"] = keys["next_start"]
        if "more_items_in_collection" in keys:
            out["more"] = keys["more_items_in_collection"]
        if "total" in keys:
            out["total"] = keys["total"]
        return out
    if "page" in params:
        out = {"type": "page_number", "page_param": "page", "records": records}
        if size:
            out["size_param"] = size
        nexts = [path for path, schema in found if path.split(".")[-1] in {"next_page", "nextPage"}]
        if nexts:
            out["next"] = nexts[0]
        return out
    return None


def signature(definition: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree for two methods to share the connector's strategy (all but the records key)."""
    return tuple(sorted((k, str(v)) for k, v in definition.items() if k != "records"))


def choose(found: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The connector's strategy: the most common one among the list operations (first on ties)."""
    if not found:
        return None
    counts = Counter(signature(f) for f in found)
    best = max(counts.values())
    return next(f for f in found if counts[signature(f)] == best)


def sizing(definition: dict[str, Any]) -> tuple[str | None, int | None]:
    """The connector's page size parameter and size, its model's defaults filled in."""
    model = _PAGINATION.validate_python(definition)
    return getattr(model, "size_param", None), getattr(model, "size", None)


def page_size(sized: tuple[str | None, int | None], override: int | None, maxima: dict[str, int]) -> int | None:
    """A method's page size when it must differ from the connector's (``sized``, from ``sizing``):
    the overlay's, else the spec's maximum for the size parameter when the connector's size is above it."""
    if override is not None:
        return override
    size_param, size = sized
    maximum = maxima.get(size_param) if size_param else None
    return maximum if maximum is not None and (size is None or size > maximum) else None


def page_param(definition: dict[str, Any]) -> str:
    """The query parameter that selects a page: a method without it is not paged."""
    kind = definition["type"]
    if kind == "page_number":
        return str(definition.get("page_param", "page"))
    if kind == "offset":
        return str(definition.get("offset_param", "offset"))
    return str(definition.get("cursor_param", "cursor"))
