"""``POST /oauth/token``: partner client credentials for a bearer token."""

from __future__ import annotations

import base64
import time
from email.utils import formatdate
from typing import Annotated, Any

from fastapi import APIRouter, Form, Header, Request, Response

from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import ServicesDep
from switchboard.api.schemas import TokenResponse
from switchboard.api.scope import requested_account
from switchboard.errors import NotAuthenticated, NotFound, RequestError
from switchboard.store.accounts import get_account
from switchboard.store.partners import authenticate_client, issue_token

router = APIRouter(tags=["Authentication"], route_class=JsonRoute)
_THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "Too many wrong client secrets from this address (for this client_id); wait Retry-After seconds"
    }
}


@router.post("/oauth/token", response_model=TokenResponse, responses=_THROTTLED)
async def token(
    request: Request,
    response: Response,
    svc: ServicesDep,
    grant_type: Annotated[str | None, Form()] = None,
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    scope: Annotated[
        str | None,
        Form(
            max_length=200,
            description="account:{account id} restricts the token to that one account (Cyclr's account "
            "restricted access tokens); leave it out for a partner token",
        ),
    ] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> TokenResponse:
    """Exchange client credentials (form fields or HTTP Basic) for a bearer token.

    A refusal carries OAuth 2.0's ``error`` code beside its ``Message`` (RFC 6749 5.2), which OAuth client
    libraries read; the token is answered ``Cache-Control: no-store`` (5.1)."""
    if grant_type is None and "json" in request.headers.get("content-type", "").lower():
        raise RequestError(
            "Send the token request as a form (Content-Type: application/x-www-form-urlencoded), "
            "as OAuth 2.0 defines it: grant_type=client_credentials, client_id and client_secret",
            error="invalid_request",
        )
    if grant_type != "client_credentials":
        code = "invalid_request" if grant_type is None else "unsupported_grant_type"
        raise RequestError("grant_type must be client_credentials", error=code)
    restricted_to = requested_account(scope)
    if authorization and authorization.lower().startswith("basic "):
        client_id, client_secret = _basic(authorization)
    if not client_id or not client_secret:
        raise NotAuthenticated(
            "Send client_id and client_secret as form fields or with HTTP Basic authentication", error="invalid_client"
        )
    peer = request.client.host if request.client else None
    address = svc.caller_address(peer, ",".join(request.headers.getlist("x-forwarded-for")))
    svc.sign_ins.check(address, client_id)
    async with svc.db.session() as session:
        partner = await authenticate_client(session, client_id, client_secret)
        if partner is None:
            svc.sign_ins.failed(address, client_id)
            raise NotAuthenticated("Unknown client_id or wrong client_secret", error="invalid_client")
        account = None
        if restricted_to is not None:
            try:
                account = (await get_account(session, partner.id, restricted_to)).id
            except NotFound:
                raise RequestError(
                    f"scope names account {restricted_to[:100]}, which does not exist: create it first",
                    error="invalid_scope",
                ) from None
        access_token = await issue_token(session, partner.id, svc.settings.partner_token_ttl, account_id=account)
    issued = time.time()
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return TokenResponse(
        access_token=access_token,
        expires_in=svc.settings.partner_token_ttl,
        client_id=client_id,
        issued=formatdate(issued, usegmt=True),
        expires=formatdate(issued + svc.settings.partner_token_ttl, usegmt=True),
    )


def _basic(header: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(header.split(" ", 1)[1].strip(), validate=True).decode()
    except (ValueError, IndexError):  # not base64 (binascii.Error), a non-ASCII character, or not UTF-8
        raise NotAuthenticated(
            "The Basic authorization header is not base64 of client_id:client_secret", error="invalid_client"
        ) from None
    client_id, sep, client_secret = decoded.partition(":")
    if not sep:
        raise NotAuthenticated(
            "The Basic authorization header must encode client_id:client_secret", error="invalid_client"
        )
    return client_id, client_secret
