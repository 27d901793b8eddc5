"""The method-call routes, the REST tool calls, the provider hook URLs (and ``/mcp``) served as pure ASGI
ahead of FastAPI (the declarations stay for OpenAPI)."""

from switchboard.api.fastpath.asgi import ExactPath, FastCalls
from switchboard.api.fastpath.hooks import FastHooks
from switchboard.api.fastpath.parse import ROUTES, Route
from switchboard.api.fastpath.tools import FastTools

__all__ = ["ROUTES", "ExactPath", "FastCalls", "FastHooks", "FastTools", "Route"]
