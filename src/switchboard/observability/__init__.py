"""Seeing what happens: the call log, Prometheus metrics, structured logs, request ids."""

from switchboard.observability.calllog import CallLogWindows, CallLogWriter
from switchboard.observability.recorder import CallContext, Recorder

__all__ = ["CallContext", "CallLogWindows", "CallLogWriter", "Recorder"]
