"""How an imported list pages, read from a spec nobody wrote an overlay for: the shapes of X, Twitch, Google,
Stripe, Confluence, Recurly, GitHub, BigCommerce, Telnyx and Sunshine Conversations, each cut to one list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from switchboard.catalog import load_connector
from switchboard.catalog.registry import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.paginators import paginator_for
from switchboard.engine.request.build import build_request
from switchboard.importer import import_connector, parse_overlay

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
RECORDS: dict[str, Any] = {"type": "array", "items": {"type": "object", "properties": {"id": STRING}}}


def query(name: str, schema: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema or STRING, **extra}


def answer(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def imported(parameters: list[dict[str, Any]], schema: dict[str, Any], headers: dict[str, Any] | None = None) -> Any:
    """The connector imported from a spec of one list operation, ``GET /v2/items``."""
    ok: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": schema}}}
    if headers:
        ok["headers"] = headers
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Vendor", "version": "1"},
        "servers": [{"url": "https://api.example.com/v2"}],
        "paths": {"/items": {"get": {"operationId": "listItems", "parameters": parameters, "responses": {"200": ok}}}},
    }
    return import_connector(spec, "vendor").definition


def pagination(parameters: list[dict[str, Any]], schema: dict[str, Any], **headers: Any) -> dict[str, Any]:
    definition = imported(parameters, schema, headers)
    assert definition.pagination is not None, "the list is not paged"
    (method,) = definition.methods
    assert method.pagination is not None, "the connector pages, but not its list"
    return dict(definition.pagination.model_dump(exclude_defaults=True), type=definition.pagination.type)


def test_a_cursor_where_the_answer_keeps_its_pointers() -> None:
    # X: ?pagination_token=...&max_results=... answering {data, meta: {next_token, previous_token}}.
    x = answer(data=RECORDS, meta=answer(result_count=INTEGER, previous_token=STRING, next_token=STRING))
    assert pagination([query("pagination_token"), query("max_results", INTEGER)], x) == {
        "type": "cursor", "cursor_param": "pagination_token", "size_param": "max_results", "records": "data",
        "next": "meta.next_token",
    }  # fmt: skip
    # Twitch: ?after=...&first=... answering {data, pagination: {cursor}}.
    twitch = answer(data=RECORDS, pagination=answer(cursor=STRING))
    assert pagination([query("after"), query("first", INTEGER), query("before")], twitch) == {
        "type": "cursor", "cursor_param": "after", "size_param": "first", "records": "data",
        "next": "pagination.cursor",
    }  # fmt: skip


def test_a_cursor_named_as_its_parameter_and_the_token_named_after_it() -> None:
    # Canva sends back ?continuation= what its answer's continuation says.
    canva = answer(items=RECORDS, continuation=STRING)
    assert pagination([query("continuation"), query("limit", INTEGER)], canva)["next"] == "continuation"
    # Google: pageToken pairs with nextPageToken, not with the nextSyncToken beside it (nor is syncToken a page).
    google = answer(items=RECORDS, nextSyncToken=STRING, nextPageToken=STRING)
    found = pagination([query("syncToken"), query("pageToken"), query("maxResults", INTEGER)], google)
    assert (found["cursor_param"], found["next"]) == ("pageToken", "nextPageToken")


def test_a_has_more_flag_pages_from_the_last_records_id() -> None:
    # Stripe: ?starting_after=<the last record's id> while has_more is true.
    stripe = answer(object=STRING, data=RECORDS, has_more={"type": "boolean"}, url=STRING)
    assert pagination([query("ending_before"), query("limit", INTEGER), query("starting_after")], stripe) == {
        "type": "cursor", "cursor_param": "starting_after", "size_param": "limit", "records": "data",
        "last": "id", "more": "has_more",
    }  # fmt: skip


def test_a_link_to_the_next_page_in_the_answer() -> None:
    # Confluence v2: ?cursor=... answering {results, _links: {next: "/wiki/api/v2/pages?cursor=..."}}.
    confluence = answer(results=RECORDS, _links=answer(next=STRING, base=STRING))
    assert pagination([query("cursor"), query("limit", INTEGER)], confluence) == {
        "type": "cursor_link",
        "size_param": "limit",
        "records": "results",
        "next": "_links.next",
    }  # fmt: skip  (cursor_param: cursor, the model's default)
    # HAL's {_links: {next: {href}}}, and OData's @odata.nextLink with $skiptoken.
    hal = answer(_links=answer(self=answer(href=STRING), next=answer(href=STRING)), contacts=RECORDS)
    assert pagination([query("cursor"), query("limit", INTEGER)], hal)["next"] == "_links.next.href"
    odata = answer(value=RECORDS, **{"@odata.nextLink": STRING})
    found = pagination([query("$top", INTEGER), query("$count", {"type": "boolean"}), query("$skiptoken")], odata)
    assert (found["next"], found["size_param"], found["cursor_param"]) == ("@odata.nextLink", "$top", "$skiptoken")


def test_a_linked_list_with_no_page_parameter_pages_by_its_size_parameter() -> None:
    # Recurly declares only limit; its answers link the next page ({has_more, next: "/accounts?cursor=..."}).
    definition = imported([query("limit", INTEGER, default=20), query("order")], answer(data=RECORDS, next=STRING))
    (method,) = Registry([definition]).by_key["vendor"].methods
    assert method.definition.pagination is not None
    assert {p.definition.target: p.definition.default for p in method.parameters}["limit"] is None  # the page size's
    assert method.pagination is not None
    paginator = paginator_for(method.pagination)
    request = build_request(definition, method, bind_by_name(method, {}, None, {}), "https://api.example.com/v2")
    first = paginator.first(request)
    assert first.query == ()  # no size of its own: the API's
    following = paginator.next_request(first, {"data": [], "next": "/v2/items?cursor=c2&limit=20"})
    assert following is not None and following.url == "https://api.example.com/v2/items"
    assert following.query == (("cursor", "c2"), ("limit", "20"))


def test_a_declared_link_header_pages_by_it() -> None:
    # GitHub's lists declare `Link` among their answer's headers; their pages are ?page=&per_page=.
    github = {"type": "array", "items": {"type": "object"}}
    params = [query("per_page", INTEGER), query("page", INTEGER)]
    assert pagination(params, github, Link={"schema": STRING}) == {
        "type": "link_header", "cursor_param": "page", "size_param": "per_page",
    }  # fmt: skip
    assert pagination(params, github)["type"] == "page_number"  # without the header: numbered pages
    # Okta declares no header, but its cursor says where it comes from.
    after = query("after", description="An opaque cursor, obtained from the `Link` response header.")
    assert pagination([after, query("limit", INTEGER)], github) == {
        "type": "link_header", "cursor_param": "after", "size_param": "limit",
    }  # fmt: skip


def test_counted_pages_come_before_a_next_link() -> None:
    # BigCommerce gives both: numbered pages with their count can be fetched ahead, in parallel.
    meta = answer(pagination=answer(total=INTEGER, total_pages=INTEGER, links=answer(next=STRING)))
    found = pagination([query("page", INTEGER), query("limit", INTEGER)], answer(data=RECORDS, meta=meta))
    assert found == {
        "type": "page_number", "size_param": "limit", "records": "data",
        "total": "meta.pagination.total", "total_pages": "meta.pagination.total_pages",
    }  # fmt: skip


def test_a_deep_object_pages_by_its_members() -> None:
    # Telnyx's `page` object goes as page[number] and page[size]; counted from 0 as Datadog's, its size at most 99.
    page = query(
        "page",
        answer(
            number={"type": "integer", "default": 0}, size={"type": "integer", "maximum": 100, "exclusiveMaximum": True}
        ),
        style="deepObject",
    )
    definition = imported([page], answer(data=RECORDS, meta=answer(total_pages=INTEGER)))
    assert definition.pagination is not None and definition.pagination.type == "page_number"
    assert (definition.pagination.page_param, definition.pagination.size_param) == ("page[number]", "page[size]")
    assert definition.pagination.first_page == 0
    (method,) = Registry([definition]).by_key["vendor"].methods
    request = build_request(definition, method, bind_by_name(method, {}, None, {}), "https://api.example.com/v2")
    assert method.pagination is not None
    assert paginator_for(method.pagination).first(request).query == (("page[number]", "0"), ("page[size]", "99"))
    # Sunshine Conversations' page[after] is a cursor: the answer's meta.afterCursor goes there (its links.next is
    # the same page as a link; the pointer is read first).
    sunshine = query("page", answer(after=STRING, before=STRING, size=INTEGER), style="deepObject")
    links = answer(
        conversations=RECORDS, meta=answer(hasMore={"type": "boolean"}, afterCursor=STRING), links=answer(next=STRING)
    )
    assert pagination([sunshine], links) == {
        "type": "cursor", "cursor_param": "page[after]", "size_param": "page[size]",
        "records": "conversations", "next": "meta.afterCursor",
    }  # fmt: skip


def test_a_credential_in_the_query_is_no_cursor() -> None:
    found = pagination([query("access_token"), query("limit", INTEGER)], answer(data=RECORDS, next=STRING))
    assert found == {"type": "cursor_link", "size_param": "limit", "records": "data", "next": "next"}


def test_a_list_parameter_is_no_cursor_and_page_members_name_offsets() -> None:
    # Klaviyo's sparse fieldset fields[push-token] is a list, not the page[cursor] beside it.
    fields = query("fields[push-token]", {"type": "array", "items": STRING})
    klaviyo = answer(data=RECORDS, links=answer(self=STRING, next=STRING))
    assert pagination([fields, query("page[cursor]"), query("page[size]", INTEGER)], klaviyo) == {
        "type": "cursor_link", "cursor_param": "page[cursor]", "size_param": "page[size]", "records": "data",
        "next": "links.next",
    }  # fmt: skip
    # Datadog's incidents: page[offset] and page[size], the next offset in meta.pagination.next_offset.
    datadog = answer(data=RECORDS, meta=answer(pagination=answer(next_offset=INTEGER, offset=INTEGER, size=INTEGER)))
    assert pagination([query("page[size]", INTEGER), query("page[offset]", INTEGER)], datadog) == {
        "type": "offset", "offset_param": "page[offset]", "size_param": "page[size]", "records": "data",
        "next": "meta.pagination.next_offset",
    }  # fmt: skip


def test_a_list_that_pages_unlike_the_others_pages_its_own_way(tmp_path: Path) -> None:
    # Datadog: most lists number their pages, its feature flags take offsets ({data, meta: {page: {total_count}}}).
    numbered = [query("page[number]", INTEGER), query("page[size]", INTEGER)]
    pages = answer(data=RECORDS, meta=answer(page=answer(total_count=INTEGER)))
    ok = {"description": "ok", "content": {"application/json": {"schema": pages}}}

    def listing(parameters: list[dict[str, Any]]) -> dict[str, Any]:
        return {"get": {"parameters": parameters, "responses": {"200": ok}}}

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Vendor", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/users": listing(numbered),
            "/teams": listing(numbered),
            "/feature-flags": listing([query("limit", {"type": "integer", "maximum": 1000}), query("offset", INTEGER)]),
        },
    }
    imported = import_connector(spec, "vendor")
    (tmp_path / "connector.yaml").write_text(imported.text, encoding="utf-8")
    definition = load_connector(tmp_path / "connector.yaml")  # as written out, and read back
    assert definition == imported.definition
    assert definition.pagination is not None and definition.pagination.type == "page_number"
    methods = {m.definition.http: m for m in Registry([definition]).by_key["vendor"].methods}
    flags = methods["GET /feature-flags"].pagination
    assert flags is not None and flags.type == "offset"
    assert (flags.offset_param, flags.size_param, flags.total, flags.records) == (
        "offset", "limit", "meta.page.total_count", "data"
    )  # fmt: skip
    assert methods["GET /users"].pagination == definition.pagination
    request = build_request(
        definition,
        methods["GET /feature-flags"],
        bind_by_name(methods["GET /feature-flags"], {}, None, {}),
        "https://x",
    )
    first = paginator_for(flags).first(request)
    assert first.query == (("offset", "0"), ("limit", "100"))
    following = paginator_for(flags).next_request(first, {"data": [{"id": str(n)} for n in range(100)]})
    assert following is not None and following.query_value("offset") == "100"


def test_pages_counted_from_zero_as_the_page_parameter_says() -> None:
    # Datadog's page[number]: some declare `default: 0`, some `minimum: 0`, some only say "(0-indexed)".
    pages = answer(data=RECORDS, meta=answer(page=answer(total_count=INTEGER)))
    said = query("page[number]", INTEGER, description="Page number for pagination (0-indexed).")
    least = query("page[number]", {"type": "integer", "minimum": 0})
    for page in (said, least):
        assert pagination([page, query("page[size]", INTEGER)], pages)["first_page"] == 0
    one = query("page[number]", INTEGER, description="Page number to return (1-indexed).")
    assert "first_page" not in pagination([one, query("page[size]", INTEGER)], pages)  # the model's 1


def test_an_overlay_gives_a_list_a_strategy_of_its_own() -> None:
    # Zendesk's incremental export pages by its own cursor beside the numbered lists; the overlay says how.
    numbered = [query("page", INTEGER), query("per_page", INTEGER)]
    ok = {"description": "ok", "content": {"application/json": {"schema": answer(tickets=RECORDS, count=INTEGER)}}}
    export = answer(tickets=RECORDS, after_cursor=STRING, end_of_stream={"type": "boolean"})
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Support", "version": "1"},
        "servers": [{"url": "https://support.example.com"}],
        "paths": {
            "/tickets": {"get": {"parameters": numbered, "responses": {"200": ok}}},
            "/users": {"get": {"parameters": numbered, "responses": {"200": ok}}},
            "/incremental/tickets/cursor": {"get": {"parameters": [query("cursor"), query("start_time", INTEGER)],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": export}}}}}},
        },
    }  # fmt: skip
    overlay = parse_overlay(
        "methods:\n"
        '  "GET /incremental/tickets/cursor":\n'
        "    pagination: {type: cursor, cursor_param: cursor, records: tickets, next: after_cursor}\n"
    )
    definition = import_connector(spec, "support", overlay).definition
    assert definition.pagination is not None and definition.pagination.type == "page_number"
    methods = {m.definition.http: m for m in Registry([definition]).by_key["support"].methods}
    export_paging = methods["GET /incremental/tickets/cursor"].pagination
    assert export_paging is not None and export_paging.type == "cursor"
    assert (export_paging.cursor_param, export_paging.next) == ("cursor", "after_cursor")  # type: ignore[union-attr]
    assert methods["GET /tickets"].pagination == definition.pagination
    # Without the overlay the import reads it alone: the cursor after_cursor, which Zendesk gives on every page
    # (for the next run), and end_of_stream, which says the page is the last.
    alone = Registry([import_connector(spec, "support").definition]).by_key["support"].methods[2].pagination
    assert alone is not None and (alone.type, alone.next, alone.end) == ("cursor", "after_cursor", "end_of_stream")  # type: ignore[union-attr]


def test_a_next_that_is_a_cursor_is_sent_back_not_followed() -> None:
    # 7shifts: ?cursor=&limit= answering {data, meta: {cursor: {current, prev, next}}}: next is the cursor itself.
    shifts = answer(data=RECORDS, meta=answer(cursor=answer(current=STRING, prev=STRING, next=STRING)))
    assert pagination([query("cursor"), query("limit", INTEGER)], shifts) == {
        "type": "cursor", "cursor_param": "cursor", "size_param": "limit", "records": "data",
        "next": "meta.cursor.next",
    }  # fmt: skip
    # ChartHop: ?from=<id>&limit= answering {data, next}: "App id to start from", the next page's first id.
    start = query("from", description="App id to start from")
    assert pagination([query("tag"), start, query("limit", INTEGER)], answer(data=RECORDS, next=STRING)) == {
        "type": "cursor", "cursor_param": "from", "size_param": "limit", "records": "data", "next": "next",
    }  # fmt: skip
    # A next that says it is a link stays one, beside the same parameter.
    linked = answer(data=RECORDS, next={"type": "string", "format": "uri"})
    assert pagination([start, query("limit", INTEGER)], linked)["type"] == "cursor_link"


def test_a_date_filter_is_no_cursor_and_the_usual_cursor_name_comes_first() -> None:
    # Snyk: cli_monitored_after is a date-time filter listed before starting_after, the list's cursor.
    snyk = answer(data=RECORDS, links=answer(next=STRING))
    dated = query("cli_monitored_after", {"type": "string", "format": "date-time"})
    found = pagination([dated, query("starting_after"), query("ending_before"), query("limit", INTEGER)], snyk)
    assert found["cursor_param"] == "starting_after", found
    # A date named "from" is a filter too, never where a page starts.
    since = query("from", {"type": "string", "format": "date"})
    found = pagination([since, query("limit", INTEGER)], answer(data=RECORDS, next=STRING))
    assert found["type"] == "cursor_link" and "cursor_param" not in found, found  # the model's default, not "from"


def test_openapi_31_nullable_types_still_page() -> None:
    # AssemblyAI: {transcripts, page_details: {next_url: [string, "null"]}} beside ?limit=&after_id=.
    nullable = {"type": ["string", "null"]}
    details = answer(limit=INTEGER, next_url=nullable, prev_url=nullable)
    assemblyai = answer(transcripts=RECORDS, page_details=details)
    found = pagination([query("limit", INTEGER), query("after_id")], assemblyai)
    assert (found["type"], found["records"], found["next"]) == ("cursor_link", "transcripts", "page_details.next_url")
    # Records that may be null are still the records: [array, "null"].
    maybe = {"type": ["array", "null"], "items": RECORDS["items"]}
    cursor = pagination([query("cursor"), query("limit", INTEGER)], answer(data=maybe, next_cursor=nullable))
    assert (cursor["type"], cursor["records"], cursor["next"]) == ("cursor", "data", "next_cursor")
