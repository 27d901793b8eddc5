"""The end user's OAuth sign-in, as Cyclr's: sign-in token, redirect to the provider, callback."""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Body, Query
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from switchboard.api import pages
from switchboard.api.bodies import JsonRoute
from switchboard.api.deps import AccountOwnerDep, ServicesDep
from switchboard.api.schemas import SignInTokenIn, SignInTokenOut
from switchboard.api.services import Services
from switchboard.auth.token_endpoint import InvalidGrant
from switchboard.catalog.models import OAuth2Auth
from switchboard.engine.request.templates import filled_url
from switchboard.errors import ConnectionNotReady, NotFound, SwitchboardError
from switchboard.store.accounts import get_account
from switchboard.store.models import AccountConnector
from switchboard.store.oauth import (
    SIGN_IN_TOKEN_SECONDS,
    PendingAuthorization,
    consume_state,
    create_sign_in_token,
    create_state,
    finish_state,
    get_settings,
    pass_on_removal,
    sign_in_token_account,
    spend_sign_in_token,
)
from switchboard.store.outage import outage

router = APIRouter(tags=["OAuth sign-in"], route_class=JsonRoute)
log = logging.getLogger("switchboard.oauth")

_HTML = {"text/html": {"schema": {"type": "string"}}}
# What the user's browser sees: a redirect onwards, or a page that says how the attempt ended.
_BROWSER: dict[int | str, dict[str, Any]] = {
    200: {"description": "A page for the user (connected; or the post-message page)", "content": _HTML},
    302: {"description": "On to the provider's consent page, or back to targetOrigin"},
    400: {"description": "A page saying why the sign-in cannot go on; nothing was changed", "content": _HTML},
    404: {"description": "A page saying the connection does not exist", "content": _HTML},
}
_SPENT = "This sign-in link has expired or was already used. Ask the application for a new one."


@router.post("/v1.0/accounts/{account_id}/signintoken", response_model=SignInTokenOut)
async def sign_in_token(
    svc: ServicesDep, partner: AccountOwnerDep, account_id: str, body: Annotated[SignInTokenIn | None, Body()] = None
) -> SignInTokenOut:
    """A single-use token, valid 5 minutes, for the account's user to sign in to a connector."""
    async with svc.db.session() as session:
        account = await get_account(session, partner, account_id)
        token = await create_sign_in_token(session, account.id)
    expires = datetime.now(UTC) + timedelta(seconds=SIGN_IN_TOKEN_SECONDS)
    username = body.username if body else None
    return SignInTokenOut(token=token, expires_in=SIGN_IN_TOKEN_SECONDS, expires_at_utc=expires, username=username)


@router.get("/connectorauth/updateaccountconnectoroauth", response_class=Response, responses=_BROWSER)
async def start_sign_in(
    svc: ServicesDep,
    account_connector_id: Annotated[int, Query(alias="id", ge=1, le=2**31 - 1)],
    token: Annotated[str, Query(max_length=200)],
    target_origin: Annotated[str | None, Query(alias="targetOrigin", max_length=2_000)] = None,
    post_message: Annotated[bool, Query(alias="postMessage")] = False,
    callback_message: Annotated[
        str | None,
        Query(
            alias="callbackMessage",
            max_length=1_000,
            description="Cyclr's: posted as it is (window.postMessage) to the window that opened or frames the "
            "page, for targetOrigin, once the connection is made; without it the user is redirected to targetOrigin",
        ),
    ] = None,
) -> Response:
    """Opened in the user's browser: checks the sign-in token and redirects to the provider.

    Every check comes before the token is spent, which is only as the user goes on to the provider:
    a refusal the partner can fix (a wrong id, an app not set up yet) leaves the user's link working.
    """
    if target_origin is not None and urlsplit(target_origin).scheme not in {"http", "https"}:
        return pages.failure("targetOrigin must be an http or https URL.")
    if callback_message and not target_origin:
        return pages.failure("callbackMessage needs targetOrigin: the origin of the window to post it to.")
    async with svc.db.session() as session:
        account_id = await sign_in_token_account(session, token)
    if account_id is None:
        return pages.failure(_SPENT)
    try:
        connection = await svc.connections.for_sign_in(account_connector_id, account_id)
    except NotFound:
        return pages.failure("This connector does not sign in with OAuth.")
    if connection is None:
        return pages.failure("This connection does not exist in your account.", status=404)
    connector, target = connection.connector, connection.target
    definition = connector.definition.auth_of("oauth2")
    if not isinstance(definition, OAuth2Auth):
        return pages.failure("This connector does not sign in with OAuth.")
    try:
        app = connection.oauth_app()
    except ConnectionNotReady as exc:
        return _unreadable(exc)
    if app is None:
        return pages.failure(
            f"{connector.definition.name} is not set up yet: the application has not configured its "
            "Client ID and Client Secret."
        )
    try:  # on the connection's own host (Okta's https://{okta_domain}/oauth2/v1/authorize)
        authorize = filled_url(definition.authorize_url, connection.properties, connector.definition.name)
    except ConnectionNotReady as exc:
        return pages.failure(
            f"{connector.definition.name} cannot sign in yet: this connection has no "
            f"{exc.context.get('PropertyName')!r} property, which names where it signs in. Set it in the "
            "account connector's Properties (or, for every install, the connector settings' Properties), then start "
            "again."
        )
    async with svc.db.session() as session:
        # One UPDATE spends it: of two tabs opening the same link, one goes on to the provider.
        spent = await spend_sign_in_token(session, token)
        if spent is None:
            return pages.failure(_SPENT)
        settings = await get_settings(session, target.partner_id, connector.key)
        # Only a connection the connect page installed for this very sign-in goes if the user denies.
        made_for_it = spent.installed_connector_id == target.account_connector_id
        nonce, verifier = await create_state(
            session, target.account_connector_id, target_origin, post_message, callback_message or None, made_for_it
        )
    scopes = settings.scopes if settings and settings.scopes is not None else definition.scopes
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": svc.callback_url,
        "state": svc.secrets.sign(nonce),
    }
    if scopes:
        query["scope"] = definition.scope_separator.join(scopes)
    if definition.pkce:
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        query.update(code_challenge=challenge, code_challenge_method="S256")
    separator = "&" if "?" in authorize else "?"
    return RedirectResponse(f"{authorize}{separator}{urlencode(query)}", status_code=302)


