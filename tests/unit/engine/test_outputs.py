"""Outputs assemble every page's records into one JSON document, whatever the page sizes."""

from __future__ import annotations

import asyncio

import msgspec
import orjson
import pytest

from switchboard.catalog.models import DdlOutput, PageNumberPagination
from switchboard.engine.outputs import DdlRecordsOutput, EnvelopeOutput
from switchboard.engine.outputs.spool import JsonSpool
from switchboard.engine.pages import count_records, split_page
from switchboard.engine.paginators import PageNumberPaginator
from switchboard.errors import UpstreamProtocolError
from switchboard.http import OutboundRequest

PAGES = PageNumberPagination(type="page_number", records="data", next="metadata.paging.next_page")


def test_envelope_concatenates_pages_and_clears_the_next_pointer() -> None:
    output = EnvelopeOutput(PageNumberPaginator(PAGES))
    pages = [
        b'{"data": [{"id": 1}, {"id": 2}], "metadata": {"paging": {"next_page": 2}, "filtering": {"tag": ["a"]}}}',
        b'{"data": [], "metadata": {"paging": {"next_page": 3}}}',
        b'{"metadata": {"paging": {"next_page": null}}, "data": [{"id": 3}]}',
    ]
    counts = [output.add_page(split_page(body, "data", n), n) for n, body in enumerate(pages, 1)]
    assert counts == [2, 0, 1]
    result = output.result()
    answer = asyncio.run(result.read())
    assert result.length == len(answer)  # sent as Content-Length before the first chunk
    document = orjson.loads(answer)
    assert document == {
        "data": [{"id": 1}, {"id": 2}, {"id": 3}],
        "metadata": {"paging": {"next_page": None}, "filtering": {"tag": ["a"]}},
    }


def test_ddl_items_from_paths_and_templates() -> None:
    definition = DdlOutput(type="ddl", text="{first_name} {last_name}", value="id")
    output = DdlRecordsOutput(definition, "data")
    output.add_page(split_page(b'{"data": [{"id": 7, "first_name": "Ada", "last_name": null}]}', "data", 1), 1)
    output.add_page(split_page(b'{"data": [{"id": 8, "first_name": "Grace", "last_name": "Hopper"}]}', "data", 2), 2)
    result = output.result()
    answer = asyncio.run(result.read())
    assert result.length == len(answer)
    document = orjson.loads(answer)
    assert document == {"result": [{"text": "Ada", "value": 7}, {"text": "Grace Hopper", "value": 8}]}


def test_spool_moves_to_disk_past_its_memory_threshold() -> None:
    spool = JsonSpool(max_memory=1024)
    for n in range(200):
        spool.add_items([orjson.dumps({"n": n, "pad": "x" * 50})])
    assert spool._file._rolled  # type: ignore[attr-defined]  # past 1 KiB it lives in a temporary file
    document = orjson.loads(asyncio.run(_read(spool)))
    assert [item["n"] for item in document] == list(range(200))


async def _read(spool: JsonSpool) -> bytes:
    return b"".join([chunk async for chunk in spool.stream(b"[", b"]")])


def test_records_stay_as_sent_and_the_envelope_keeps_its_order() -> None:
    page = split_page(
        b'{"meta": {"next": "x"}, "result": {"items": [{"b": 1,  "a": 2}], "count": 1}}', "result.items", 1
    )
    assert page.document == {"meta": {"next": "x"}, "result": {"items": None, "count": 1}}
    assert [bytes(r) for r in page.records] == [b'{"b": 1,  "a": 2}']  # not re-encoded


def test_other_lists_of_the_envelope_are_parsed_like_the_rest() -> None:
    page = split_page(
        b'{"errors": [{"code": 1}, "x"], "data": [ {"id": 1} , 2 ], "n": 123456789012345678901}', "data", 1
    )
    assert page.document == {"errors": [{"code": 1}, "x"], "data": None, "n": 123456789012345678901}
    assert [bytes(r) for r in page.records] == [b'{"id": 1}', b"2"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(b"<html>oops</html>", "is HTML", id="html"),
        pytest.param(b'{"data": [1, 2', "malformed or truncated JSON", id="truncated"),
        pytest.param(b'{"data": {"not": "a list"}}', "no list of records at 'data'", id="not-a-list"),
        pytest.param(b'{"items": []}', "no list of records at 'data'", id="missing"),
        pytest.param(b'{"data": null}', "no list of records at 'data'", id="null"),
        pytest.param(b'{"data": [], "total": 1e400}', "holds a number too large to read", id="huge-float"),
        pytest.param(b'{"data": [], "total": ' + b"9" * 5000 + b"}", "holds a number too large", id="5000-digits"),
    ],
)
def test_unusable_pages(body: bytes, message: str) -> None:
    with pytest.raises(UpstreamProtocolError, match=message):
        split_page(body, "data", 3)


@pytest.mark.parametrize(
    ("path", "answer"), [("data", {"data": []}), ("result.items", {"result": {"items": []}}), ("", [])]
)
def test_a_page_with_no_content_holds_no_records(path: str, answer: object) -> None:
    # BigCommerce's v2 lists answer 204 with no body where there is nothing (or nothing more) to list.
    paginator = PageNumberPaginator(PageNumberPagination(type="page_number", size=2, records=path))
    output = EnvelopeOutput(paginator)
    page = split_page(b"", path, 1)
    assert page.records == [] and output.add_page(page, 1) == 0
    assert paginator.advance(OutboundRequest(method="GET", url="https://x.test/orders"), page.document, 0) is None
    assert orjson.loads(asyncio.run(output.result().read())) == answer


@pytest.mark.parametrize("body", [b'{"result": [1]}', b'{"result": {"items": 5}}', b'{"result": {}}'])
def test_unusable_nested_pages(body: bytes) -> None:
    with pytest.raises(UpstreamProtocolError, match=r"no list of records at 'result\.items'"):
        split_page(body, "result.items", 2)


@pytest.mark.parametrize(
    ("body", "path", "count"),
    [
        (b'{"data":[{"id":1},{"id":[2]}],"metadata":{"paging":{"next_page":null}}}', "data", 2),
        (b'{"meta":{},"a":{"b":[1,2,3],"c":"x"}}', "a.b", 3),
        (b"[1,2]", "data", 2),  # the page is the list itself
        (b'{"data":{"id":1}}', "data", None),  # not a list: no records, and no error
        (b'{"other":[1]}', "data", None),
        (b'{"a":null}', "a.b", None),
    ],
)
def test_a_single_page_s_records_are_counted(body: bytes, path: str, count: int | None) -> None:
    assert count_records(body, path) == count


@pytest.mark.parametrize("body", [b'{"data":[1,}', b'{"meta":[1,},"data":[]}', b'{"data":{"x":1},"y":[1,}'])
def test_counting_still_checks_the_whole_answer_is_json(body: bytes) -> None:
    with pytest.raises(msgspec.DecodeError):
        count_records(body, "data")
