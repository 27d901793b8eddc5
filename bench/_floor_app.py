"""The Python floor: a bare pass-through written as raw ASGI with an aiohttp client, nothing else.

    python bench/_floor_app.py PORT UPSTREAM_URL   (served by uvicorn with httptools and uvloop)

Every request, whatever its path, becomes a GET of UPSTREAM_URL; the answer goes back as it came.
"""

from __future__ import annotations

import sys
from typing import Any

import aiohttp
import uvicorn

UPSTREAM = sys.argv[2] if len(sys.argv) > 2 else ""
SESSION: list[aiohttp.ClientSession] = []


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            SESSION.append(aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)))
            await send({"type": "lifespan.startup.complete"})
        await SESSION[0].close()
        await send({"type": "lifespan.shutdown.complete"})
        return
    while (await receive()).get("more_body"):
        pass
    async with SESSION[0].get(UPSTREAM, headers={"Authorization": "Bearer bench"}) as upstream:
        body = await upstream.read()
        content_type = upstream.headers.get("Content-Type", "application/json").encode()
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": upstream.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), loop="uvloop", http="httptools", log_level="warning",
                access_log=False)  # fmt: skip