# Cyclr's API example starts the sign-in with curl --request POST on the same link: answered as the GET is (the
# browser goes on to the provider with a GET). Left out of the OpenAPI document, which has the GET.
router.add_api_route(
    "/connectorauth/updateaccountconnectoroauth",
    start_sign_in,
    methods=["POST"],
    response_class=Response,
    include_in_schema=False,
)


@router.get(
    "/connector/callback",
    response_class=Response,
    responses={**_BROWSER, 502: {"description": "The provider could not complete the exchange", "content": _HTML}},
)
async def callback(
    svc: ServicesDep,
    request: Request,
    state: Annotated[str | None, Query(max_length=500)] = None,
    code: Annotated[str | None, Query(max_length=4_000)] = None,
    error: Annotated[str | None, Query(max_length=200)] = None,
    error_description: Annotated[str | None, Query(max_length=1_000)] = None,
) -> Response:
    """The provider's redirect back: exchange the code, store the tokens, return the user."""
    nonce = svc.secrets.unsign(state) if state else None
    if nonce is None:
        return pages.failure("This sign-in attempt is not recognised. Start again from the application.")
    async with svc.db.session() as session:
        pending = await consume_state(session, nonce, svc.settings.oauth_callback_seconds)
    if pending is None:
        return pages.failure(
            "This sign-in attempt has expired or was already completed. Start again from the application."
        )
    try:
        return await _completed(svc, request, pending, code, error, error_description)
    finally:  # over, whatever its end: no longer an attempt that keeps the page's install (pass_on_removal)
        await _ended(svc, pending.account_connector_id, nonce)


async def _completed(
    svc: Services,
    request: Request,
    pending: PendingAuthorization,
    code: str | None,
    error: str | None,
    error_description: str | None,
) -> Response:
    """The rest of the callback, for the attempt ``pending`` just used up: its denial, or its code exchanged."""
    if error:
        # The user's words first (they may have just pressed "Deny"); the provider's code after, for support.
        plain = "You did not allow access" if error == "access_denied" else "The sign-in did not finish"
        detail = f": {error_description}" if error_description else ""
        message = f"{plain}, so nothing was connected. (The provider said {error}{detail}.)"
        return pages.failure(message, tell=_told(pending, message), back=_back(pending))
    if not code:
        return pages.failure("The provider sent no authorization code. Nothing was changed.", back=_back(pending))
    async with svc.db.session() as session:
        row = await session.get(AccountConnector, pending.account_connector_id)
    try:
        connection = await svc.connections.for_sign_in(row.id, row.account_id) if row else None
    except NotFound:
        return pages.failure("This connection can no longer sign in with OAuth.")
    if connection is None:
        return pages.failure("This connection was removed while you were signing in.", status=404)
    connector, target = connection.connector, connection.target
    definition = connector.definition.auth_of("oauth2")
    try:
        app = connection.oauth_app()
    except ConnectionNotReady as exc:
        return _unreadable(exc)
    if not isinstance(definition, OAuth2Auth) or app is None:
        return pages.failure("This connection can no longer sign in with OAuth.")
    try:
        endpoint = svc.connections.token_endpoint(connection, definition)
        credentials, answer = await endpoint.exchange_code(
            app, code, svc.callback_url, pending.code_verifier if definition.pkce else None
        )
        # The whole query: a vendor may name the connection's company there (QuickBooks' realmId).
        redirect = dict(request.query_params)
        filled = await svc.connections.consent.read(
            connector.definition, definition, target.properties, answer, credentials, redirect
        )
    except InvalidGrant as exc:
        return pages.failure(
            f"{connector.definition.name} refused the sign-in ({exc.description}). Nothing was changed.",
            back=_back(pending),
        )
    except SwitchboardError as exc:
        log.warning("code exchange failed for account connector %s: %s", target.account_connector_id, exc.message)
        return pages.failure(
            f"{connector.definition.name} could not complete the sign-in: {exc.message}. Nothing was changed.",
            status=502,
            back=_back(pending),
        )
    verdict = await svc.connections.checks.verdict(
        connector,
        credentials,
        {**connection.properties, **(filled or {})},
        connection.scope_for(credentials),
    )
    if verdict is not None and verdict.outcome == "refused":
        message = f"{connector.definition.name} refused the new connection: {verdict.reason}. Nothing was changed."
        return pages.failure(message, tell=_told(pending, message), back=_back(pending))
    await svc.connections.writes.signed_in(
        target.account_connector_id, credentials, filled, connector.definition.secret_properties, verdict
    )
    result = {"type": "switchboard:oauth", "accountConnectorId": target.account_connector_id, "status": "Authenticated"}
    if pending.callback_message and pending.target_origin:
        return pages.callback_message(pending.target_origin, pending.callback_message)
    if pending.post_message and pending.target_origin:
        return pages.post_message(pending.target_origin, result)
    if pending.target_origin:
        separator = "&" if "?" in pending.target_origin else "?"
        query = urlencode({"AccountConnectorId": target.account_connector_id, "Status": "Authenticated"})
        return RedirectResponse(f"{pending.target_origin}{separator}{query}", status_code=302)
    return pages.page("Connected", f"{connector.definition.name} is connected. You can close this window.")


