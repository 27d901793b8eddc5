"""What an authenticator does for the executor: sign requests, refresh after a 401."""

from __future__ import annotations

from typing import Protocol

from switchboard.http import OutboundRequest


class Authenticator(Protocol):
    """Adds a connection's credentials to outbound requests."""

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        """``request`` with credentials added (fresh ones: may refresh an expiring token)."""
        ...

    async def refresh(self) -> bool:
        """After a 401: newer credentials if possible; True means retry. A call may refresh twice: a set
        another call stored is tried first (the call's view may have been stale), then the provider asked."""
        ...

    def secrets(self) -> list[str]:
        """Every secret value this authenticator may put on the wire, for redaction."""
        ...
