"""Dynamic drop-down lists: ``{"result": [{"text": ..., "value": ...}]}`` from any list."""

from __future__ import annotations

import re
from typing import Any

import msgspec
import orjson

from switchboard.catalog.models import DdlOutput
from switchboard.engine import paths
from switchboard.engine.outputs.base import CallResult
from switchboard.engine.outputs.spool import JsonSpool
from switchboard.engine.pages import Page

_FIELD = re.compile(r"{([^{}]+)}")


class DdlRecordsOutput:
    """``{type: ddl, text: name, value: id}``; ``text`` may be a template: ``"{first_name} {last_name}"``."""

    def __init__(self, definition: DdlOutput, records_path: str) -> None:
        self._definition = definition
        self.records_path = definition.records or records_path
        self._spool = JsonSpool()

    def add_page(self, page: Page, number: int) -> int:
        records = [msgspec.json.decode(raw) for raw in page.records]
        items = [
            {"text": _render(record, self._definition.text), "value": _value(record, self._definition.value)}
            for record in records
        ]
        self._spool.add_items([orjson.dumps(item) for item in items])
        return len(records)

    def result(self) -> CallResult:
        return self._spool.result(b'{"result":[', b"]}")

    def discard(self) -> None:
        self._spool.close()


def _render(record: Any, template: str) -> str:
    if "{" not in template:
        value = paths.read(record, template)
        return "" if value is None else str(value)
    rendered = _FIELD.sub(lambda m: _text(paths.read(record, m.group(1))), template)
    return " ".join(rendered.split())


def _value(record: Any, template: str) -> Any:
    return paths.read(record, template) if "{" not in template else _render(record, template)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
