"""Outputs assemble every page's records into one JSON document, whatever the page sizes."""

from __future__ import annotations

import asyncio

import orjson

from switchboard.catalog.models import DdlOutput, PageNumberPagination
from switchboard.engine.outputs import DdlRecordsOutput, EnvelopeOutput
from switchboard.engine.outputs.spool import JsonSpool
from switchboard.engine.paginators import PageNumberPaginator

PAGES = PageNumberPagination(type="page_number", records="data", next="metadata.paging.next_page")


def test_envelope_concatenates_pages_and_clears_the_next_pointer() -> None:
    output = EnvelopeOutput(PageNumberPaginator(PAGES))
    pages = [
        {"data": [{"id": 1}, {"id": 2}], "metadata": {"paging": {"next_page": 2}, "filtering": {"tag": ["a"]}}},
        {"data": [], "metadata": {"paging": {"next_page": 3}}},
        {"data": [{"id": 3}], "metadata": {"paging": {"next_page": None}}},
    ]
    assert [output.add_page(page, n) for n, page in enumerate(pages, 1)] == [2, 0, 1]
    document = orjson.loads(asyncio.run(output.result().read()))
    assert document == {
        "data": [{"id": 1}, {"id": 2}, {"id": 3}],
        "metadata": {"paging": {"next_page": None}, "filtering": {"tag": ["a"]}},
    }


def test_ddl_items_from_paths_and_templates() -> None:
    definition = DdlOutput(type="ddl", text="{first_name} {last_name}", value="id")
    output = DdlRecordsOutput(definition, "data")
    output.add_page({"data": [{"id": 7, "first_name": "Ada", "last_name": None}]}, 1)
    output.add_page({"data": [{"id": 8, "first_name": "Grace", "last_name": "Hopper"}]}, 2)
    document = orjson.loads(asyncio.run(output.result().read()))
    assert document == {"result": [{"text": "Ada", "value": 7}, {"text": "Grace Hopper", "value": 8}]}


def test_spool_moves_to_disk_past_its_memory_threshold() -> None:
    spool = JsonSpool(max_memory=1024)
    for n in range(200):
        spool.add_array(orjson.dumps([{"n": n, "pad": "x" * 50}]), 1)
    assert spool._file._rolled  # type: ignore[attr-defined]  # past 1 KiB it lives in a temporary file
    document = orjson.loads(asyncio.run(_read(spool)))
    assert [item["n"] for item in document] == list(range(200))


async def _read(spool: JsonSpool) -> bytes:
    return b"".join([chunk async for chunk in spool.stream(b"[", b"]")])
