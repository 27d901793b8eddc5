"""Jinja2 templates from the package, and the security headers every page carries."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.responses import HTMLResponse

from switchboard.console.views import plural, pretty, version_label, when, when_epoch

if TYPE_CHECKING:
    from jinja2 import Environment

HERE = Path(__file__).parent
STATIC = HERE / "static"


@functools.cache
def _environment() -> Environment:
    """Made on the first page, not at import: most starts serve the API and never render one."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True), enable_async=False
    )
    env.filters["pretty"] = pretty
    env.filters["when"] = when
    env.filters["epoch"] = when_epoch
    env.filters["plural"] = plural
    env.filters["version"] = version_label
    return env


# Everything is served from the package: no CDN, no inline scripts, so the policy can be strict.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http: data:; "
    "form-action 'self' http: https:; base-uri 'none'; object-src 'none'; frame-ancestors {ancestors}"
)


def page(
    name: str,
    *,
    status: int = 200,
    frame_ancestors: str = "'none'",
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``templates/name`` into a page that only this origin (or ``frame_ancestors``) may frame."""
    html = _environment().get_template(name).render(**context)
    return HTMLResponse(
        html,
        status_code=status,
        headers={
            "Content-Security-Policy": _CSP.format(ancestors=frame_ancestors),
            "Cache-Control": "no-store",
            # Nothing to other sites; this origin's own posts keep their Origin (no-referrer makes it "null").
            "Referrer-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
            # For browsers that predate frame-ancestors; the connect page's list has no X-Frame-Options form.
            **({"X-Frame-Options": "DENY"} if frame_ancestors == "'none'" else {}),
            **(headers or {}),
        },
    )
