"""The method-call routes served as pure ASGI ahead of FastAPI (the declarations stay for OpenAPI)."""

from switchboard.api.fastpath.asgi import FastCalls
from switchboard.api.fastpath.parse import ROUTES, Route

__all__ = ["ROUTES", "FastCalls", "Route"]
