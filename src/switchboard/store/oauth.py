"""OAuth bookkeeping: partner connector settings, sign-in tokens and authorization states."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.store.crypto import hash_secret, new_secret
from switchboard.store.models import AccountConnector, ConnectorSetting, OAuthState, SignInToken, utcnow
from switchboard.store.upsert import insert_for

SIGN_IN_TOKEN_SECONDS = 300
STATE_SECONDS = 600
# PostgreSQL's advisory lock class for the ends of a connection's sign-ins, and the sweep of leftover installs ("SWOA")
ENDING_LOCK = 0x5357_4F41


async def get_settings(session: AsyncSession, partner_id: int, connector_key: str) -> ConnectorSetting | None:
    return await session.get(ConnectorSetting, (partner_id, connector_key))


async def put_settings(
    session: AsyncSession,
    partner_id: int,
    connector_key: str,
    *,
    client_id: str | None,
    client_secret_encrypted: str | None,
    scopes: list[str] | None,
    keep_secret: bool,
) -> ConnectorSetting:
    """Create or replace the settings in one statement; ``keep_secret`` leaves a stored secret as it is.

    An upsert, not read-then-write: two workers setting the same connector at once must not
    both try to insert.
    """
    changes: dict[str, Any] = {"client_id": client_id, "scopes": scopes, "updated_at": utcnow()}
    if not keep_secret:
        changes["client_secret_encrypted"] = client_secret_encrypted
    # A new row takes the given secret (None when "kept": there is nothing to keep yet).
    new = {"partner_id": partner_id, "connector_key": connector_key, "client_secret_encrypted": client_secret_encrypted}
    insert = insert_for(session)(ConnectorSetting).values(**{**new, **changes})
    await session.execute(insert.on_conflict_do_update(index_elements=["partner_id", "connector_key"], set_=changes))
    row = await session.get(ConnectorSetting, (partner_id, connector_key), populate_existing=True)
    assert row is not None
    return row


async def set_enabled(session: AsyncSession, partner_id: int, connector_key: str, enabled: bool) -> None:
    """Offer the connector to the partner's end users, or not (an upsert, like ``put_settings``)."""
    changes: dict[str, Any] = {"enabled": enabled, "updated_at": utcnow()}
    insert = insert_for(session)(ConnectorSetting).values(partner_id=partner_id, connector_key=connector_key, **changes)
    await session.execute(insert.on_conflict_do_update(index_elements=["partner_id", "connector_key"], set_=changes))


async def all_settings(session: AsyncSession, partner_id: int) -> dict[str, ConnectorSetting]:
    """The partner's settings for every connector it has set anything for, by connector key."""
    rows = await session.scalars(select(ConnectorSetting).where(ConnectorSetting.partner_id == partner_id))
    return {row.connector_key: row for row in rows}


async def create_sign_in_token(
    session: AsyncSession, account_id: int, session_started: float | None = None, installed: int | None = None
) -> str:
    """A single-use token; ``session_started`` when a connect session mints it (its start carries on), and
    ``installed`` the account connector it installed for this sign-in (removed if consent is denied), marked as the
    connect page's (``made_for_sign_in``) in the same transaction: from the first moment the sweep of leftover
    installs may see the mark, a live token, then an attempt, keeps the install until they have expired."""
    now = time.time()
    if installed is not None:
        await session.execute(
            update(AccountConnector).where(AccountConnector.id == installed).values(made_for_sign_in=True)
        )
    await session.execute(delete(SignInToken).where(SignInToken.expires_at < now - 86_400))
    token = new_secret(32)
    session.add(
        SignInToken(
            token_hash=hash_secret(token),
            account_id=account_id,
            expires_at=now + SIGN_IN_TOKEN_SECONDS,
            session_started_at=session_started,
            installed_connector_id=installed,
        )
    )
    return token


@dataclass(frozen=True, slots=True)
class SpentSignIn:
    """A sign-in token just used up: its account, and the connect session's start if one minted it, with the
    account connector it installed for the sign-in."""

    account_id: int
    session_started: float | None
    installed_connector_id: int | None = None


async def sign_in_token_account(session: AsyncSession, token: str) -> int | None:
    """The account a live, unused token was issued for, leaving it unused: a refusal the partner can
    fix (an unknown connection, an app not set up) must not cost the user the link. Spend it with
    ``spend_sign_in_token`` once the sign-in goes ahead; that UPDATE, not this read, decides a race."""
    return await session.scalar(
        select(SignInToken.account_id).where(
            SignInToken.token_hash == hash_secret(token),
            SignInToken.used_at.is_(None),
            SignInToken.expires_at > time.time(),
        )
    )


