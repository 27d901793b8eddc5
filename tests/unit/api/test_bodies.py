"""Request bodies as Cyclr's server reads them (``api.bodies``, ``api.schemas.Schema``, the fast path's parser)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from fastapi.routing import APIRoute

from switchboard.api import routers
from switchboard.api.bodies import LENIENT_MAX_BYTES, JsonRoute, NotJson, loads
from switchboard.api.fastpath import ROUTES
from switchboard.api.fastpath.parse import json_body
from switchboard.api.schemas import CallById, InstallIn
from switchboard.errors import RequestError


@pytest.mark.parametrize(
    ("raw", "document"),
    [
        (b'{"Parameters": {"1": 2}}', {"Parameters": {"1": 2}}),
        (b"{'Parameters': {80436146 : 1}}", {"Parameters": {"80436146": 1}}),
        (b"{Name: 'x', // a comment\n Tags: ['a', 'b',],}", {"Name": "x", "Tags": ["a", "b"]}),
        (b"null", None),
    ],
)
def test_strict_then_lenient(raw: bytes, document: object) -> None:
    assert loads(raw) == document
    assert type(loads(raw)) is type(document)  # plain dicts, not the lenient parser's OrderedDict


@pytest.mark.parametrize(
    ("raw", "where"),
    [(b"{'Name': }", "line 1 column 10"), (b'{"a": 1} and more', "line 1"), (b"{oops", "line 1 column 6")],
)
def test_what_neither_reads_names_the_place(raw: bytes, where: str) -> None:
    with pytest.raises(NotJson) as refused:
        loads(raw)
    assert where in refused.value.reason


@pytest.mark.parametrize("raw", [b"/*\t", b"[/*", b'{"a": 1 /*', b"[1e999]", b"{a: -1e999}"])
def test_what_trips_the_lenient_reader_itself_is_still_not_json(raw: bytes) -> None:
    # hjson raises IndexError on an unclosed comment at the end, OverflowError past a double: 400s, never 500s.
    with pytest.raises(NotJson, match="nor is it lenient JSON"):
        loads(raw)


@pytest.mark.parametrize(
    "raw", [b'{"a": "\\ud800"}', b"{a: 'x\\uDFFF'}", b"{'\\udc00': 1}", b"['\\ude00\\ud83d']", b"{a: ['\\ud83d']}"]
)
def test_half_a_surrogate_pair_is_not_json_on_either_reading(raw: bytes) -> None:
    # Strict JSON refuses it, and no store (nor an answer) can hold it: the lenient reading refuses it too.
    with pytest.raises(NotJson, match="half of a surrogate pair"):
        loads(raw)


def test_a_whole_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    assert loads(b"{a: '\\ud83d\\ude00'}") == {"a": "\U0001f600"}
    assert loads(b"{a: '\\\\ud800'}") == {"a": "\\ud800"}  # a backslash, then the letters


def test_large_bodies_must_be_strict() -> None:
    big = b"{'a': '" + b"x" * LENIENT_MAX_BYTES + b"'}"
    with pytest.raises(NotJson, match="must be strict JSON"):
        loads(big)
    assert loads(big.replace(b"'", b'"')) == {"a": "x" * LENIENT_MAX_BYTES}


def test_every_api_route_reads_bodies_leniently() -> None:
    """A router added without ``route_class=JsonRoute`` would read bodies strictly."""
    modules = [importlib.import_module(f"{routers.__name__}.{m.name}") for m in pkgutil.iter_modules(routers.__path__)]
    declared = [r for m in modules for r in m.router.routes if isinstance(r, APIRoute)]
    assert len(declared) > 40
    assert [r.path for r in declared if not isinstance(r, JsonRoute)] == []


def test_schema_members_match_in_any_case_the_exact_spelling_first() -> None:
    assert CallById.model_validate({"MergeFields": {"a": 1}}).mergefields == {"a": 1}
    assert CallById.model_validate({"MERGEFIELDS": {"a": 1}, "Mergefields": {"b": 2}}).mergefields == {"b": 2}
    install = InstallIn.model_validate({"NAME": "n", "properties": [{"name": "p", "VALUE": "v"}]})
    assert (install.name, install.property_map()) == ("n", {"p": "v"})


def test_the_fast_path_matches_members_as_the_schemas_do() -> None:
    route = ROUTES[("POST", "methods", False)]
    problems: list[str] = []
    body = json_body(route, b"{'MERGEFIELDS': {'a': 1}, Mergefields: {b: 2}, parameters: {}}", "", problems)
    assert (body, problems) == ({"Mergefields": {"b": 2}, "Parameters": {}}, [])
    with pytest.raises(RequestError) as refused:  # alone, as FastAPI refuses a body it cannot read
        json_body(route, b"{'Parameters': }", "application/json", problems)
    assert refused.value.message == (
        "The request body is not valid JSON: Found a punctuator character when "
        "expecting a quoteless string (check your syntax) at line 1 column 16"
    )


@pytest.mark.parametrize("raw", [b'{"Parameters": {"page": NaN}}', b'{"a": -Infinity}', b"[Infinity, 1]"])
def test_nan_and_infinity_are_named_where_they_stand(raw: bytes) -> None:
    """Not the lenient reader's later "Bad key name (eof)": the number is what to change."""
    with pytest.raises(NotJson) as refused:
        loads(raw)
    assert refused.value.reason.startswith("NaN and Infinity are not JSON numbers; send a number or null (line 1")


def test_a_raw_control_character_is_named_without_the_lenient_readers_unfilled_template() -> None:
    with pytest.raises(NotJson) as refused:
        loads(b'{"Name": "a\x00b"}')
    assert refused.value.reason == "Invalid control character at line 1 column 13"
