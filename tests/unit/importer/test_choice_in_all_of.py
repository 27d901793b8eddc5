"""A choice inside ``allOf`` (Lichess's seek: ``allOf [{rated, variant}, oneOf [real-time, correspondence]]``)
gives its keys as fields too; they were lost, and no real-time seek could be made. Sent as a form, the spec's
emulator reads the keys the choice declares (openapi-core alone kept only the schema's own ``properties``)."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import yaml

from switchboard.catalog import Registry
from switchboard.engine.inputs.binding import bind_by_name
from switchboard.engine.request.build import build_request
from switchboard.http import Budget, OutboundRequest
from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.importer import import_connector
from switchboard_emulators import EmulatorServer
from switchboard_emulators.spec import SpecEmulator

SEEK = {"allOf": [
    {"type": "object", "properties": {"rated": {"type": "boolean", "default": False}}},
    {"oneOf": [
        {"type": "object", "required": ["time", "increment"], "properties": {
            "time": {"type": "number", "maximum": 180}, "increment": {"type": "integer"}}},
        {"type": "object", "required": ["days"], "properties": {"days": {"type": "integer", "enum": [1, 2, 3]}}},
    ]},
]}  # fmt: skip
SPEC: dict[str, Any] = {
    "openapi": "3.1.0", "info": {"title": "Board", "version": "1"}, "servers": [{"url": "https://api.example.com"}],
    "paths": {"/api/board/seek": {"post": {
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": SEEK}}},
        "responses": {"200": {"description": "seeking"}}}}},
}  # fmt: skip


def test_a_choice_inside_all_of_gives_its_keys_as_fields() -> None:
    (method,) = import_connector(copy.deepcopy(SPEC), "board").definition.methods
    fields = {f.location: f for f in method.fields}
    assert set(fields) == {"rated", "time", "increment", "days"}
    assert not any(f.required for f in fields.values())  # no key is required by every alternative
    assert fields["time"].type == "number" and fields["days"].values == [1, 2, 3]


async def test_the_spec_accepts_either_alternative_sent_as_a_form_and_refuses_neither(tmp_path: Path) -> None:
    spec = tmp_path / "board.yaml"
    spec.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    definition = import_connector(copy.deepcopy(SPEC), "board").definition
    (method,) = Registry([definition]).by_key["board"].methods
    transport = AiohttpTransport(connect_timeout=5, read_timeout=10)
    statuses = []
    try:
        with EmulatorServer(SpecEmulator(spec)) as server:
            for body in ({"time": 15, "increment": 0, "rated": True}, {"days": 3}, {"rated": True}, {"time": 500}):
                request = build_request(definition, method, bind_by_name(method, {}, None, body), server.url)
                budget = Budget(deadline=time.monotonic() + 10, max_bytes=1 << 20)
                sent = await transport.send(
                    OutboundRequest("POST", request.url, (), request.headers, request.body), budget
                )
                statuses.append((sent.status, request.body))
    finally:
        await transport.close()
    assert [s for s, _ in statuses] == [200, 200, 400, 400], statuses
    assert statuses[0][1] == b"rated=true&time=15&increment=0", statuses
