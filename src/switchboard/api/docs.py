"""``/docs`` and ``/redoc`` with their assets served from the installed ``fastapi-offline`` package, never a CDN.

A self-hosted install behind a firewall renders its documentation with no outside network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from switchboard.api.pages import NO_FRAMING

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
PREFIX = "/docs-assets"


# ReDoc's sidebar shows a logo fetched from Redocly's CDN, whatever its options say: point it home.
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@cache
def _redoc_js() -> bytes:
    return (ASSETS / "redoc.standalone.js").read_bytes().replace(REDOC_LOGO, f"{PREFIX}/favicon.png".encode())


def install_docs(app: FastAPI) -> None:
    @app.get(f"{PREFIX}/redoc.js", include_in_schema=False)
    async def redoc_js() -> Response:
        return Response(_redoc_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return _unframed(
            get_swagger_ui_html(
                openapi_url="/openapi.json",
                title=f"{app.title} API",
                swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                swagger_css_url=f"{PREFIX}/swagger-ui.css",
                swagger_favicon_url=f"{PREFIX}/favicon.png",
            )
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _unframed(
            get_redoc_html(
                openapi_url="/openapi.json",
                title=f"{app.title} API",
                redoc_js_url=f"{PREFIX}/redoc.js",
                redoc_favicon_url=f"{PREFIX}/favicon.png",
                with_google_fonts=False,
            )
        )


def _unframed(page: HTMLResponse) -> HTMLResponse:
    page.headers.update(NO_FRAMING)
    return page
