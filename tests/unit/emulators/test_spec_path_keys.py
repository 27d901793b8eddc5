"""A path key with a space at its end (Matrix's ``"/events "``) is answered at the path a request can name."""

from __future__ import annotations

from pathlib import Path

import requests

from tests.unit.emulators.served import serving

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Events", "version": "1"},
    "servers": [{"url": "https://matrix.example.com/_matrix/client/v3"}],
    "paths": {"/events ": {"get": {
        "parameters": [{"name": "timeout", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "required": ["chunk"], "properties": {"chunk": {"type": "array"}}}}}}},
    }}},
}  # fmt: skip


def test_a_path_key_s_trailing_space_is_no_part_of_the_path(tmp_path: Path) -> None:
    with serving(tmp_path, SPEC, "events.yaml") as base:
        url = f"{base}/_matrix/client/v3/events"
        good = requests.get(url, params={"timeout": "30"}, timeout=10)
        bad = requests.get(url, params={"timeout": "soon"}, timeout=10)  # checked against the spec's parameters
    assert good.status_code == 200 and "chunk" in good.json(), good.text
    assert bad.status_code == 400 and "timeout" in bad.text
