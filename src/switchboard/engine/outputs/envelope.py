"""Concatenate the records of every page into the first page's envelope."""

from __future__ import annotations

from typing import Any

import orjson

from switchboard.engine import paths
from switchboard.engine.outputs.base import CallResult
from switchboard.engine.outputs.spool import JsonSpool
from switchboard.engine.pages import Page
from switchboard.engine.paginators import Paginator

_SENTINEL = "\x00switchboard-records\x00"


class EnvelopeOutput:
    """The answer looks like one page of the third party's API holding all the records:
    ``{"data": [...every record...], "metadata": {...first page, next pointer cleared...}}``.
    """

    def __init__(self, paginator: Paginator) -> None:
        self._paginator = paginator
        self.records_path = paginator.records_path
        self._spool = JsonSpool()
        self._prefix = b"["
        self._suffix = b"]"

    def add_page(self, page: Page, number: int) -> int:
        if number == 1:
            self._prefix, self._suffix = self._template(page.document)
        self._spool.add_items(page.records)
        return len(page.records)

    def _template(self, document: Any) -> tuple[bytes, bytes]:
        if not isinstance(document, dict) or not self.records_path:
            return b"[", b"]"  # the page is the list itself
        self._paginator.clear_next(document)
        paths.assign(document, self.records_path, _SENTINEL)
        encoded = orjson.dumps(document)
        marker = orjson.dumps(_SENTINEL)
        before, _, after = encoded.partition(marker)
        return before + b"[", b"]" + after

    def result(self) -> CallResult:
        return self._spool.result(self._prefix, self._suffix)

    def discard(self) -> None:
        self._spool.close()
