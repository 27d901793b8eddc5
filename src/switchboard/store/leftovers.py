"""The connect page's leftover installs: made for an OAuth sign-in (``made_for_sign_in``), never given credentials,
with no attempt on them under way and no sign-in of their account about to start. Found and locked here; removed
by ``connections/leftovers.py``, through the same write that deletes any connection."""

from __future__ import annotations

import time

from sqlalchemy import ColumnElement, and_, delete, exists, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.models import AccountConnector, OAuthState, SignInToken
from switchboard.store.oauth import ENDING_LOCK


def _leftover(now: float) -> ColumnElement[bool]:
    """An install the connect page made that is still empty, and that no sign-in can take up any more."""
    under_way = select(OAuthState.nonce).where(
        OAuthState.account_connector_id == AccountConnector.id, OAuthState.expires_at > now
    )
    # A token not yet spent may start an attempt on the account's install (the page mints it just before the popup
    # opens, and names the install only when it made it): the account's installs wait for it to expire.
    about_to = select(SignInToken.token_hash).where(
        SignInToken.account_id == AccountConnector.account_id,
        SignInToken.used_at.is_(None),
        SignInToken.expires_at > now,
    )
    return and_(
        AccountConnector.made_for_sign_in,
        AccountConnector.auth_state == "unauthenticated",
        AccountConnector.credentials_encrypted.is_(None),
        AccountConnector.credentials_version == 0,  # credentials ever stored bumped it: deauthenticated ones stay
        ~exists(under_way),
        ~exists(about_to),
    )


async def leftover_installs(session: AsyncSession, limit: int) -> list[int]:
    """Up to ``limit`` leftover installs' ids, oldest first; read without locks (``take_leftover`` checks again)."""
    query = select(AccountConnector.id).where(_leftover(time.time())).order_by(AccountConnector.id).limit(limit)
    return list(await session.scalars(query))


async def take_leftover(session: AsyncSession, connection_id: int) -> AccountConnector | None:
    """The install, locked until the transaction ends, if it is still a leftover; None if not, or if another worker
    or the end of one of its attempts (``finish_state``) holds it now: left to a later round.

    An attempt cannot begin on it between this check and its removal: on PostgreSQL the row is locked ``FOR UPDATE``
    (a new attempt's row, pointing at it, waits for that lock) before the check, a statement of its own so that it
    reads what was committed while it waited; on SQLite the first statement writes, which takes the file's lock."""
    if session.get_bind().dialect.name == "postgresql":
        taken = await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:kind, :id)"), {"kind": ENDING_LOCK, "id": connection_id}
        )
        if not taken:
            return None
    # Its expired attempts are over: forgotten first (they would go with it anyway).
    await session.execute(
        delete(OAuthState).where(OAuthState.account_connector_id == connection_id, OAuthState.expires_at <= time.time())
    )
    row = await session.get(AccountConnector, connection_id, with_for_update=True, populate_existing=True)
    if row is None:
        return None
    still = await session.scalar(
        select(AccountConnector.id).where(AccountConnector.id == connection_id, _leftover(time.time()))
    )
    return row if still is not None else None
