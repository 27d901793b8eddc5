"""How a method's answer is shaped: one class per variant behind ``Output``, chosen by ``output_for``."""

from __future__ import annotations

from switchboard.catalog.models import DdlOutput, OutputDef, PaginationDef
from switchboard.engine.outputs.base import CallResult, Output
from switchboard.engine.outputs.ddl import DdlRecordsOutput
from switchboard.engine.outputs.envelope import EnvelopeOutput
from switchboard.engine.outputs.ndjson import NDJSON, ndjson_lines
from switchboard.engine.outputs.spool import JsonSpool
from switchboard.engine.paginators import Paginator

__all__ = [
    "NDJSON",
    "CallResult",
    "DdlRecordsOutput",
    "EnvelopeOutput",
    "JsonSpool",
    "Output",
    "ndjson_lines",
    "output_for",
]


def output_for(
    definition: OutputDef | None, paginator: Paginator | None, connector_pagination: PaginationDef | None
) -> Output | None:
    """The collector for a list answer, or None when one upstream answer passes through as it is.

    ``ddl`` outputs turn any list into ``{"result": [{text, value}]}``; a paged method without
    one gets every page's records in one envelope. (``static`` and ``raw_http`` outputs never
    reach here: they need no collecting.)
    """
    if isinstance(definition, DdlOutput):
        default_records = (
            paginator.records_path if paginator else (connector_pagination.records if connector_pagination else "")
        )
        return DdlRecordsOutput(definition, default_records)
    if paginator is not None:
        return EnvelopeOutput(paginator)
    return None
