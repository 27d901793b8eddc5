"""What every console page shares: the session guard, the layout's context, and form outcomes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from starlette.responses import RedirectResponse, Response

from switchboard.console import render
from switchboard.console.notices import opened, sealed
from switchboard.console.session import ConsoleSession, CsrfRefused, checked_form, current, services, to_sign_in
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
        notice=said(request, "notice"),
        error=said(request, "error"),
        **context,
    )


async def check_allowed(request: Request, who: ConsoleSession) -> None:
    """``Forbidden`` unless this browser's address is on the partner's IP allow list: a page that calls a method or
    shows the records syncs fetched is held to the list a method call is (a stolen client secret, signed in from
    anywhere, must not read the customers' data where the API would refuse it)."""
    peer = request.client.host if request.client else None
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    await services(request).check_allow_list(who.partner_id, peer, forwarded)


def to(path: str, *, notice: str = "", error: str = "") -> str:
    """``path`` (a console path) with what happened, for the page to show after a form (``handle`` signs it)."""
    query = urlencode({k: v for k, v in (("notice", notice), ("error", error)) if v})
    return f"{path}?{query}" if query else path


def said(request: Request, member: str) -> str:
    """The query's ``member`` (notice, error) as the page may show it: signed by the server, or nothing."""
    return opened(services(request).secrets, request.query_params.get(member, ""))


def redirect(request: Request, url: str) -> RedirectResponse:
    """To ``url``, its notice or error signed; 303, so a reload of the next page resubmits nothing."""
    return RedirectResponse(sealed(services(request).secrets, url), status_code=303)


async def handle(request: Request, action: FormAction, failed: str) -> Response:
    """Run a form's action: signed in, CSRF checked; a refused input comes back as the page's error."""

    async def to_next(session: ConsoleSession, values: dict[str, str]) -> Response:
        return redirect(request, await action(session, values))

    return await handle_shown(request, to_next, failed)


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
        return redirect(request, to(failed, error=exc.message))
