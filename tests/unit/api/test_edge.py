"""The served ASGI callable: Switchboard's pure-ASGI edge outside Starlette's middleware stack."""

from __future__ import annotations

import asyncio

import httpx
from starlette.middleware.errors import ServerErrorMiddleware

from switchboard.api.app import create_app
from switchboard.api.fastpath import ExactPath, FastCalls, FastTools
from switchboard.api.fastpath.hooks import FastHooks
from switchboard.api.middleware import Edge


def test_the_fast_path_is_served_before_anything_of_starlette() -> None:
    app = create_app()
    chain = []
    layer = app.build_middleware_stack()
    while layer is not None and len(chain) < 20:
        chain.append(type(layer))
        layer = getattr(layer, "app", None)
    edge = [Edge, FastCalls, FastTools, FastHooks, ExactPath]
    assert chain[:6] == [*edge, ServerErrorMiddleware]
    # Mounted once, outside.
    assert not {FastCalls, FastTools, FastHooks} & set(chain[6:]) and Edge not in chain[1:]
    assert all(getattr(route, "path", "") != "/mcp" for route in app.routes)  # /mcp is served by the edge only


def test_http_goes_straight_to_the_edge_which_answers_as_the_five_wrappers_did() -> None:
    app = create_app()

    async def get(path: str, **headers: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://switchboard.test") as client:
            return await client.get(path, headers=headers)

    answer = asyncio.run(get("/health/", **{"X-Request-Id": "my-id.1"}))  # a trailing slash: served, not redirected
    assert answer.status_code == 200 and answer.json()["Status"] == "ok"
    assert answer.headers["x-request-id"] == "my-id.1" and answer.headers["x-content-type-options"] == "nosniff"
    assert app._direct is True  # no global OpenTelemetry provider: FastAPI's per-request look is skipped
    fresh = asyncio.run(get("/health", **{"X-Request-Id": "not ok!"}))  # a malformed id: a new one
    assert len(fresh.headers["x-request-id"]) == 32 and fresh.headers["x-request-id"] != "not ok!"
    many = asyncio.run(get("/health", **{f"X-H{i}": "v" for i in range(200)}))
    assert many.status_code == 431 and many.headers["x-content-type-options"] == "nosniff"
    assert "headers" in many.json()["Message"] and many.headers["x-request-id"]
