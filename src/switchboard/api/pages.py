"""The few HTML pages an end user's browser sees during the OAuth flow."""

from __future__ import annotations

import html
import json

from starlette.responses import HTMLResponse

# The OAuth pages and the API docs are never framed (clickjacking): CSP for current browsers,
# X-Frame-Options for older ones. Only frame-ancestors: these pages carry inline script and style.
NO_FRAMING = {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}}
h1{{font-size:1.4rem}}</style></head>
<body><h1>{title}</h1><p>{message}</p>{script}</body></html>"""


def page(title: str, message: str, *, status: int = 200, script: str = "") -> HTMLResponse:
    """A plain page; the texts are escaped."""
    body = _PAGE.format(title=html.escape(title), message=html.escape(message), script=script)
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store", **NO_FRAMING})


def failure(
    message: str, *, status: int = 400, tell: tuple[str, dict[str, object]] | None = None, back: str | None = None
) -> HTMLResponse:
    """Why the connection was not made; ``tell`` (an origin and a payload) also posts it to the opener, leaving
    this page open for the user to read; ``back``, the page the flow was to return to, is linked (a flow in the
    user's own window, not a popup, would otherwise end here)."""
    script = ""
    if back is not None:
        script = f'<p><a href="{html.escape(back)}">Back to where you started</a></p>'
    if tell is not None:
        data = json.dumps(tell[1]).replace("<", "\\u003c")
        origin = json.dumps(tell[0]).replace("<", "\\u003c")
        script += f"<script>if (window.opener) {{ window.opener.postMessage({data}, {origin}); }}</script>"
    return page("The connection was not made", message, status=status, script=script)


def callback_message(target_origin: str, message: str) -> HTMLResponse:
    """Cyclr's ``callbackMessage``: the partner's own string, posted as it is to the window that opened the
    page (a popup) or frames it (an iframe), for ``targetOrigin`` only."""
    data = json.dumps(message).replace("<", "\\u003c")
    origin = json.dumps(target_origin).replace("<", "\\u003c")
    script = (
        "<script>var w = window.opener || (window.parent !== window ? window.parent : null);"
        f" if (w) {{ w.postMessage({data}, {origin}); if (window.opener) {{ window.close(); }} }}</script>"
    )
    return page("Connected", "You can close this window.", script=script)


def post_message(target_origin: str, payload: dict[str, object]) -> HTMLResponse:
    """A page that tells the window that opened it how the flow ended, then closes itself."""
    # json.dumps then escaping "<" keeps the values from closing the script element.
    data = json.dumps(payload).replace("<", "\\u003c")
    origin = json.dumps(target_origin).replace("<", "\\u003c")
    script = f"<script>if (window.opener) {{ window.opener.postMessage({data}, {origin}); window.close(); }}</script>"
    return page("Connected", "You can close this window.", script=script)
