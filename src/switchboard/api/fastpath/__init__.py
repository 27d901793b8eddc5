"""The method-call routes (and ``/mcp``) served as pure ASGI ahead of FastAPI (the declarations stay for OpenAPI)."""

from switchboard.api.fastpath.asgi import ExactPath, FastCalls
from switchboard.api.fastpath.parse import ROUTES, Route

__all__ = ["ROUTES", "ExactPath", "FastCalls", "Route"]
