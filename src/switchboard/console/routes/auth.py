"""Signing in to the console with the partner's client credentials, and out.

Sign-in takes only posts from the console's own page (``Sec-Fetch-Site``, ``Origin``, ``Referer``): a
cross-site form cannot sign a browser into the attacker's partner. Wrong secrets are counted per
address and per Client ID from an address (``SignInThrottle``) and answered 429 past the limit. Every sign-out
deletes the session's token, CSRF token or not: the cookie would otherwise go while the session
stays valid.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from switchboard.console import render
from switchboard.console.services import ConsoleServices
from switchboard.console.session import COOKIE, SESSION_SECONDS, current, services, set_cookie
from switchboard.errors import RateLimited
from switchboard.store.crypto import hash_secret
from switchboard.store.models import PartnerToken
from switchboard.store.partners import authenticate_client, issue_token

router = APIRouter()


def _next(value: str | None) -> str:
    # Only a console path: never an open redirect to another site ("//evil.example").
    if value and value.startswith("/console") and "//" not in value and "\\" not in value:
        return value
    return "/console/connectors"


@router.get("/console")
async def home() -> Response:
    return RedirectResponse("/console/connectors", status_code=303)


@router.get("/console/signin")
async def sign_in_page(request: Request) -> Response:
    if await current(request) is not None:
        return RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    return render.page("signin.html", next=_next(request.query_params.get("next")), error="")


def _same_origin(request: Request, svc: ConsoleServices) -> bool:
    """Whether a post comes from a page of this server: a browser says where a form was posted from.

    ``Sec-Fetch-Site`` when sent (same-origin, or none for a user's own action); else ``Origin``
    (browsers send no Sec-Fetch-* to plain-http hosts), else the ``Referer``'s origin, which must
    be this server as the browser addressed it or as ``SWITCHBOARD_PUBLIC_URL`` names it. A client
    that sends none of them (a script, curl) is no browser to forge a post through.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = request.headers.get("origin")
    if origin is None:
        referer = urlsplit(request.headers.get("referer", ""))
        if not referer.netloc:
            return True
        origin = f"{referer.scheme}://{referer.netloc}"
    public = urlsplit(svc.settings.public_url)
    host = request.headers.get("host", "").lower()
    return origin.lower() in {f"{public.scheme}://{public.netloc}".lower(), f"http://{host}", f"https://{host}"}


@router.post("/console/signin")
async def sign_in(request: Request) -> Response:
    """Client ID and Secret, as for ``POST /oauth/token``; a session token in an HttpOnly cookie."""
    svc = services(request)
    if not _same_origin(request, svc):
        return render.page(
            "signin.html",
            status=403,
            next="/console/connectors",
            error="Sign in from the console's own sign-in page: this form was posted from another site.",
        )
    form = await request.form()
    client_id, client_secret = str(form.get("client_id", ""))[:200], str(form.get("client_secret", ""))[:200]
    target = _next(str(form.get("next", "")))
    peer = request.client.host if request.client else None
    address = svc.caller_address(peer, ",".join(request.headers.getlist("x-forwarded-for")))
    try:
        svc.sign_ins.check(address, client_id.strip())
    except RateLimited as exc:
        wait = str(max(1, round(exc.retry_after)))
        return render.page("signin.html", status=429, headers={"Retry-After": wait}, next=target, error=exc.message)
    async with svc.db.session() as session:
        partner = await authenticate_client(session, client_id.strip(), client_secret.strip())
        token = await issue_token(session, partner.id, SESSION_SECONDS) if partner else None
    if token is None:
        svc.sign_ins.failed(address, client_id.strip())
        return render.page(
            "signin.html", status=401, next=target, error="That Client ID and Client Secret do not match a partner."
        )
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, request, token)
    return response


@router.post("/console/signout")
async def sign_out(request: Request) -> Response:
    """Deletes the session's token: the cookie stops working everywhere, not just in this browser.

    With or without the form's CSRF token: a sign-out that cleared the cookie but left the token
    valid would leave a session whoever holds a copy of it could go on using.
    """
    token = request.cookies.get(COOKIE, "")
    if token and len(token) <= 200:
        svc = services(request)
        async with svc.db.session() as session:
            row = await session.get(PartnerToken, hash_secret(token))
            if row is not None:
                await session.delete(row)
        svc.forget_tokens()
    response = RedirectResponse("/console/signin", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
