"""Seeing what happens: the call log, Prometheus metrics, structured logs, request ids."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from switchboard.observability.calllog import CallLogWindows, CallLogWriter
    from switchboard.observability.recorder import CallContext, Recorder

__all__ = ["CallContext", "CallLogWindows", "CallLogWriter", "Recorder"]
_HOMES = {"CallLogWindows": "calllog", "CallLogWriter": "calllog", "CallContext": "recorder", "Recorder": "recorder"}


def __getattr__(name: str) -> Any:
    """Imported on first use: the call log's writer process needs this package, not the engine the recorder runs."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"switchboard.observability.{_HOMES[name]}"), name)
