"""The spec emulator's numbered pages may count from 0 (ClickUp's ``page``); ``Link`` header paging;
patterned strings (cursors, SHAs) generated within their length bounds."""

from __future__ import annotations

import re

import pytest

from switchboard_emulators.spec.config import PaginationConfig
from switchboard_emulators.spec.document import Resolver
from switchboard_emulators.spec.paging import LINK_HEADER, PageError, decode_cursor, page
from switchboard_emulators.spec.schemas import Generator


def test_pages_counted_from_zero_start_at_the_first_record_and_refuse_below_it() -> None:
    config = PaginationConfig(style="page_number", size_param="per_page", size=2, first_page=0)
    records = list(range(5))
    assert page(config, records, {}, "/tasks")[0] == [0, 1]
    assert page(config, records, {"page": "0"}, "/tasks")[0] == [0, 1]
    assert page(config, records, {"page": "2"}, "/tasks")[0] == [4]
    with pytest.raises(PageError, match="page must be 0 or more"):
        page(config, records, {"page": "-1"}, "/tasks")


def test_pages_count_from_one_by_default() -> None:
    config = PaginationConfig(style="page_number", size_param="per_page", size=2)
    assert page(config, list(range(5)), {"page": "1"}, "/tasks")[0] == [0, 1]
    with pytest.raises(PageError, match="page must be 1 or more"):
        page(config, [], {"page": "0"}, "/tasks")


def test_link_header_cursor_pages_until_the_last_has_no_next_link() -> None:
    config = PaginationConfig(style="link_header", cursor_param="after", size=2)
    records = list(range(3))
    first, pointers = page(config, records, {"q": "x"}, "http://h:1/api/v1/users")
    link = pointers[LINK_HEADER]
    assert first == [0, 1]
    assert link.startswith("<http://h:1/api/v1/users?q=x&limit=2&after=") and link.endswith('>; rel="next"')
    cursor = link.split("after=")[1].split(">")[0]
    assert decode_cursor(cursor) == 2
    last, pointers = page(config, records, {"after": cursor}, "http://h:1/api/v1/users")
    assert last == [2] and pointers[LINK_HEADER] is ...


def test_link_header_numbered_pages_and_sentry_results() -> None:
    github = PaginationConfig(style="link_header", link_pages=True, size_param="per_page", size=2)
    _, pointers = page(github, list(range(3)), {}, "/issues")
    assert pointers[LINK_HEADER] == '</issues?per_page=2&page=2>; rel="next"'
    sentry = PaginationConfig(style="link_header", link_results=True, size_param="per_page", size=2)
    _, pointers = page(sentry, list(range(2)), {}, "/projects/")
    assert pointers[LINK_HEADER].endswith('rel="next"; results="false"; cursor="bzoy"')


def test_a_patterned_string_is_generated_within_its_length_bounds() -> None:
    """GitHub's commit SHAs: ``^[0-9a-fA-F]+$`` of exactly 40 characters."""
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
    generator = Generator(Resolver(doc), "seed")
    sha = generator.value({"type": "string", "minLength": 40, "maxLength": 40, "pattern": "^[0-9a-fA-F]+$"}, "sha")
    assert len(sha) == 40 and re.fullmatch("[0-9a-fA-F]+", sha)


def test_a_cursor_naming_the_last_record_starts_the_page_after_it_with_has_more() -> None:
    config = PaginationConfig(
        style="cursor", cursor_param="starting_after", size=2, cursor_field="id", more_path="has_more"
    )
    records = [{"id": f"cus_{n}"} for n in range(5)]
    assert page(config, records, {}, "/v1/customers") == (records[:2], {"has_more": True})
    assert page(config, records, {"starting_after": "cus_3"}, "/v1/customers") == (records[4:], {"has_more": False})
    with pytest.raises(PageError, match="'cus_9' names no record of this list"):
        page(config, records, {"starting_after": "cus_9"}, "/v1/customers")


def test_a_cursor_on_every_page_and_a_flag_on_the_last() -> None:
    """Zendesk's incremental exports: after_cursor on every page (the next run starts there), end_of_stream true on
    the last; the cursor it gives there names the end of the list, an empty page."""
    config = PaginationConfig(style="cursor", next_path="after_cursor", end_path="end_of_stream", size=2)
    records = list(range(3))
    first, pointers = page(config, records, {}, "/api/v2/incremental/tickets/cursor")
    assert first == [0, 1] and pointers["end_of_stream"] is False
    last, pointers = page(config, records, {"cursor": pointers["after_cursor"]}, "/api/v2/incremental/tickets/cursor")
    assert last == [2] and pointers["end_of_stream"] is True and pointers["after_cursor"] is not ...
    after, pointers = page(config, records, {"cursor": pointers["after_cursor"]}, "/api/v2/incremental/tickets/cursor")
    assert after == [] and pointers["end_of_stream"] is True


def test_a_cursor_on_every_page_and_a_flag_while_more_follow() -> None:
    """Figma's activity logs: meta.cursor on every page (it encodes the last event), meta.next_page true while more
    follow and false on the last."""
    config = PaginationConfig(style="cursor", next_path="meta.cursor", more_path="meta.next_page", size=2)
    records = list(range(3))
    first, pointers = page(config, records, {}, "/v1/activity_logs")
    assert first == [0, 1] and pointers["meta.next_page"] is True
    last, pointers = page(config, records, {"cursor": pointers["meta.cursor"]}, "/v1/activity_logs")
    assert last == [2] and pointers["meta.next_page"] is False and pointers["meta.cursor"] is not ...


def test_a_cursor_that_is_a_number_where_the_spec_declares_one() -> None:
    """Figma's team components: after is a number in the spec, meta.cursor.after the next one; a link (its file
    versions' next_page) carries the number too, and a cursor that is no whole number is refused."""
    config = PaginationConfig(style="cursor", cursor_param="after", size_param="page_size", size=2,
                              next_path="meta.cursor.after", cursor_format="number")  # fmt: skip
    records = list(range(5))
    first, pointers = page(config, records, {}, "/v1/teams/t/components")
    assert first == [0, 1] and pointers["meta.cursor.after"] == 2
    last, pointers = page(config, records, {"after": "4"}, "/v1/teams/t/components")
    assert last == [4] and pointers["meta.cursor.after"] is ...
    with pytest.raises(PageError, match="after must be a whole number"):
        page(config, records, {"after": "bzoy"}, "/v1/teams/t/components")
    linked = PaginationConfig(style="cursor_link", cursor_param="before", size_param="page_size", size=2,
                              link_path="pagination.next_page", cursor_format="number")  # fmt: skip
    _, pointers = page(linked, records, {}, "/v1/files/f/versions")
    assert pointers["pagination.next_page"] == "/v1/files/f/versions?page_size=2&before=2"
