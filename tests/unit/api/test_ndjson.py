"""The NDJSON answer's pure parts: when Accept asks for it, and one record a line whatever came."""

from __future__ import annotations

import msgspec
import orjson
import pytest

from switchboard.api.ndjson import wants_ndjson
from switchboard.engine.outputs import ndjson_lines


@pytest.mark.parametrize(
    ("accept", "wanted"),
    [
        ("application/x-ndjson", True),
        ("Application/X-NDJSON", True),
        ("application/json;q=0.5, application/x-ndjson", True),
        ("application/x-ndjson; q=0.9", True),
        ("application/x-ndjson;q=0", False),
        ("application/json, application/x-ndjson; q=0.0", False),
        ("application/json", False),
        ("*/*", False),
        (None, False),
        ("", False),
    ],
)
def test_ndjson_is_chosen_only_when_accept_lists_it(accept: str | None, wanted: bool) -> None:
    assert wants_ndjson(accept) is wanted


def test_records_go_one_a_line_even_when_the_provider_pretty_printed_them() -> None:
    records = [msgspec.Raw(b'{"id": 1}'), msgspec.Raw(b'{\n  "id": 2,\r\n  "note": "a\\nb"\n}'), msgspec.Raw(b"3")]
    body = ndjson_lines(records)
    lines = body.split(b"\n")
    assert lines[-1] == b"" and len(lines) == 4
    assert [orjson.loads(line) for line in lines[:-1]] == [{"id": 1}, {"id": 2, "note": "a\nb"}, 3]


def test_no_records_is_no_line() -> None:
    assert ndjson_lines([]) == b""
