"""One exception tree for everything Switchboard reports; each class maps to one HTTP status.

::

    SwitchboardError                     500  (a bug or a broken deployment)
    ├── ConfigurationError               500  a connector definition or setting is invalid
    │   └── UnreadableSecret             500  a stored secret does not decrypt with the configured keys
    │                                         (the API answers 409 for the connection it belongs to)
    ├── RequestError                     400  the caller sent something we cannot use
    │   ├── InputError                   400  a Parameter, Field or RequestBody is missing or wrong
    │   ├── CredentialsRefused           400  the provider refused an API key or token set being saved
    │   ├── AddressRefused               400  a connection property points requests at a loopback, private
    │   │                                     or link-local address (at install, update or call time)
    │   ├── IdempotencyMismatch          422  an Idempotency-Key reused with a different request
    │   └── PayloadTooLarge              413
    ├── NotAuthenticated                 401  no or bad partner token
    │   └── SignatureRefused             401  a provider's webhook unsigned, wrongly signed or stale
    ├── Forbidden                        403  e.g. the caller's IP is not on the allow list
    ├── NotFound                         404  unknown id, or one that belongs to someone else
    ├── Conflict                         409  e.g. an account API ID that is taken
    ├── ConnectionNotReady               409  the account connector cannot call yet (not authenticated,
    │                                         or its refresh token died and it needs re-authentication)
    ├── RateLimited                      429  no slot within the allowed wait; carries retry_after
    ├── Unavailable                      503  Switchboard cannot take this now (e.g. a store write failed);
    │                                         try again; carries retry_after
    └── UpstreamError                    the third party's own status  (an error answer, kept as sent)
        ├── UpstreamUnavailable          502 / 504  unreachable, reset, cut off, timed out
        └── UpstreamProtocolError        502  an answer we cannot use (bad JSON, endless paging)

Raise with a message a caller can act on and keyword-only context; ``api.errors`` turns the
tree into Cyclr-shaped JSON bodies (``{"Message": ..., **context}``) in one place.
"""

from __future__ import annotations

from typing import Any


class SwitchboardError(Exception):
    """Base of every error Switchboard raises on purpose."""

    status: int = 500

    def __init__(self, message: str, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.context = {k: v for k, v in context.items() if v is not None}
        # The requests sent and answers received before the failure, for /test/ calls.
        self.exchanges: list[Any] = []


class ConfigurationError(SwitchboardError):
    """A connector definition or a setting is invalid."""


class UnreadableSecret(ConfigurationError):
    """A stored secret does not decrypt with the configured keys: the key changed or was lost."""


class RequestError(SwitchboardError):
    """The caller sent a request we cannot use."""

    status = 400


class InputError(RequestError):
    """A method input is missing, unknown or of the wrong type.

    Context names the element, Cyclr-style: ``ParameterId``/``TargetName`` for parameters,
    ``FieldId``/``Location`` for request fields.
    """


class CredentialsRefused(RequestError):
    """The provider refused the credentials being saved (its ``verify:`` call answered 401 or 403): nothing was
    stored. Context: ``Reason`` (the provider's words) and ``ProviderStatus``."""


class AddressRefused(RequestError):
    """A connection property fills a connector's host, and that host is (or resolves only to) an address
    Switchboard does not send to: nothing was sent. A caller set the property, so it is a 400 wherever it
    is found, a call included: the fix is a new value, not a retry. Context: ``PropertyName``."""


class IdempotencyMismatch(RequestError):
    """An Idempotency-Key already used with a different request."""

    status = 422


class PayloadTooLarge(RequestError):
    """The request body is over the configured limit."""

    status = 413


class NotAuthenticated(SwitchboardError):
    """No partner token, or one that is unknown or expired."""

    status = 401


class SignatureRefused(NotAuthenticated):
    """An inbound provider webhook whose signature is missing, wrong, or outside the replay window."""


class Forbidden(SwitchboardError):
    """The caller is known but not allowed to do this."""

    status = 403


class NotFound(SwitchboardError):
    """Unknown id, or one owned by another partner or account (never 403: ids leak nothing)."""

    status = 404


class Conflict(SwitchboardError):
    """The request conflicts with what is stored."""

    status = 409


class ConnectionNotReady(SwitchboardError):
    """The account connector cannot make calls until its owner (re-)authenticates it."""

    status = 409


class RateLimited(SwitchboardError):
    """No rate-limit slot was free within the allowed wait."""

    status = 429

    def __init__(self, message: str, *, retry_after: float, **context: Any) -> None:
        super().__init__(message, **context)
        self.retry_after = retry_after


class Unavailable(SwitchboardError):
    """Switchboard could not do it just now (its store failed or is saturated); the caller may retry."""

    status = 503

    def __init__(self, message: str, *, retry_after: float = 1.0, **context: Any) -> None:
        super().__init__(message, **context)
        self.retry_after = retry_after


class UpstreamError(SwitchboardError):
    """The third party answered with an error; its status and body are kept."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        body: bytes = b"",
        content_type: str | None = None,
        retry_after: float | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message, **context)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.retry_after = retry_after


class UpstreamUnavailable(UpstreamError):
    """The third party could not be reached, reset or cut off the connection, or timed out (retryable)."""


class UpstreamProtocolError(UpstreamError):
    """The third party's answer cannot be used (malformed, HTML, too large, endless pagination)."""
