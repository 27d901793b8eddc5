"""Partners, their client credentials and the bearer tokens they are issued."""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable
from dataclasses import dataclass
from ipaddress import ip_network

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from switchboard.errors import InputError
from switchboard.store.crypto import hash_secret, new_secret
from switchboard.store.models import Account, Partner, PartnerToken


@dataclass(frozen=True, slots=True)
class NewPartner:
    """A partner just created; the only time its client secret is known."""

    id: int
    name: str
    client_id: str
    client_secret: str


async def create_partner(session: AsyncSession, name: str) -> NewPartner:
    client_id = new_secret(12)
    client_secret = new_secret(32)
    partner = Partner(name=name, client_id=client_id, client_secret_hash=hash_secret(client_secret), ip_allow_list=[])
    session.add(partner)
    await session.flush()
    return NewPartner(partner.id, name, client_id, client_secret)


async def list_partners(session: AsyncSession) -> list[Partner]:
    return list((await session.scalars(select(Partner).order_by(Partner.id))).all())


async def authenticate_client(session: AsyncSession, client_id: str, client_secret: str) -> Partner | None:
    """The partner whose client credentials these are, compared in constant time.

    A client ID holding NUL is no one's, and is not looked up: PostgreSQL's text cannot hold it, and its refusal
    was an unhandled 500 with a traceback logged, at will and without credentials (POST /oauth/token, the console).
    """
    if "\x00" in client_id:
        return None
    partner = await session.scalar(select(Partner).where(Partner.client_id == client_id))
    if partner is None or not hmac.compare_digest(partner.client_secret_hash, hash_secret(client_secret)):
        return None
    return partner


async def issue_token(session: AsyncSession, partner_id: int, ttl: int, *, account_id: int | None = None) -> str:
    """A new bearer token, restricted to one account when ``account_id`` is given (``scope=account:{id}``);
    expired tokens of the partner are swept on the way."""
    now = time.time()
    await session.execute(
        delete(PartnerToken).where(PartnerToken.partner_id == partner_id, PartnerToken.expires_at < now)
    )
    token = new_secret(32)
    session.add(
        PartnerToken(token_hash=hash_secret(token), partner_id=partner_id, expires_at=now + ttl, account_id=account_id)
    )
    return token


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """Whose a live bearer token is, until when, the partner's IP allow list (CIDRs), and the API ID
    of the one account it is restricted to (None: the whole partner)."""

    partner_id: int
    expires_at: float
    ip_allow_list: list[str]
    account: str | None = None


async def partner_for_token(session: AsyncSession, token: str) -> TokenOwner | None:
    """The owner of a live token, else None; the allow list comes in the same query (hot path)."""
    row = (
        await session.execute(
            select(PartnerToken.partner_id, PartnerToken.expires_at, Partner.ip_allow_list, Account.api_id)
            .join(Partner, Partner.id == PartnerToken.partner_id)
            .outerjoin(Account, Account.id == PartnerToken.account_id)
            .where(PartnerToken.token_hash == hash_secret(token))
        )
    ).first()
    if row is None or row.expires_at <= time.time():
        return None
    return TokenOwner(row.partner_id, row.expires_at, list(row.ip_allow_list or []), row.api_id)


async def partner_by_client_id(session: AsyncSession, client_id: str) -> Partner | None:
    partner: Partner | None = await session.scalar(select(Partner).where(Partner.client_id == client_id))
    return partner


async def get_ip_allow_list(session: AsyncSession, partner_id: int) -> list[str]:
    partner = await session.get(Partner, partner_id)
    return list(partner.ip_allow_list or []) if partner else []


MAX_CIDRS = 1_000


def normalize_cidrs(values: Iterable[str]) -> list[str]:
    """Validated CIDRs in canonical form, duplicates dropped; a bare address means just that address."""
    out: list[str] = []
    for value in values:
        text = value.strip()
        try:
            network = ip_network(text)
        except ValueError:
            try:
                loose = ip_network(text, strict=False)
            except ValueError:
                raise InputError(
                    f"{value!r} is not a valid CIDR: give an address or a network, such as 203.0.113.0/24"
                ) from None
            raise InputError(f"{value!r} has host bits set: did you mean {loose}?") from None
        if str(network) not in out:
            out.append(str(network))
    if len(out) > MAX_CIDRS:
        raise InputError(f"An allow list holds at most {MAX_CIDRS} CIDRs; {len(out)} were given")
    return out


async def set_ip_allow_list(session: AsyncSession, partner_id: int, cidrs: list[str]) -> list[str]:
    """Replace the partner's allow list with ``cidrs`` (validated by the caller); empty allows all."""
    await session.execute(update(Partner).where(Partner.id == partner_id).values(ip_allow_list=list(cidrs)))
    return list(cidrs)
