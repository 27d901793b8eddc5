"""Signing in to the console with the partner's client credentials, and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from switchboard.console import render
from switchboard.console.routes.common import handle
from switchboard.console.session import COOKIE, SESSION_SECONDS, current, services, set_cookie
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


@router.post("/console/signin")
async def sign_in(request: Request) -> Response:
    """Client ID and Secret, as for ``POST /oauth/token``; a session token in an HttpOnly cookie."""
    form = await request.form()
    client_id, client_secret = str(form.get("client_id", ""))[:200], str(form.get("client_secret", ""))[:200]
    target = _next(str(form.get("next", "")))
    svc = services(request)
    async with svc.db.session() as session:
        partner = await authenticate_client(session, client_id.strip(), client_secret.strip())
        token = await issue_token(session, partner.id, SESSION_SECONDS) if partner else None
    if token is None:
        return render.page(
            "signin.html", status=401, next=target, error="That Client ID and Client Secret do not match a partner."
        )
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, request, token)
    return response


@router.post("/console/signout")
async def sign_out(request: Request) -> Response:
    """Deletes the session's token: the cookie stops working everywhere, not just in this browser."""

    async def end(_who: object, _form: dict[str, str]) -> str:
        token = request.cookies.get(COOKIE, "")
        svc = services(request)
        async with svc.db.session() as session:
            row = await session.get(PartnerToken, hash_secret(token))
            if row is not None:
                await session.delete(row)
        svc.forget_tokens()
        return "/console/signin"

    response = await handle(request, end, "/console/connectors")
    response.delete_cookie(COOKIE, path="/")
    return response
