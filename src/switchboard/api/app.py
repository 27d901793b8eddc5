"""The FastAPI application factory."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from switchboard.api.docs import install_docs
from switchboard.api.errors import CatchUnexpected, install_error_handlers
from switchboard.api.fastpath import ExactPath, FastCalls, FastHooks, FastTools
from switchboard.api.middleware import Edge
from switchboard.api.openapi import install_openapi
from switchboard.api.readiness import READY_RESPONSES, Readiness, ReadyOut
from switchboard.api.routers import (
    account_connectors,
    accounts,
    branding,
    call_log,
    calls,
    connector_settings,
    connectors,
    hooks,
    ip_allow_list,
    mcp_tokens,
    methods,
    metrics,
    oauth,
    oauth_flow,
    properties,
    syncs,
    tools,
    triggers,
    webhooks,
)
from switchboard.api.services import Services
from switchboard.api.tool_callers import tool_caller
from switchboard.console import router as console_router
from switchboard.mcp.lazy import METHODS as MCP_METHODS
from switchboard.mcp.lazy import REFUSAL as MCP_REFUSAL
from switchboard.mcp.lazy import LazyMcpEndpoint
from switchboard.observability.logs import configure_logging
from switchboard.observability.tracing import configure_tracing, shutdown_tracing
from switchboard.settings import Settings

GC_YOUNG_THRESHOLD = 10_000

log = logging.getLogger("switchboard")


class SwitchboardApp(FastAPI):
    """FastAPI with Switchboard's pure-ASGI edge mounted outside Starlette's own middleware.

    The served callable is ``Edge(FastCalls(FastTools(FastHooks(ExactPath(/mcp, <FastAPI's stack>)))))``
    (``Edge``: trailing slash, request id, header and body limits, nosniff): a method call answered by
    ``FastCalls``, a REST tool call by ``FastTools``, a provider's webhook by ``FastHooks``, or an MCP
    message, never enters Starlette's ``ServerErrorMiddleware``, ``ExceptionMiddleware`` or router
    (each catches its own errors). Everything else reaches FastAPI, its answers through the same edge.
    """

    def __init__(self, *, edge: list[tuple[type[Any], dict[str, Any]]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.edge = edge  # outermost first
        self._direct: bool | None = None  # HTTP straight to the edge: decided on the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # FastAPI asks OpenTelemetry's global providers on every request whether to trace it (three
        # provider look-ups and an environment read, a few microseconds of every call). Switchboard's
        # spans are its own (``observability.tracing``, no global provider): asked once, on the first
        # request, and skipped from then on unless someone configured a global provider by then.
        direct = self._direct
        if direct is None and scope["type"] == "http":
            direct = self._direct = not self.root_path and not self._native_telemetry.enabled()
        if direct and scope["type"] == "http":
            scope["app"] = self
            if self.middleware_stack is None:
                self.middleware_stack = self.build_middleware_stack()
            await self.middleware_stack(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def build_middleware_stack(self) -> ASGIApp:
        app = super().build_middleware_stack()
        for cls, options in reversed(self.edge):
            app = cls(app, **options)
        return app


def create_app(settings: Settings | None = None) -> SwitchboardApp:
    """A Switchboard app; its services (database, engine, catalogue) start with the app."""
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    configure_tracing(settings.otel_endpoint)
    # The MCP SDK is imported on the first /mcp request.
    mcp = LazyMcpEndpoint(
        tool_caller, version="0.1.0", max_body=settings.max_request_bytes, lane=settings.mcp_tool_call_lane
    )
    readiness = Readiness(settings.drain_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services.build(settings)
        if settings.migrate_on_start:
            await services.db.upgrade(seal=services.seal_properties)
        # Secret install properties still in the clear (rows from before 0009_hard_sec, a property marked secret later).
        await services.db.seal(services.seal_properties)
        services.open_stores()
        app.state.services = services
        services.start_workers()
        # The catalogue and the app are hundreds of thousands of long-lived objects: moved out of the
        # collector's reach, a full collection no longer walks them while calls wait (p99 stalls).
        gc.collect()
        gc.freeze()
        # A young collection walks the young objects still alive (the calls in flight), whatever the
        # threshold: collecting every 10,000 allocations instead of 700 does the same walk ~14x less often.
        gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)
        log.info("switchboard ready: %d connectors", len(services.registry.connectors))
        await services.check_redis()
        await services.check_secrets_key()
        try:
            with readiness.drain_on_sigterm():
                async with mcp.running():
                    yield
        finally:
            await services.close()
            shutdown_tracing()

    app = SwitchboardApp(
        # Cyclr's edge, outside everything that answers: no redirect for a trailing slash, nosniff on
        # all, every answer with its request id (the fast path's included), then the limits; the call
        # routes are answered by FastCalls before anything of FastAPI runs.
        edge=[
            (
                Edge,
                {
                    "max_header_count": settings.max_header_count,
                    "max_header_bytes": settings.max_header_bytes,
                    "max_body_bytes": settings.max_request_bytes,
                    "body_timeout": settings.request_body_timeout,
                },
            ),
            (FastCalls, {}),
            # Agents' function calls over REST (POST .../tools/{name}): a call too, answered before FastAPI.
            (FastTools, {}),
            # Providers' webhooks (POST /hooks/...), hundreds a second: answered before FastAPI too.
            (FastHooks, {}),
            # Agents: the MCP endpoint (Streamable HTTP), authenticated per request (switchboard.mcp).
            (ExactPath, {"path": "/mcp", "endpoint": mcp, "methods": MCP_METHODS, "refusal": MCP_REFUSAL}),
        ],
        title="Switchboard",
        version="0.1.0",
        summary="A self-hosted, Cyclr-compatible Connector API",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # Short operation ids (``list_accounts``, ``call_method_body``): a generated client reads well.
        generate_unique_id_function=lambda route: route.name,
    )
    install_error_handlers(app)
    # Inside Starlette's ServerErrorMiddleware: a bug is answered here, so that one never sees it (api.errors).
    app.add_middleware(CatchUnexpected)
    install_openapi(app)
    install_docs(app)

    @app.get("/health", tags=["Health"])
    async def health() -> dict[str, str | int]:
        """Liveness for load balancers and scripts: no authentication, no database."""
        return {"Status": "ok", "Worker": os.getpid()}

    @app.get("/health/ready", tags=["Health"], response_model=ReadyOut, responses=READY_RESPONSES)
    async def ready(request: Request) -> Response:
        """Readiness for load balancers: the database and Redis (when configured) answer within a bound, and the
        server is not draining before a stop; 503 with Retry-After naming what is not (every route still served)."""
        services = request.app.state.services
        return await readiness.answer(services.db, services.redis)

    # Method calls first: the router tries routes in order, and calls are the hot path.
    for module in (
        calls,
        oauth,
        accounts,
        connector_settings,  # before connectors: /connectors/{id}/settings is not /connectors/{name}/{version}
        connectors,
        methods,
        account_connectors,
        properties,
        triggers,
        syncs,
        oauth_flow,
        ip_allow_list,
        branding,
        tools,
        mcp_tokens,
        webhooks,
        hooks,
        call_log,
        metrics,
    ):
        app.include_router(module.router)
    app.include_router(console_router)  # the partner console and the end user's connect page
    return app
