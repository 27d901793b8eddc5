"""What the pipeline needs of an account connector, whoever resolved it."""

from __future__ import annotations

from typing import Any, Protocol

from switchboard.auth.base import Authenticator
from switchboard.catalog.registry import Connector
from switchboard.ratelimit import LimitScope


class Connection(Protocol):
    """An account connector ready to be called: its connector, its limit scope, its credentials.

    ``authenticator()`` may raise ``ConnectionNotReady`` (not authenticated, needs
    re-authentication); the pipeline asks for it only after the inputs are valid, so a caller's
    400 comes before the connection's 409. ``connections.Connections`` makes these.
    """

    @property
    def connector(self) -> Connector: ...

    @property
    def scope(self) -> LimitScope: ...

    @property
    def properties(self) -> dict[str, Any]:
        """The account connector's Properties (fill ``{property}`` in base URL and headers)."""
        ...

    def secrets(self) -> list[str]:
        """The values of Properties marked secret, which the redactor must know besides the credentials."""
        ...

    def authenticator(self) -> Authenticator: ...
