"""The console's sign-in: a partner bearer token in an HttpOnly cookie, and CSRF tokens for its forms.

The cookie holds a token issued like ``POST /oauth/token`` issues one (hashed in the store),
so signing out deletes it and the session ends everywhere at once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import cast

from fastapi import Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from switchboard.console.services import ConsoleServices
from switchboard.errors import SwitchboardError
from switchboard.store.models import Partner
from switchboard.store.partners import partner_for_token

COOKIE = "sb_console"
SESSION_SECONDS = 8 * 3600
MAX_FORM_BYTES = 1_000_000


class CsrfRefused(SwitchboardError):
    """A console form came without the session's CSRF token (answered 403 by the console)."""


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """A signed-in partner: who, and the CSRF token its forms must carry."""

    partner_id: int
    partner_name: str
    client_id: str
    csrf: str


def services(request: Request) -> ConsoleServices:
    return cast(ConsoleServices, request.app.state.services)


def csrf_for(token: str) -> str:
    """Derived from the session token (which scripts cannot read): a forged form cannot know it."""
    return hmac.new(token.encode(), b"switchboard-console-csrf", hashlib.sha256).hexdigest()


async def current(request: Request) -> ConsoleSession | None:
    """The session behind the cookie, or None (no cookie, unknown or expired token)."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        return None
    svc = services(request)
    async with svc.db.session() as session:
        owner = await partner_for_token(session, token)
        # A token restricted to one account (scope=account:{id}) never opens the partner's console.
        partner = await session.get(Partner, owner.partner_id) if owner and owner.account is None else None
    if partner is None:
        return None
    return ConsoleSession(partner.id, partner.name, partner.client_id, csrf_for(token))


def to_sign_in(request: Request) -> RedirectResponse:
    """Back to the sign-in page, remembering where the partner was going (a console path only)."""
    target = request.url.path if request.url.path.startswith("/console") else "/console"
    return RedirectResponse(f"/console/signin?next={target}", status_code=303)


async def checked_form(request: Request, session: ConsoleSession) -> FormData:
    """The posted form, after its CSRF token matches the session's; else ``CsrfRefused``."""
    length = int(request.headers.get("content-length") or 0)
    if length > MAX_FORM_BYTES:
        raise CsrfRefused("This form is too large.")
    form = await request.form()
    sent = form.get("csrf")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, session.csrf):
        raise CsrfRefused("This form has expired or did not come from the console. Reload the page and try again.")
    return form


def set_cookie(response: Response, request: Request, token: str) -> None:
    secure = services(request).settings.public_url.startswith("https://")
    response.set_cookie(
        COOKIE, token, max_age=SESSION_SECONDS, httponly=True, samesite="strict", secure=secure, path="/"
    )
