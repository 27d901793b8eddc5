"""Paging by the ``Link`` response header: GitHub's, Okta's and Sentry's forms, and foreign hosts refused."""

from __future__ import annotations

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from switchboard.catalog.models import LinkHeaderPagination
from switchboard.engine.paginators import LinkHeaderPaginator, paginator_for
from switchboard.engine.paginators.link_header import parse_links
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

OKTA = LinkHeaderPagination(type="link_header", cursor_param="after", size_param="limit", size=200)
RECORDS = [{"id": 1}]


def headers(*links: str) -> CIMultiDictProxy[str]:
    return CIMultiDictProxy(CIMultiDict([("Link", link) for link in links]))


def test_follows_the_next_link_and_stops_without_one() -> None:
    paginator = LinkHeaderPaginator(OKTA)
    first = paginator.first(OutboundRequest("GET", "https://acme.okta.com/api/v1/users"))
    assert first.query == (("limit", "200"),)
    # Okta sends self and next as two Link headers.
    following = paginator.advance(
        first,
        RECORDS,
        1,
        headers(
            '<https://acme.okta.com/api/v1/users?limit=200>; rel="self"',
            '<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"',
        ),
    )
    assert following is not None
    assert following.url == "https://acme.okta.com/api/v1/users"
    assert following.query == (("after", "00u1"), ("limit", "200"))
    last = headers('<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="self"')
    assert paginator.advance(following, RECORDS, 1, last) is None
    assert paginator.advance(following, RECORDS, 1, None) is None


def test_github_form_one_header_with_several_relations() -> None:
    paginator = paginator_for(LinkHeaderPagination(type="link_header", cursor_param="page", size_param="per_page"))
    request = OutboundRequest("GET", "https://api.github.com/repos/o/r/issues")
    link = (
        '<https://api.github.com/repositories/1/issues?page=2>; rel="prev", '
        '<https://api.github.com/repositories/1/issues?page=4>; rel="next", '
        '<https://api.github.com/repositories/1/issues?page=9>; rel="last"'
    )
    following = paginator.advance(request, RECORDS, 1, headers(link))
    assert following is not None and following.query_value("page") == "4"
    assert following.url == "https://api.github.com/repositories/1/issues"
    assert paginator.is_single_page(following)


def test_sentry_stops_on_results_false() -> None:
    paginator = paginator_for(LinkHeaderPagination(type="link_header"))
    request = OutboundRequest("GET", "https://sentry.io/api/0/projects/")
    more = (
        '<https://sentry.io/api/0/projects/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", '
        '<https://sentry.io/api/0/projects/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"'
    )
    following = paginator.advance(request, RECORDS, 1, headers(more))
    assert following is not None and following.query_value("cursor") == "0:100:0"
    done = more.replace('results="true"', 'results="false"')
    assert paginator.advance(following, RECORDS, 1, headers(done)) is None


@pytest.mark.parametrize(
    "link",
    [
        "<https://evil.example/api/v1/users?after=x>; rel=next",
        "<http://acme.okta.com/api/v1/users?after=x>; rel=next",  # a downgrade to plain HTTP
        "<https://acme.okta.com:8443/api/v1/users?after=x>; rel=next",
        "<//evil.example/api/v1/users?after=x>; rel=next",
    ],
)
def test_never_follows_a_link_off_the_origin(link: str) -> None:
    paginator = LinkHeaderPaginator(OKTA)
    request = OutboundRequest("GET", "https://acme.okta.com/api/v1/users")
    with pytest.raises(UpstreamProtocolError, match="another host"):
        paginator.advance(request, RECORDS, 1, headers(link))


def test_relative_links_repeats_and_empty_pages() -> None:
    paginator = LinkHeaderPaginator(OKTA)
    request = OutboundRequest("GET", "https://acme.okta.com/api/v1/users")
    link = headers('</api/v1/users?after=a>; rel="next"')
    following = paginator.advance(request, RECORDS, 1, link)
    assert following is not None and following.url == "https://acme.okta.com/api/v1/users"
    with pytest.raises(UpstreamProtocolError, match="repeated a cursor"):
        paginator.advance(following, RECORDS, 1, link)
    assert LinkHeaderPaginator(OKTA).advance(request, [], 0, link) is None


def test_parses_quoted_commas_and_refuses_garbage() -> None:
    parsed = parse_links(['<https://x/a?b=1,2>; rel="next prev"; title="a, b"', "<https://x/c>;rel=last"])
    assert parsed == [("https://x/a?b=1,2", {"rel": "next prev", "title": "a, b"}), ("https://x/c", {"rel": "last"})]
    with pytest.raises(UpstreamProtocolError, match="malformed"):
        parse_links(["https://x/a; rel=next"])
