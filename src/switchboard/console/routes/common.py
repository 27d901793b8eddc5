"""What every console page shares: the session guard, the layout's context, and form outcomes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from switchboard.console import render
from switchboard.console.session import ConsoleSession, CsrfRefused, checked_form, current, to_sign_in
from switchboard.errors import SwitchboardError

# A form's action: what to do for the signed-in partner, answering the path to show next.
FormAction = Callable[[ConsoleSession, dict[str, str]], Awaitable[str]]
# A form whose outcome is a page rendered in the answer itself.
PageAction = Callable[[ConsoleSession, dict[str, str]], Awaitable[Response]]


def show(request: Request, session: ConsoleSession, name: str, *, status: int = 200, **context: Any) -> Response:
    """A console page with the layout's context (who is signed in, the notice or error to show)."""
    return render.page(
        name,
        status=status,
        who=session,
        path=request.url.path,
        notice=request.query_params.get("notice", "")[:500],
        error=request.query_params.get("error", "")[:500],
        **context,
    )


def to(path: str, *, notice: str = "", error: str = "") -> str:
    """``path`` (a console path) with what happened, for the page to show after a form."""
    query = urlencode({k: v for k, v in (("notice", notice), ("error", error)) if v})
    return f"{path}?{query}" if query else path


async def handle(request: Request, action: FormAction, failed: str) -> Response:
    """Run a form's action: signed in, CSRF checked; a refused input comes back as the page's error."""

    async def redirect(session: ConsoleSession, values: dict[str, str]) -> Response:
        # 303: after a form the browser fetches the next page with GET, so a reload does not resubmit.
        return RedirectResponse(await action(session, values), status_code=303)

    return await handle_shown(request, redirect, failed)


async def handle_shown(request: Request, action: PageAction, failed: str) -> Response:
    """As ``handle``, for a form whose answer is a page of its own (a secret shown once, never in a URL)."""
    session = await current(request)
    if session is None:
        return to_sign_in(request)
    try:
        form = await checked_form(request, session)
    except CsrfRefused as exc:
        return render.page("refused.html", status=403, message=exc.message)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        return await action(session, values)
    except SwitchboardError as exc:
        return RedirectResponse(to(failed, error=exc.message), status_code=303)
