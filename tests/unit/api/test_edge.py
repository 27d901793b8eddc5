"""The served ASGI callable: Switchboard's pure-ASGI edge outside Starlette's middleware stack."""

from __future__ import annotations

from starlette.middleware.errors import ServerErrorMiddleware

from switchboard.api.app import create_app
from switchboard.api.fastpath import ExactPath, FastCalls
from switchboard.api.fastpath.hooks import FastHooks
from switchboard.api.middleware import Edge


def test_the_fast_path_is_served_before_anything_of_starlette() -> None:
    app = create_app()
    chain = []
    layer = app.build_middleware_stack()
    while layer is not None and len(chain) < 20:
        chain.append(type(layer))
        layer = getattr(layer, "app", None)
    edge = [Edge, FastCalls, FastHooks, ExactPath]
    assert chain[:5] == [*edge, ServerErrorMiddleware]
    # Mounted once, outside.
    assert FastCalls not in chain[5:] and FastHooks not in chain[5:] and Edge not in chain[1:]
    assert all(getattr(route, "path", "") != "/mcp" for route in app.routes)  # /mcp is served by the edge only
