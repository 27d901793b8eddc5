"""Paginators advance, stop, and refuse loops and foreign hosts."""

from __future__ import annotations

import pytest

from switchboard.catalog.models import CursorLinkPagination, CursorPagination, OffsetPagination, PageNumberPagination
from switchboard.engine import paths
from switchboard.engine.paginators import CursorLinkPaginator, PageNumberPaginator, paginator_for
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

PAGES = PageNumberPagination(type="page_number", records="data", next="metadata.paging.next_page", size=100)
LINKS = CursorLinkPagination(
    type="cursor_link", records="contacts", next="_links.next.href", size_param="limit", size=500
)


def test_page_number_first_next_and_stop() -> None:
    paginator = PageNumberPaginator(PAGES)
    first = paginator.first(OutboundRequest("GET", "https://x/v2/accounts"))
    assert dict(first.query) == {"page": "1", "per_page": "100"}
    second = paginator.advance(first, {"data": [{"id": 1}], "metadata": {"paging": {"next_page": 2}}})
    assert second is not None and second.query_value("page") == "2"
    assert paginator.advance(second, {"metadata": {"paging": {"next_page": None}}}) is None


def test_page_number_refuses_a_page_that_does_not_advance() -> None:
    paginator = PageNumberPaginator(PAGES)
    first = paginator.first(OutboundRequest("GET", "https://x/v2/accounts"))
    with pytest.raises(UpstreamProtocolError, match="did not advance"):
        paginator.advance(first, {"data": [{"id": 1}], "metadata": {"paging": {"next_page": 1}}})


def test_caller_page_size_is_kept_and_a_named_page_is_single() -> None:
    paginator = PageNumberPaginator(PAGES)
    request = OutboundRequest("GET", "https://x/v2/accounts", query=(("per_page", "10"),))
    assert paginator.first(request).query_value("per_page") == "10"
    assert paginator.is_single_page(request.with_query({"page": "3"}))


def test_cursor_link_follows_host_relative_links() -> None:
    paginator = CursorLinkPaginator(LINKS)
    first = paginator.first(OutboundRequest("GET", "https://api.cc.email/v3/contacts"))
    assert first.query_value("limit") == "500"
    following = paginator.advance(
        first, {"contacts": [{}], "_links": {"next": {"href": "/v3/contacts?cursor=abc&limit=500"}}}
    )
    assert following is not None
    assert following.url == "https://api.cc.email/v3/contacts"
    assert following.query == (("cursor", "abc"), ("limit", "500"))
    assert paginator.advance(following, {"contacts": [], "_links": {}}) is None


def test_cursor_link_refuses_repeats_and_other_hosts() -> None:
    paginator = CursorLinkPaginator(LINKS)
    request = OutboundRequest("GET", "https://api.cc.email/v3/contacts")
    page = {"contacts": [{}], "_links": {"next": {"href": "/v3/contacts?cursor=same"}}}
    following = paginator.advance(request, page)
    assert following is not None
    with pytest.raises(UpstreamProtocolError, match="repeated a cursor"):
        paginator.advance(following, page)
    with pytest.raises(UpstreamProtocolError, match="another host"):
        paginator.advance(request, {"contacts": [{}], "_links": {"next": {"href": "https://evil.example/steal"}}})


def test_cursor_link_refuses_a_link_back_to_the_page_just_fetched() -> None:
    paginator = CursorLinkPaginator(LINKS)
    first = paginator.first(OutboundRequest("GET", "https://api.cc.email/v3/contacts", query=(("status", "all"),)))
    # The same page with its parameters in another order: still the same page.
    with pytest.raises(UpstreamProtocolError, match="repeated a cursor"):
        paginator.advance(first, {"contacts": [{}], "_links": {"next": {"href": "/v3/contacts?limit=500&status=all"}}})


@pytest.mark.parametrize("empty_pages", [False, True])
def test_a_page_with_no_records_ends_the_list_unless_empty_pages_are_normal(empty_pages: bool) -> None:
    """An API that keeps offering a next page with no records (the Salesloft probe: 444 requests)."""
    paginator = paginator_for(PAGES.model_copy(update={"empty_pages": empty_pages}))
    first = paginator.first(OutboundRequest("GET", "https://x/v2/accounts"))
    empty = {"data": [], "metadata": {"paging": {"next_page": 2}}}
    following = paginator.advance(first, empty)
    assert (following is not None) is empty_pages
    # The engine passes the count it split off the page: the document alone no longer has them.
    assert paginator_for(PAGES).advance(first, {"metadata": {"paging": {"next_page": 2}}}, 0) is None
    assert paginator_for(PAGES).advance(first, {"metadata": {"paging": {"next_page": 2}}}, 3) is not None


