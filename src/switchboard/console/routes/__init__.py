"""The console's routes, gathered into one router the API app mounts (kept out of the OpenAPI document)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import FileResponse, Response

from switchboard.console.render import STATIC
from switchboard.console.routes import (
    accounts,
    allow_list,
    auth,
    calls,
    connect,
    hooks,
    library,
    methods,
    syncs,
    webhooks,
)

router = APIRouter(include_in_schema=False)

# The assets by name: nothing else on disk can be asked for.
_ASSETS = {"console.css": "text/css", "console.js": "text/javascript", "favicon.svg": "image/svg+xml"}


@router.get("/console/static/{name}")
async def asset(name: str) -> Response:
    media = _ASSETS.get(name)
    if media is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    return FileResponse(STATIC / name, media_type=media, headers={"Cache-Control": "public, max-age=300"})


@router.get("/favicon.ico")
async def favicon() -> Response:
    """Browsers ask for it on every page: the console's icon (an SVG, which they all take)."""
    return await asset("favicon.svg")


for module in (auth, library, methods, accounts, syncs, calls, webhooks, hooks, allow_list, connect):
    router.include_router(module.router)
