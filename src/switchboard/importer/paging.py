"""Pagination read from recognisable parameters and response shapes, written out for review."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import TypeAdapter

from switchboard.catalog.models import PaginationDef
from switchboard.importer.records import answer, records_of
from switchboard.importer.schemas import merged, type_of
from switchboard.importer.spec import Spec, plain

_PAGINATION: TypeAdapter[PaginationDef] = TypeAdapter(PaginationDef)
# Names are compared lower case without punctuation: page_size, pageSize, PageSize and page[size] are one.
_OFFSET_PARAMS = ("start", "startat", "offset", "skip", "startposition", "recordindex", "pageoffset")
_SIZE_PARAMS = ("limit", "perpage", "maxresults", "pagesize", "pagelimit", "top", "count", "maxresultsperpage", "first")
_PAGE_PARAMS = ("page", "pagenumber", "pageno", "pageindex")
# A query parameter holding an opaque position (Zoom's next_page_token, Canva's continuation, X's
# pagination_token), unless its name says it is a credential or looks backwards.
_CURSOR_WORDS = re.compile(r"cursor|token|after|marker|continuation|bookmark")
_NOT_CURSOR_WORDS = re.compile(r"access|auth|api|before|prev|sync|session")
# A parameter named for where the page starts (ChartHop's ``from``: "App id to start from"): a cursor only
# when the answer holds a ``next`` to send back in it, and no date.
_FROM_PARAMS = {"from", "fromid", "sinceid", "startingid"}
# The names a cursor parameter most often has: ahead of one that only contains a cursor word (Snyk's
# ``starting_after`` before its ``cli_monitored_after`` filter).
_CURSOR_NAMES = ("cursor", "startingafter", "after", "pagetoken", "pagecursor", "continuation", "marker", "token")
# Where an answer keeps its pointers: a field under one of these (Twitch's pagination.cursor), or named
# with "next" (Slack's response_metadata.next_cursor) or "after cursor" (Zendesk's after_cursor, Sunshine's
# afterCursor).
_POINTER_HOLDERS = re.compile(r"next|pagination|paging|pageinfo|aftercursor")
# A link to the next page in the answer: OData's @odata.nextLink, Twilio's next_page_uri, Confluence's _links.next.
_NEXT_LINKS = {"next", "nextlink", "nexturl", "nexturi", "nextpageurl", "nextpageuri", "nextpagelink"}
_SAYS_CURSOR = re.compile(r"cursor|token", re.IGNORECASE)
_LINK_SAID = re.compile(r"\blink\b\W{0,3}\s*(response\s+)?header", re.IGNORECASE)
_MORE_FLAGS = {"hasmore", "moreitems", "moreitemsincollection"}
# A flag that reads true on the last page, whatever pointer the page still has (Zendesk's exports give their
# next cursor or URL on every page, for the next run: end_of_stream says when to stop; Jira's isLast).
_END_FLAGS = {"endofstream", "islast", "islastpage", "lastpage", "last"}
# An offset list's flag: only Pipedrive's explicit one (a has_more absent from a sibling list's answer
# would end that list at its first page, and the offsets end the list without it).
_OFFSET_MORE = {"moreitemsincollection"}
_ZERO = re.compile(r"\b(0|zero)[- ]?(indexed|based)\b|\bstart(s|ing)? (at|from) (0|zero)\b", re.IGNORECASE)
_TOTALS = {"total", "totalcount", "totalitems", "totalresults", "totalrecords"}
_TOTAL_PAGES = {"totalpages", "pagecount", "numpages"}


def _paths(spec: Spec, schema: dict[str, Any], prefix: str = "", depth: int = 0) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for name, raw in (schema.get("properties") or {}).items():
        child = merged(spec, raw)
        out.append((prefix + name, child))
        if depth < 3 and child.get("properties"):
            out.extend(_paths(spec, child, prefix + name + ".", depth + 1))
    return out


def _key(path: str) -> str:
    return plain(path.rsplit(".", 1)[-1])


def detect(
    spec: Spec, params: dict[str, dict[str, Any]], response: dict[str, Any], link_header: bool = False
) -> dict[str, Any] | None:
    """A pagination definition for one list operation (its query parameters by target, its answer's
    schema, whether the answer declares a ``Link`` header), or None when it does not look paged."""
    records = records_of(spec, response)
    if records is None:
        return None
    found = [(path, schema) for path, schema in _paths(spec, answer(spec, response)) if path != records]
    # An object (a deepObject's whole) is never the page parameter: its members are (``page[number]``).
    params = {name: p for name, p in params.items() if p.get("type") != "object"}
    named = {plain(name): name for name in params}
    size = next((named[p] for p in _SIZE_PARAMS if p in named and params[named[p]].get("type") != "boolean"), None)
    # A cursor is one value: a list (Klaviyo's sparse fieldset fields[push-token]), a flag or a date is none.
    cursors = [
        name
        for name, p in params.items()
        if (_CURSOR_WORDS.search(plain(name)) or plain(name) in _FROM_PARAMS)
        and not _NOT_CURSOR_WORDS.search(plain(name))
        and p.get("type") not in ("array", "boolean", "date", "datetime")
    ]
    cursors.sort(
        key=lambda name: _CURSOR_NAMES.index(plain(name)) if plain(name) in _CURSOR_NAMES else len(_CURSOR_NAMES)
    )
    starts = [name for name in cursors if plain(name) in _FROM_PARAMS]  # cursors only beside a next value
    cursors = [name for name in cursors if name not in starts]
    # A start beside an end is a range filter, never an offset (Ably's history: ?start=&end=now, time bounds).
    offset = next((named[p] for p in _OFFSET_PARAMS if p in named and not (p == "start" and "end" in named)), None)
    page = next((named[p] for p in _PAGE_PARAMS if p in named), None)
    # Numbered pages or offsets with a count come first: the pages after the first are known ahead.
    out = _numbered(found, params, page, offset, size, records, counted=True)
    # A page parameter that is a string may be an opaque cursor the answer's ``next_page`` holds (OpenAI's usage lists).
    opaque = [page] if page and params[page].get("type") == "string" else []
    out = out or _cursor(spec, cursors + ([offset] if offset else []) + opaque, found, response, records)
    out = out or _started_from(starts, found, records)
    # A Link header the answer does not declare, but the cursor's description names (Okta's ``after``: "obtained
    # from the `Link` response header").
    link_header = link_header or any(_LINK_SAID.search(str(params[c].get("description", ""))) for c in cursors)
    # The parameter naming one page, so a call that sets it gets that page alone.
    naming = next(iter([*cursors, *(p for p in (page, offset) if p)]), None)
    if out is None and link_header and (naming or size):
        # With no parameter naming a page (Ably's history), the lists are the operations that take the page size.
        out = {"type": "link_header", "records": records} | ({"cursor_param": naming} if naming else {})
    if out is None and (link := _next_link(found)) and (cursors or offset or size):
        out = {"type": "cursor_link", "records": records, "next": link}
        if cursors or offset:
            out["cursor_param"] = cursors[0] if cursors else offset
    out = out or _numbered(found, params, page, offset, size, records, counted=False)
    end = next((path for path, schema in found if _key(path) in _END_FLAGS and type_of(schema) == "boolean"), None)
    if out is not None and end is not None:
        out["end"] = end
    if out is not None and size and out["type"] != "offset":
        out["size_param"] = size
    if out is not None and out.get("page_param") == "page":
        del out["page_param"]  # the model's default, as every earlier import wrote it
    return out


def _numbered(
    found: list[tuple[str, dict[str, Any]]],
    params: dict[str, dict[str, Any]],
    page: str | None,
    offset: str | None,
    size: str | None,
    records: str,
    counted: bool,
) -> dict[str, Any] | None:
    """Offsets (with a page size) or page numbers; with ``counted``, only where the answer gives the
    total and the page parameter is a number (Stripe's search ``page`` is an opaque string)."""
    out: dict[str, Any] | None = None
    if offset and size:
        out = {"type": "offset", "offset_param": offset, "size_param": size, "records": records}
        out |= _pointers(found, next_keys={"nextstart", "nextoffset"}, more=True, total=True)
    elif page:
        out = {"type": "page_number", "page_param": page, "records": records}
        out |= _pointers(found, next_keys={"nextpage"}, more=False, total=True, total_pages=True)
        if _from_zero(params[page]):
            out["first_page"] = 0
    if out is None or not counted:
        return out
    number = params[str(out.get("offset_param") or out.get("page_param"))].get("type") in ("integer", "number")
    return out if number and ("total" in out or "total_pages" in out) else None


def _from_zero(param: dict[str, Any]) -> bool:
    """Whether numbered pages count from 0, as the page parameter's default, minimum or description says
    (Datadog's page[number]: ``default: 0``, or "Page number for pagination (0-indexed)")."""
    return param.get("default") == 0 or param.get("minimum") == 0 or bool(_ZERO.search(str(param.get("description"))))


def _cursor(
    spec: Spec, candidates: list[str], found: list[tuple[str, dict[str, Any]]], response: dict[str, Any], records: str
) -> dict[str, Any] | None:
    """An opaque cursor strategy: the first parameter with a pointer to send back in it, found where the
    answer keeps its pointers (X's meta.next_token for pagination_token), under the parameter's own name
    (Canva's continuation, Zoom's next_page_token), or as the last record's id beside a has-more flag (Stripe)."""
    scalars = [(path, schema) for path, schema in found if type_of(schema) not in ("object", "array", "boolean")]
    for param in candidates:
        own = plain(param)
        offset = own in _OFFSET_PARAMS
        held = [
            path
            for path, schema in scalars
            if (
                (_CURSOR_WORDS.search(_key(path)) and not offset and _POINTER_HOLDERS.search(plain(path)))
                or (_key(path) in (f"next{own}", own) and "next" in plain(path))
                # A ``next`` under a holder named for cursors (7shifts' meta.cursor.next), if no link.
                or (_key(path) == "next" and not offset and _CURSOR_WORDS.search(_parent(path)) and not _link(schema))
                # A top-level ``next`` its description calls a cursor (OpenAI's project groups), if no link.
                or (
                    path == "next"
                    and not offset
                    and _SAYS_CURSOR.search(str(schema.get("description")))
                    and not _link(schema)
                )
            )
            and not re.search(r"prev|before|^start", _key(path))
        ]
        # The one named after the parameter first (Google's nextPageToken for pageToken, not a nextSyncToken).
        held.sort(key=lambda path: (not _key(path).endswith(own), path.count(".")))
        if not held and not offset:
            held = [path for path, _ in scalars if _key(path) == own]
        if held:
            return {"type": "cursor", "cursor_param": param, "records": records, "next": held[0]}
        more = [path for path, schema in found if _key(path) in _MORE_FLAGS and type_of(schema) == "boolean"]
        if own in ("startingafter", "after") and more and "id" in _record_properties(spec, response, records):
            return {"type": "cursor", "cursor_param": param, "records": records, "last": "id", "more": more[0]}
    return None


def _started_from(starts: list[str], found: list[tuple[str, dict[str, Any]]], records: str) -> dict[str, Any] | None:
    """A list whose page starts at a value the answer's top-level ``next`` holds (ChartHop's ``from``, "App id to
    start from", and ``next``), where that ``next`` says nothing of being a link."""
    nexts = [path for path, schema in found if path == "next" and type_of(schema) in (None, "string")]
    if not starts or not nexts or _link(dict(found)[nexts[0]]):
        return None
    return {"type": "cursor", "cursor_param": starts[0], "records": records, "next": nexts[0]}


def _parent(path: str) -> str:
    return plain(path.rsplit(".", 1)[0]) if "." in path else ""


def _link(schema: dict[str, Any]) -> bool:
    """Whether a ``next`` value says it is a URL: its format, its example, or its description."""
    example = str(schema.get("example") or "")
    said = str(schema.get("description") or "").lower()
    return (
        schema.get("format") in ("uri", "url", "uri-reference", "iri")
        or example.startswith(("http://", "https://", "/"))
        or any(word in said for word in ("url", "uri", "link", "path"))
    )


def _next_link(found: list[tuple[str, dict[str, Any]]]) -> str | None:
    """Where the answer links its next page: a string named as a next link, or ``href`` under ``next``; a
    ``next`` whose description calls it a cursor or token is none (7shifts' ``meta.cursor.next``)."""
    for path, schema in found:
        if type_of(schema) not in (None, "string"):
            continue
        key = _key(path)
        if (
            key == "next"
            and not _link(schema)
            and (_CURSOR_WORDS.search(_parent(path)) or _SAYS_CURSOR.search(str(schema.get("description"))))
        ):
            continue
        if key in _NEXT_LINKS or (key == "href" and "next" in plain(path.rsplit(".", 1)[0])):
            return path
    return None


def _pointers(
    found: list[tuple[str, dict[str, Any]]], next_keys: set[str], more: bool, total: bool, total_pages: bool = False
) -> dict[str, str]:
    """The optional pointers of an offset or page-number strategy that the answer has."""
    out: dict[str, str] = {}
    for path, schema in found:
        key, kind = _key(path), type_of(schema)
        if key in next_keys and kind in (None, "integer", "number") and "next" not in out:
            out["next"] = path
        elif more and key in _OFFSET_MORE and kind == "boolean" and "more" not in out:
            out["more"] = path
        elif total and key in _TOTALS and kind in (None, "integer", "number") and "total" not in out:
            out["total"] = path
        elif total_pages and key in _TOTAL_PAGES and kind in (None, "integer", "number") and "total_pages" not in out:
            out["total_pages"] = path
    return out


def _record_properties(spec: Spec, response: dict[str, Any], records: str) -> set[str]:
    """The property names of one record of the list."""
    schema = answer(spec, response)
    for step in records.split(".") if records else []:
        schema = merged(spec, (schema.get("properties") or {}).get(step) or {})
    items = merged(spec, schema.get("items") or {})
    return set(merged(spec, answer(spec, items)).get("properties") or {})


def signature(definition: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree for two methods to share the connector's strategy: all but the records key and the
    counts, which a list whose answer has them elsewhere reads as absent (and pages on, one page at a time)."""
    return tuple(sorted((k, str(v)) for k, v in definition.items() if k not in ("records", "total", "total_pages")))


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


def page_param(definition: dict[str, Any], detected: bool = False) -> str:
    """The query parameter that selects a page: a method without it is not paged."""
    kind = definition["type"]
    if kind == "page_number":
        return str(definition.get("page_param", "page"))
    if kind == "offset":
        return str(definition.get("offset_param", "offset"))
    if (
        detected
        and kind in ("cursor_link", "link_header")
        and "cursor_param" not in definition
        and definition.get("size_param")
    ):
        # Linked page to page with no parameter naming a page (Recurly, Constant Contact): the lists
        # are the operations that take the page size.
        return str(definition["size_param"])
    return str(definition.get("cursor_param", "cursor"))
