"""OpenTelemetry traces, when an exporter endpoint is configured: received by a collector on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from switchboard_emulators import EmulatorServer
from switchboard_emulators.salesloft import SalesloftEmulator
from tests.harness import SwitchboardServer, server_env


class Collector(ThreadingHTTPServer):
    """An OTLP/HTTP endpoint that keeps every span it is sent."""

    spans: list[Any]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        assert isinstance(self.server, Collector)
        if self.path == "/v1/traces":
            request = ExportTraceServiceRequest.FromString(body)
            for resource in request.resource_spans:
                for scope in resource.scope_spans:
                    self.server.spans.extend(scope.spans)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector(("127.0.0.1", 0), Handler)
    server.spans = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_call_is_traced_through_store_limiter_and_upstream(
    tmp_path: Path, collector: Collector, salesloft: EmulatorServer
) -> None:
    sl = salesloft.emulator
    assert isinstance(sl, SalesloftEmulator)
    sl.seed("accounts", 3)
    env = server_env(
        tmp_path,
        {"salesloft": salesloft.url},
        SWITCHBOARD_OTEL_ENDPOINT=f"http://127.0.0.1:{collector.server_address[1]}",
        OTEL_BSP_SCHEDULE_DELAY="100",
    )
    server = SwitchboardServer(tmp_path, env).start()
    try:
        partner = server.new_partner("Traced")
        account = partner.new_account()
        installed = account.install("salesloft", AuthValue=sl.api_key)
        uid = account.methods("salesloft")["List accounts"]["MethodUniqueIdentifier"]
        answer = account.post(f"/v1.0/account/connectors/{installed}/methods/{uid}", json={})
        assert answer.status_code == 200
        request_id = answer.headers["X-Request-Id"]
        deadline = time.monotonic() + 15
        while not any(s.name == "switchboard.call" for s in collector.spans) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        server.stop()
    (call,) = [s for s in collector.spans if s.name == "switchboard.call"]
    attributes = {a.key: a.value for a in call.attributes}
    assert attributes["switchboard.request_id"].string_value == request_id
    assert attributes["switchboard.method"].string_value == uid
    assert attributes["http.response.status_code"].int_value == 200
    in_trace = [s for s in collector.spans if s.trace_id == call.trace_id]
    names = [s.name for s in in_trace]
    upstream = [s for s in in_trace if s.name == "upstream.request"]
    assert len(upstream) >= 1 and all(s.parent_span_id == call.span_id for s in upstream)
    assert names.count("ratelimit.acquire") == len(upstream)
    (root,) = [s for s in in_trace if s.name == "switchboard.request"]
    assert call.parent_span_id == root.span_id
    (store,) = [s for s in in_trace if s.name == "store.open_connection"]
    assert store.parent_span_id == root.span_id
    first = {a.key: a.value for a in upstream[0].attributes}
    assert first["server.address"].string_value == "127.0.0.1"
    assert first["http.response.status_code"].int_value == 200
    assert sl.api_key not in str(collector.spans)  # no secret in any span
