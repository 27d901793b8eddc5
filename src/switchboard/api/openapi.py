"""The OpenAPI document: bearer security and the ``X-Cyclr-Account`` header, added in one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PUBLIC = {"/oauth/token", "/health", "/connectorauth/updateaccountconnectoroauth", "/connector/callback"}
ACCOUNT_HEADER = {
    "name": "X-Cyclr-Account",
    "in": "header",
    "required": True,
    "description": "The API ID of the account to work in",
    "schema": {"type": "string"},
}


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "A token from POST /oauth/token"}
        }
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                if path in PUBLIC:
                    continue
                operation["security"] = [{"bearer": []}]
                if path.startswith("/v1.0/account/") or path.endswith("/install"):
                    operation.setdefault("parameters", []).append(dict(ACCOUNT_HEADER))
                operation.setdefault("responses", {}).setdefault("401", {"description": "No or bad token"})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