def test_clear_next_removes_the_pointer() -> None:
    document = {"contacts": [], "_links": {"next": {"href": "/v3/contacts?cursor=a"}, "self": {"href": "/x"}}}
    CursorLinkPaginator(LINKS).clear_next(document)
    assert document["_links"] == {"self": {"href": "/x"}}
    document2 = {"metadata": {"paging": {"next_page": 4}}}
    PageNumberPaginator(PAGES).clear_next(document2)
    assert document2 == {"metadata": {"paging": {"next_page": None}}}


ODATA = CursorLinkPagination(
    type="cursor_link", records="value", next="@odata.nextLink", cursor_param="$skip", size_param="$top", size=100
)


def test_cursor_link_follows_an_odata_next_link_whose_key_holds_dots() -> None:
    """Microsoft Graph: ``{"value": [...], "@odata.nextLink": "https://graph.microsoft.com/..."}``."""
    paginator = CursorLinkPaginator(ODATA)
    first = paginator.first(OutboundRequest("GET", "https://graph.microsoft.com/v1.0/users/u1/messages"))
    assert first.query_value("$top") == "100"
    link = "https://graph.microsoft.com/v1.0/users/u1/messages?%24top=100&%24skip=100"
    following = paginator.advance(first, {"value": [{}], "@odata.context": "x", "@odata.nextLink": link})
    assert following is not None and following.query_value("$skip") == "100"
    assert paginator.advance(following, {"value": [{}], "@odata.context": "x"}) is None
    document = {"value": [], "@odata.context": "x", "@odata.nextLink": link}
    paginator.clear_next(document)
    assert document == {"value": [], "@odata.context": "x"}


def test_paths_match_a_dotted_key_whole_and_still_walk_nested_objects() -> None:
    assert paths.read({"@odata.nextLink": "n"}, "@odata.nextLink") == "n"
    assert paths.read({"@odata": {"nextLink": "nested"}}, "@odata.nextLink") == "nested"
    assert paths.read({"meta": {"a.b": {"c": 1}}}, "meta.a.b.c") == 1
    assert paths.lookup({"@odata.count": 0}, "@odata.nextLink") == (False, None)
    document = {"page": {"@odata.nextLink": "n"}}
    paths.clear(document, "page.@odata.nextLink")
    assert document == {"page": {"@odata.nextLink": None}}


def test_a_page_that_says_it_is_the_last_ends_the_list_whatever_its_pointer() -> None:
    """Zendesk's incremental exports give after_cursor on every page, for the next run: end_of_stream ends it."""
    definition = paginator_for(
        CursorPagination(
            type="cursor", cursor_param="cursor", records="tickets", next="after_cursor", end="end_of_stream"
        )
    )
    first = definition.first(OutboundRequest("GET", "https://acme.zendesk.com/api/v2/incremental/tickets/cursor"))
    middle = {"tickets": [{"id": 1}], "after_cursor": "c2", "end_of_stream": False}
    second = definition.advance(first, middle)
    assert second is not None and second.query_value("cursor") == "c2"
    last = {"tickets": [{"id": 2}], "after_cursor": "c3", "end_of_stream": True}
    assert definition.advance(second, last) is None
    # The whole list in one answer: its envelope says it is the last page, with no pointer left.
    definition.clear_next(middle)
    assert middle["end_of_stream"] is True and middle["after_cursor"] is None


def test_an_end_flag_absent_or_not_true_pages_on() -> None:
    jira = OffsetPagination(
        type="offset", offset_param="startAt", size_param="maxResults", size=2, records="values", end="isLast"
    )
    request = OutboundRequest("GET", "https://acme.atlassian.net/rest/api/3/project/search")
    for flag, pages_on in (
        ({}, True),
        ({"isLast": False}, True),
        ({"isLast": "true"}, True),
        ({"isLast": True}, False),
    ):
        paginator = paginator_for(jira)
        following = paginator.advance(paginator.first(request), {"values": [{}, {}], **flag})
        assert (following is not None) is pages_on, flag
    document: dict[str, object] = {"values": []}
    paginator_for(jira).clear_next(document)
    assert "isLast" not in document  # a flag the answer never had is not added


def test_cursor_link_refuses_a_next_that_is_no_link() -> None:
    """A spec that left its ``next`` unsaid may hold a cursor there: said, not fetched as a relative path."""
    paginator = paginator_for(CursorLinkPagination(type="cursor_link", records="data", next="next"))
    first = paginator.first(OutboundRequest("GET", "https://api.example.com/v1/app"))
    with pytest.raises(UpstreamProtocolError, match="not a link to the next page"):
        paginator.next_request(first, {"data": [], "next": "bzoz"})
    following = paginator.next_request(first, {"data": [], "next": "?from=bzoz"})
    assert following is not None and following.query == (("from", "bzoz"),)
