"""The method-call routes, the provider hook URLs (and ``/mcp``) served as pure ASGI ahead of FastAPI
(the declarations stay for OpenAPI)."""

from switchboard.api.fastpath.asgi import ExactPath, FastCalls
from switchboard.api.fastpath.hooks import FastHooks
from switchboard.api.fastpath.parse import ROUTES, Route

__all__ = ["ROUTES", "ExactPath", "FastCalls", "FastHooks", "Route"]