async def spend_sign_in_token(session: AsyncSession, token: str) -> SpentSignIn | None:
    """The token's account and session start, if it is live and unused; it is used up either way."""
    now = time.time()
    token_hash = hash_secret(token)
    # One UPDATE decides: of two concurrent uses, exactly one sees a row changed.
    result = await session.execute(
        update(SignInToken)
        .where(SignInToken.token_hash == token_hash, SignInToken.used_at.is_(None), SignInToken.expires_at > now)
        .values(used_at=now)
    )
    if not getattr(result, "rowcount", 0):
        return None
    row = (
        await session.execute(
            select(SignInToken.account_id, SignInToken.session_started_at, SignInToken.installed_connector_id).where(
                SignInToken.token_hash == token_hash
            )
        )
    ).first()
    return SpentSignIn(row.account_id, row.session_started_at, row.installed_connector_id) if row else None


@dataclass(frozen=True, slots=True)
class PendingAuthorization:
    account_connector_id: int
    target_origin: str | None
    post_message: bool
    code_verifier: str
    callback_message: str | None = None
    drop_if_denied: bool = False  # the connect page installed the connection for this attempt


async def create_state(
    session: AsyncSession,
    account_connector_id: int,
    target_origin: str | None,
    post_message: bool,
    callback_message: str | None = None,
    drop_if_denied: bool = False,
) -> tuple[str, str]:
    """(nonce, PKCE code verifier) for a new authorization attempt; ``drop_if_denied``: a denied consent
    removes the account connector (the connect page installed it for this attempt)."""
    now = time.time()
    await session.execute(delete(OAuthState).where(OAuthState.expires_at < now - 86_400))
    nonce, verifier = new_secret(24), new_secret(48)
    session.add(
        OAuthState(
            nonce=nonce,
            account_connector_id=account_connector_id,
            target_origin=target_origin,
            post_message=post_message,
            callback_message=callback_message,
            code_verifier=verifier,
            expires_at=now + STATE_SECONDS,
            drop_if_denied=drop_if_denied,
        )
    )
    return nonce, verifier


async def consume_state(session: AsyncSession, nonce: str, callback_seconds: float) -> PendingAuthorization | None:
    """The attempt behind ``nonce`` if it is live and unused; it is used up either way. Its row stays while the
    callback runs, the mark of an attempt under way (``pass_on_removal``), and expires ``callback_seconds`` on
    (``Settings.oauth_callback_seconds``: past the longest a callback runs)."""
    now = time.time()
    result = await session.execute(
        update(OAuthState)
        .where(OAuthState.nonce == nonce, OAuthState.used_at.is_(None), OAuthState.expires_at > now)
        .values(used_at=now, expires_at=now + callback_seconds)
    )
    if not getattr(result, "rowcount", 0):
        return None
    row = await session.get(OAuthState, nonce)
    assert row is not None
    return PendingAuthorization(
        row.account_connector_id,
        row.target_origin,
        row.post_message,
        row.code_verifier,
        row.callback_message,
        row.drop_if_denied,
    )


async def finish_state(session: AsyncSession, account_connector_id: int, nonce: str) -> bool:
    """Forgets an attempt whose callback has ended (denied, failed or signed in): used up, it has no other use.
    Whether it held the duty to remove the install the connect page made for it (``drop_if_denied``: its own, or
    passed to it while it was under way), read as the row goes, so a duty passed to it until then is not lost.

    The ends of one connection's attempts take turns (PostgreSQL: an advisory lock until the transaction ends;
    SQLite: this DELETE takes the file's write lock first), so of two tabs ending together one sees the other's end.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :id)"), {"kind": ENDING_LOCK, "id": account_connector_id}
        )
    held = await session.execute(
        delete(OAuthState).where(OAuthState.nonce == nonce).returning(OAuthState.drop_if_denied)
    )
    return bool(held.scalar())


async def pass_on_removal(session: AsyncSession, account_connector_id: int, nonce: str) -> bool:
    """Hands the duty to remove the install the connect page made (``drop_if_denied``) from an attempt that ended
    without a sign-in to every other attempt on it still under way: at the provider, or its callback running (used
    up, not yet expired: ``consume_state``). Whether any took it on: the install goes when the last of them ends
    without a sign-in too, whatever order the tabs end in."""
    result = await session.execute(
        update(OAuthState)
        .where(
            OAuthState.account_connector_id == account_connector_id,
            OAuthState.nonce != nonce,
            OAuthState.expires_at > time.time(),
        )
        .values(drop_if_denied=True)
    )
    return bool(getattr(result, "rowcount", 0))
