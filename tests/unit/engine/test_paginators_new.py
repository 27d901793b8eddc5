"""The cursor and offset paginators, and page_number without a next pointer (Xero)."""

from __future__ import annotations

import base64

import orjson
import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.catalog.models import (
    ApiKeyAuth,
    ConnectorDef,
    CursorPagination,
    OffsetPagination,
    PageNumberPagination,
)
from switchboard.catalog.registry import Registry
from switchboard.engine.pages import split_page
from switchboard.engine.paginators import CursorPaginator, OffsetPaginator, PageNumberPaginator
from switchboard.engine.request.templates import with_properties
from switchboard.engine.upstream import body_failure
from switchboard.errors import ConnectionNotReady, UpstreamProtocolError
from switchboard.http import OutboundRequest, UpstreamResponse

REQ = OutboundRequest(method="GET", url="https://api.example.com/items")


def test_cursor_sends_the_next_cursor_and_stops_on_empty() -> None:
    p = CursorPaginator(
        CursorPagination(
            type="cursor",
            cursor_param="after",
            size_param="limit",
            size=100,
            records="results",
            next="paging.next.after",
            extra_query={"usemarker": "true"},
        )
    )
    first = p.first(REQ)
    assert (first.query_value("limit"), first.query_value("usemarker")) == ("100", "true")
    second = p.advance(first, {"results": [1], "paging": {"next": {"after": "abc"}}})
    assert second is not None and second.query_value("after") == "abc"
    assert p.advance(second, {"results": [2], "paging": {"next": {"after": ""}}}) is None
    assert p.advance(second, {"results": [2]}) is None
    with pytest.raises(UpstreamProtocolError):
        p.advance(second, {"results": [2], "paging": {"next": {"after": "abc"}}})


def test_offset_reads_next_and_more() -> None:
    p = OffsetPaginator(
        OffsetPagination(
            type="offset",
            offset_param="start",
            size_param="limit",
            size=2,
            records="data",
            next="extra.next_start",
            more="extra.more",
        )
    )
    first = p.first(REQ)
    assert (first.query_value("start"), first.query_value("limit")) == ("0", "2")
    second = p.advance(first, {"data": [1, 2], "extra": {"next_start": 2, "more": True}})
    assert second is not None and second.query_value("start") == "2"
    assert p.advance(second, {"data": [3], "extra": {"next_start": 3, "more": False}}) is None


def test_offset_counts_records_and_stops_at_total() -> None:
    p = OffsetPaginator(
        OffsetPagination(
            type="offset", offset_param="startAt", size_param="maxResults", size=2, records="values", total="total"
        )
    )
    first = p.first(REQ)
    second = p.advance(first, {"values": [1, 2], "total": 3})
    assert second is not None and second.query_value("startAt") == "2"
    assert p.advance(second, {"values": [3], "total": 3}) is None


def test_page_number_without_next_stops_on_a_short_page() -> None:
    p = PageNumberPaginator(
        PageNumberPagination(type="page_number", page_param="page", size_param="pageSize", size=2, records="Invoices")
    )
    first = p.first(REQ)
    second = p.advance(first, {"Invoices": [1, 2]})
    assert second is not None and second.query_value("page") == "2"
    assert p.advance(second, {"Invoices": [3]}) is None


def test_paginators_without_a_next_pointer_count_the_records_split_off_the_page() -> None:
    # The engine hands paginators the envelope with its records taken out (engine.pages): Xero's
    # and Jira's lists stopped after page 1 while they counted the records in the envelope.
    numbered = PageNumberPaginator(
        PageNumberPagination(type="page_number", page_param="page", size_param="pageSize", size=2, records="Contacts")
    )
    page = split_page(b'{"Contacts": [{"a": 1}, {"a": 2}]}', "Contacts", 1)
    assert page.document == {"Contacts": None}
    second = numbered.advance(numbered.first(REQ), page.document, len(page.records))
    assert second is not None and second.query_value("page") == "2"
    short = split_page(b'{"Contacts": [{"a": 3}]}', "Contacts", 2)
    assert numbered.advance(second, short.document, len(short.records)) is None
    offset = OffsetPaginator(
        OffsetPagination(type="offset", offset_param="startAt", size_param="maxResults", size=2, records="values")
    )
    page = split_page(b'{"values": [1, 2], "total": 5}', "values", 1)
    following = offset.advance(offset.first(REQ), page.document, len(page.records))
    assert following is not None and following.query_value("startAt") == "2"


async def test_http_basic_encodes_username_and_password() -> None:
    auth = ApiKeyAuthenticator(ApiKeyAuth(type="api_key", format="Basic {key}", encoding="base64"), "me:secret")
    signed = await auth.authorize(REQ)
    assert dict(signed.headers)["Authorization"] == "Basic " + base64.b64encode(b"me:secret").decode()
    assert "me:secret" in auth.secrets() and base64.b64encode(b"me:secret").decode() in auth.secrets()


def _connector(**extra: object) -> ConnectorDef:
    return ConnectorDef.model_validate(
        {
            "key": "t",
            "name": "T",
            "version": "1",
            "base_url": "https://api.example.com",
            "auth": [{"type": "api_key"}],
            "methods": [],
            **extra,
        }
    )


def test_success_read_from_the_body() -> None:
    connector = Registry([_connector(success={"path": "ok", "equals": True, "error": "error"})]).by_key["t"]
    headers = CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json"}))
    bad = UpstreamResponse(
        status=200, headers=headers, body=orjson.dumps({"ok": False, "error": "channel_not_found"}), elapsed=0.0
    )
    failure = body_failure(connector, bad)
    assert failure is not None and failure.status == 400 and "channel_not_found" in str(failure)
    good = UpstreamResponse(status=200, headers=headers, body=b'{"ok": true}', elapsed=0.0)
    assert body_failure(connector, good) is None


def test_properties_fill_base_url_and_headers() -> None:
    connector = _connector(
        base_url="https://api.example.com/ex/{cloud_id}",
        headers={"tenant": "{tenant_id}"},
        properties=[{"name": "cloud_id"}, {"name": "tenant_id"}],
    )
    filled = with_properties(connector, {"cloud_id": "abc/def", "tenant_id": "t1"})
    assert filled.base_url == "https://api.example.com/ex/abc%2Fdef" and filled.headers == {"tenant": "t1"}
    with pytest.raises(ConnectionNotReady, match="tenant_id"):
        with_properties(connector, {"cloud_id": "abc"})
    with pytest.raises(ValueError, match="does not declare"):
        _connector(base_url="https://x.example.com/{nope}")


def test_properties_fill_the_connectors_query() -> None:
    # Trello: the application's key rides in every request's query, from the connection's property.
    connector = _connector(query={"key": "{app_key}"}, properties=[{"name": "app_key"}])
    assert with_properties(connector, {"app_key": "k 1/2"}).query == {"key": "k 1/2"}  # encoded when sent
    with pytest.raises(ConnectionNotReady, match="app_key"):
        with_properties(connector, {})
    with pytest.raises(ValueError, match="does not declare"):
        _connector(query={"key": "{nope}"})
