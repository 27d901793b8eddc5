"""Where a list answer's records are: an array at its top level, or one level down under an object member."""

from __future__ import annotations

from typing import Any

from switchboard.importer.schemas import alternatives, merged, type_of
from switchboard.importer.spec import Spec, UnresolvedReference

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
    response = answer(spec, response)
    if type_of(merged(spec, response)) == "array":
        return ""
    members = [(str(name), merged(spec, raw)) for name, raw in (response.get("properties") or {}).items()]
    # Arrays that may be null (3.1's [array, "null"]) count only where no other is (Discord's message search
    # answers messages beside nullable threads and members).
    arrays = [name for name, schema in members if schema.get("type") == "array" and "." not in name] or [
        name for name, schema in members if type_of(schema) == "array" and "." not in name
    ]
    last = path.rstrip("/").rsplit("/", 1)[-1].lower()
    data = [name for name in arrays if name not in _LINK_ARRAYS]
    data = [name for name in data if name.lower() not in _REPORT_ARRAYS] or data
    fallback = preferred if preferred in arrays else (data[0] if data else None)
    found = next((name for name in arrays if name.lower() == last), fallback)
    return found if found is not None else _one_level_down(spec, members, last, preferred)


def _one_level_down(
    spec: Spec, members: list[tuple[str, dict[str, Any]]], last: str, preferred: str | None
) -> str | None:
    """Records under an object member of an answer with no array of its own (Figma's ``{meta: {components: [...]}}``),
    as ``member.array``: the connector's records key, else the one named as the path's last segment, else the
    only array of objects there. Several with none of these: no records (a guess fails on page 1). A member
    that is a record (it has an ``id``) holds none."""
    found: list[tuple[str, str]] = []
    for name, schema in members:
        # A member with an id is one record, its arrays its own fields (Sentry's replay: ``data.clicks``).
        if (
            "." in name
            or not schema.get("properties")
            or {"id", "uuid"} & {str(k).lower() for k in schema["properties"]}
        ):
            continue
        for inner, raw in schema["properties"].items():
            child = merged(spec, raw)
            inner = str(inner)
            if type_of(child) != "array" or "." in inner or inner in _LINK_ARRAYS or inner.lower() in _REPORT_ARRAYS:
                continue
            items = merged(spec, child.get("items") or {})
            # Records are objects: a list of ids or names beside an object's fields is none.
            if type_of(items) == "object" or any(items.get(k) for k in ("properties", "oneOf", "anyOf")):
                found.append((f"{name}.{inner}", inner.lower()))
    paths = [path for path, _ in found]
    named = [path for path, inner in found if inner == last]
    return preferred if preferred in paths else (named[0] if named else (paths[0] if len(paths) == 1 else None))


def answer(spec: Spec, response: dict[str, Any]) -> dict[str, Any]:
    """An answer that is a choice of shapes (Zoho's ``oneOf: [Response_Wrapper, API_Exception]``) with
    its alternatives' properties together: the records are in the success branch."""
    if response.get("properties") or not (response.get("oneOf") or response.get("anyOf")):
        return response
    return alternatives(spec, response)


def nested_notes(
    spec: Spec, lists: list[tuple[str, dict[str, Any], dict[str, Any] | None]], connector: str | None
) -> list[tuple[str, str]]:
    """The report's word on each GET (``http``, its answer, its pagination) whose records are one level down:
    where, and that it pages there; an unpaged one only where its path names that array (a list, not one
    record holding a list). ``connector``: the connector's records key."""
    notes: list[tuple[str, str]] = []
    for http, response, pagination in lists:
        verb, _, path = http.partition(" ")
        try:
            found = records_of(spec, response, path, connector) if verb == "GET" else None
        except UnresolvedReference:  # noted where the method is left unpaged
            continue
        if not found or "." not in found:
            continue
        where = f"its records are at {found}, one level down in its answer"
        if pagination is not None and (pagination.get("records") or connector) == found:
            notes.append((http, f"{where}: paged there"))
        elif pagination is None and found.rsplit(".", 1)[1].lower() == path.rstrip("/").rsplit("/", 1)[-1].lower():
            notes.append((http, f"{where}; not paged"))
    return notes
