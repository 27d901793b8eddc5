"""What an authenticator does for the executor: sign requests, refresh once on a 401."""

from __future__ import annotations

from typing import Protocol

from switchboard.http import OutboundRequest


class Authenticator(Protocol):
    """Adds a connection's credentials to outbound requests."""

    async def authorize(self, request: OutboundRequest) -> OutboundRequest:
        """``request`` with credentials added (fresh ones: may refresh an expiring token)."""
        ...

    async def refresh(self) -> bool:
        """After a 401: obtain new credentials if possible; True means retry once."""
        ...

    def secrets(self) -> list[str]:
        """Every secret value this authenticator may put on the wire, for redaction."""
        ...
