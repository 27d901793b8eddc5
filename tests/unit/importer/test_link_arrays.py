"""A list answer's hypermedia links are not its records (Mailchimp puts ``_links`` first in every list), nor are
the errors and messages it reports about itself (Cloudflare's ``{errors, messages, result}``)."""

from __future__ import annotations

from switchboard.importer.paging import records_of
from switchboard.importer.spec import Spec

_SPEC = Spec({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
_ARRAY = {"type": "array", "items": {"type": "object"}}


def test_links_before_the_records_are_passed_over() -> None:
    answer = {"type": "object", "properties": {"_links": _ARRAY, "members": _ARRAY, "total_items": {"type": "integer"}}}
    assert records_of(_SPEC, answer, "/lists/{list_id}/members-export") == "members"
    assert records_of(_SPEC, {"type": "object", "properties": {"links": _ARRAY, "exports": _ARRAY}}) == "exports"


def test_an_answer_of_links_only_is_not_a_list() -> None:
    assert records_of(_SPEC, {"type": "object", "properties": {"_links": _ARRAY}}, "/ping") is None


def test_a_list_of_links_is_still_found_by_its_path() -> None:
    assert records_of(_SPEC, {"type": "object", "properties": {"links": _ARRAY}}, "/links") == "links"


def test_the_answers_own_errors_and_messages_are_passed_over() -> None:
    """Cloudflare's every list answers ``{errors, messages, result, result_info}``: 61 of 63 lists paged errors."""
    answer = {"type": "object", "properties": {"errors": _ARRAY, "messages": _ARRAY, "result": _ARRAY}}
    assert records_of(_SPEC, answer, "/accounts") == "result"
    assert records_of(_SPEC, {"type": "object", "properties": {"errors": _ARRAY}}, "/validate") == "errors"
    assert records_of(_SPEC, {"type": "object", "properties": {"Warnings": _ARRAY, "Invoices": _ARRAY}}) == "Invoices"