async def _ended(svc: Services, connection_id: int, nonce: str) -> None:
    """Forgets the attempt whose callback has just ended, however it ended, and carries out the duty it holds to
    remove the install the connect page made for it (``drop_if_denied``: its own, or passed on to it while it was
    under way by another tab's attempt that ended without a sign-in): ``_drop_unused``.

    Never raises: the user's page says how their sign-in ended whatever happens here. An attempt it cannot forget
    (the database away at that moment) is used up, so it can never be used again; it stops counting as under way
    ``oauth_callback_seconds`` after its callback began; then the sweep of leftover installs (connections/leftovers.py)
    removes the install it kept, if it is still empty, and ``create_state`` sweeps its row away a day after that."""
    try:
        async with svc.db.session() as session:
            if await finish_state(session, connection_id, nonce):
                await _drop_unused(svc, session, connection_id, nonce)
    except Exception as exc:  # a cancellation (BaseException) goes on: the request is gone, and the page with it
        if outage(exc) is None:
            log.exception("a sign-in to account connector %s ended; its attempt could not be forgotten", connection_id)
        else:
            log.warning(
                "a sign-in to account connector %s ended, but the database could not be reached to forget its attempt "
                "(%s); the attempt stops counting as under way within %g s",
                connection_id,
                type(exc).__name__,
                svc.settings.oauth_callback_seconds,
            )


async def _drop_unused(svc: Services, session: AsyncSession, connection_id: int, nonce: str) -> None:
    """Removes the connection the connect page installed for a sign-in, once an attempt holding the duty ends and
    none signed in: no bare install is left behind. Kept if an attempt has given it credentials (any tab's), and kept
    for now if another attempt is under way on it (the user's other tab, at the provider or exchanging its code:
    removing the connection would take that attempt with it), which then takes the duty on (``pass_on_removal``).
    One already ended keeps nothing: its row is gone (``finish_state``)."""
    row = await session.get(AccountConnector, connection_id, with_for_update=True)
    if row is None or row.auth_state != "unauthenticated":
        return
    if await pass_on_removal(session, connection_id, nonce):
        return
    await svc.connections.writes.deleted(session, row)


def _told(pending: PendingAuthorization, message: str) -> tuple[str, dict[str, object]] | None:
    """The failure posted to the opener, where the flow was started with postMessage (the connect page's is)."""
    if not (pending.post_message and pending.target_origin):
        return None
    failed = {"type": "switchboard:oauth", "accountConnectorId": pending.account_connector_id, "status": "Failed"}
    return pending.target_origin, {**failed, "error": message}


def _back(pending: PendingAuthorization) -> str | None:
    """Where a flow in the user's own window returns (its targetOrigin): linked from a failure, which is where such
    a flow ends otherwise. A popup's (postMessage, callbackMessage) has its opener to go back to."""
    redirects = pending.target_origin and not (pending.post_message or pending.callback_message)
    return pending.target_origin if redirects else None


def _unreadable(exc: ConnectionNotReady) -> Response:
    """The stored OAuth app cannot be decrypted: the operator learns why, the user that it is not them."""
    log.warning("sign-in refused: %s", exc.message)
    return pages.failure(
        "Switchboard cannot read this connection's stored settings right now (its log says why). Nothing was changed."
    )
