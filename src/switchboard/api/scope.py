"""Account-restricted tokens (``POST /oauth/token`` with ``scope=account:{id}``, as Cyclr documents them).

Cyclr splits its API into a partner level and an account level; a restricted token works on the
account level, for its one account only. Every route says which it is through the dependency it
takes (``api.deps``): account routes check the account they name (the ``X-Cyclr-Account`` header
or the ``{account_id}`` in the path), partner-level routes refuse restricted tokens outright, and
the catalogue (read-only, needed to install) takes any token. A restricted token names its account,
so the header may be left out with it (``account_of``); Cyclr's documentation still sends it.
Refusals are 401 with ASP.NET's ``Authorization has been denied for this request.``, which is how
Cyclr's API refuses a token.
"""

from __future__ import annotations

from collections.abc import Sequence

from switchboard.api.allow_list import PartnerAccess
from switchboard.errors import NotAuthenticated, RequestError

DENIED = "Authorization has been denied for this request."
PREFIX = "account:"
NO_ACCOUNT = "X-Cyclr-Account header is missing: send the API ID of the account to work in"
TWICE = (
    "X-Cyclr-Account was sent more than once with different values: send it once, with the API ID of the account "
    "to work in"
)


def requested_account(scope: str | None) -> str | None:
    """The account API ID in a token request's ``scope`` (``account:{id}``); None for no scope; 400 otherwise."""
    if scope is None or not scope.strip():
        return None
    value = scope.strip()
    # NUL: no account's API ID holds it, and PostgreSQL's text cannot (a 500 once looked up).
    if not value.startswith(PREFIX) or not value[len(PREFIX) :].strip() or " " in value or "\x00" in value:
        raise RequestError(
            f"scope must be account:{{account id}} to restrict the token to one account, or left out for a "
            f"partner token; {value[:100]!r} is neither",
            error="invalid_scope",
        )
    return value[len(PREFIX) :].strip()


def check_account(access: PartnerAccess, api_id: str) -> None:
    """401 unless the token may reach the account ``api_id``."""
    if access.account is not None and access.account != api_id:
        raise NotAuthenticated(
            f"{DENIED} This access token is restricted to account {access.account} (scope=account:"
            f"{access.account}) and cannot reach account {api_id[:100]}."
        )


def account_of(access: PartnerAccess, headers: Sequence[str]) -> str:
    """The account an account-level request works in, from every copy of ``X-Cyclr-Account`` it carries:
    the header's account once the token may reach it, else the one account a restricted token names; 400
    for copies that differ (each edge once read a different one) or a partner token without the header."""
    values = {value.strip() for value in headers}
    if len(values) > 1:  # identical copies, as a proxy may repeat a header, still name one account
        raise RequestError(TWICE)
    value = values.pop() if values else ""
    if value:
        check_account(access, value)
        return value
    if access.account is not None:  # resolved with the token's lookup (cached): nothing more to read per call
        return access.account
    raise RequestError(NO_ACCOUNT)


def check_partner_level(access: PartnerAccess) -> None:
    """401 for an account-restricted token: partner-level routes need a token without a scope."""
    if access.account is not None:
        raise NotAuthenticated(
            f"{DENIED} This access token is restricted to account {access.account} (scope=account:"
            f"{access.account}); partner-level routes need a token requested without a scope."
        )
