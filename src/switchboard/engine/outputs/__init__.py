"""How a method's answer is shaped: one class per variant behind ``Output``."""

from switchboard.engine.outputs.base import CallResult, Output
from switchboard.engine.outputs.ddl import DdlRecordsOutput
from switchboard.engine.outputs.envelope import EnvelopeOutput
from switchboard.engine.outputs.spool import JsonSpool

__all__ = ["CallResult", "DdlRecordsOutput", "EnvelopeOutput", "JsonSpool", "Output"]
