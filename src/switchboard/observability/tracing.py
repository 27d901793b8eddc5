"""Optional OpenTelemetry traces: off unless ``SWITCHBOARD_OTEL_ENDPOINT`` names an OTLP/HTTP collector.

Spans: the call (``switchboard.call``), the store lookup that resolves it (``store.open_connection``),
each wait for a rate-limit slot (``ratelimit.acquire``) and each upstream request
(``upstream.request``). Attributes carry ids, hosts and statuses: never a URL's query, a header or
a body, where secrets live. The SDK and exporter are the ``otel`` extra, imported only when on.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from switchboard.errors import ConfigurationError

_provider: Any = None
_tracer: Any = None


def configure_tracing(endpoint: str | None, service_name: str = "switchboard") -> None:
    """Export spans in batches to ``endpoint`` (``http://collector:4318``); nothing when it is unset."""
    global _provider, _tracer
    if not endpoint or _provider is not None:
        return
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        raise ConfigurationError(
            "SWITCHBOARD_OTEL_ENDPOINT is set but OpenTelemetry is not installed: pip install 'switchboard[otel]'"
        ) from exc
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")))
    _provider, _tracer = provider, provider.get_tracer("switchboard")


def tracer() -> Any:
    """The tracer when tracing is on, else None (callers skip span work entirely)."""
    return _tracer


def span(name: str, **attributes: Any) -> AbstractContextManager[Any]:
    """A span as the current one, or a no-op when tracing is off."""
    if _tracer is None:
        return nullcontext()
    started: AbstractContextManager[Any] = _tracer.start_as_current_span(name, attributes=attributes)
    return started


def shutdown_tracing() -> None:
    """Export what is buffered (graceful shutdown)."""
    global _provider, _tracer
    if _provider is not None:
        _provider.shutdown()
    _provider = _tracer = None
