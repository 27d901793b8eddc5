"""``Connections``: resolve a call's account connector, hand out its authenticator, own its writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from switchboard.auth.api_key import ApiKeyAuthenticator
from switchboard.auth.base import Authenticator
from switchboard.auth.credentials import Credentials, OAuth2Credentials
from switchboard.auth.locks import LockProvider
from switchboard.auth.refresh import RefreshCoordinator
from switchboard.auth.token_endpoint import OAuthApp, TokenEndpoint
from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector, Registry
from switchboard.connections.authenticators import AuthenticatorFactory
from switchboard.connections.cache import TargetCache
from switchboard.connections.consent import ConsentProperties
from switchboard.connections.events import Announcer, LogAnnouncer
from switchboard.connections.secrets import ConnectionSecrets
from switchboard.connections.token_store import DatabaseTokenStore
from switchboard.connections.verify import CredentialCheck, limit_scope
from switchboard.connections.writes import ConnectionWrites
from switchboard.engine.call import Engine
from switchboard.errors import NotFound
from switchboard.http import AsyncTransport
from switchboard.http.targets import TargetPolicy
from switchboard.ratelimit import LimitScope
from switchboard.store.account_connectors import (
    CallTarget,
    Installed,
    call_target,
    connection_target,
    installed_connectors,
)
from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database

# Open connections kept at most, then all dropped: a target the cache reloaded (its time was up) leaves its old
# one here until then, so this bounds the memory they hold; the connections in use come back at their next call.
OPEN_LIMIT = 4096


@dataclass(slots=True, eq=False)
class OpenConnection:
    """An account connector resolved for a call (the engine's ``Connection``).

    One serves every call while the cache holds its target (``Connections.open``), so what calls work
    out from it (its limit scope, its secret properties, an API key's authenticator) is worked out once,
    each at its first use: a call asks in the same order as before, so a bad input's 400 still comes
    before a connection's 409.
    """

    connector: Connector
    target: CallTarget
    _connections: Connections
    _scope: LimitScope | None = None
    _secrets: tuple[str, ...] | None = None
    _properties: dict[str, Any] | None = None
    _shared: Authenticator | None = None  # an authenticator that keeps nothing between calls

    @property
    def scope(self) -> LimitScope:
        """Whose rate limits the calls count against: ``scope_for`` the stored credentials."""
        if self._scope is not None:
            return self._scope
        target = self.target
        if target.credentials_encrypted is None:  # not signed in: the call stops at its authenticator
            scope = LimitScope(target.account_connector_id)
        else:
            scope = self.scope_for(
                self._connections.secrets.credentials(target.account_connector_id, target.credentials_encrypted)
            )
        self._scope = scope
        return scope

    def scope_for(self, credentials: Credentials) -> LimitScope:
        """Whose rate limits requests made with ``credentials`` count against (``verify.limit_scope``)."""
        app = self.oauth_app() if isinstance(credentials, OAuth2Credentials) else None
        partners_app = app is not None and app.owner == "partner"
        return limit_scope(
            self.target.account_connector_id, self.target.partner_id, credentials, partners_app=partners_app
        )

    @property
    def properties(self) -> dict[str, Any]:
        """The install's properties over the partner's, merged once for every call of this target."""
        if self._properties is None:
            self._properties = self._connections.secrets.properties(self.target)
        return self._properties

    def secrets(self) -> list[str]:
        """The values of the connector's secret properties (plaintext rows not yet sealed too)."""
        if self._secrets is None:
            names = self.connector.definition.secret_properties
            found = [str(v) for k, v in self.properties.items() if k in names and v] if names else []
            self._secrets = tuple(found)
        return list(self._secrets)

    def oauth_app(self) -> OAuthApp | None:
        if self.connector.definition.auth_of("oauth2") is None:
            return None
        return self._connections.secrets.oauth_app(self.target)

    def authenticator(self) -> Authenticator:
        if self._shared is not None:
            return self._shared
        built = self._connections.authenticators.build(
            self.connector, self.target, self.oauth_app(), lambda: self.properties
        )
        if isinstance(built, ApiKeyAuthenticator):  # a key and how to send it: nothing a call changes
            self._shared = built
        return built


class Connections:
    """The one owner of account connectors' credentials and state, for every caller in the process."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        registry: Registry,
        transport: AsyncTransport,
        locks: LockProvider,
        engine: Engine,
        *,
        cache_seconds: float,
        announcer: Announcer | None = None,
        keepalive_seconds: float = 7 * 86400.0,
        refresh_retry_seconds: float = 30.0,
        property_hosts: TargetPolicy | None = None,
    ) -> None:
        self._db = db
        self._registry = registry
        self._cache = TargetCache(cache_seconds)
        # By the target's identity (it holds the target, so the id is not reused while kept).
        self._open: dict[int, OpenConnection] = {}
        self._cache.on_forget.append(self._open.clear)
        self.secrets = ConnectionSecrets(box)
        self.writes = ConnectionWrites(
            db,
            self.secrets,
            self._cache,
            announcer or LogAnnouncer(),
            keepalive_seconds=keepalive_seconds,
            retry_seconds=refresh_retry_seconds,
            hosts=property_hosts,
        )
        self.refresher = RefreshCoordinator(DatabaseTokenStore(db, self.secrets, self.writes), locks)
        self.authenticators = AuthenticatorFactory(self.secrets, self.refresher, transport)
        self.consent = ConsentProperties(transport)
        self.checks = CredentialCheck(engine, transport)

    def on_forget(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever cached connections are dropped (a write, a delete, the partner's app)."""
        self._cache.on_forget.append(listener)

    async def open(self, partner_id: int, account_api_id: str, account_connector_id: int) -> OpenConnection:
        """The partner's account connector, from the cache or one query; NotFound if it is not theirs."""
        key = (partner_id, account_api_id, account_connector_id)

        async def load() -> CallTarget:
            async with self._db.session() as session:
                return await call_target(session, partner_id, account_api_id, account_connector_id)

        return self._opened(await self._cache.get_or_load(key, load))

    async def installed(self, partner_id: int, account_api_id: str) -> tuple[Installed, ...]:
        """The account's account connectors in install order, from the cache or one query; NotFound if the
        account is not the partner's. Every tool call needs them (tool names depend on install order)."""

        async def load() -> tuple[Installed, ...]:
            async with self._db.session() as session:
                return await installed_connectors(session, partner_id, account_api_id)

        return await self._cache.installed((partner_id, account_api_id), load)

    async def for_sign_in(self, account_connector_id: int, account_id: int) -> OpenConnection | None:
        """The account connector for the OAuth flow (which knows the account, not the partner's token)."""
        async with self._db.session() as session:
            target = await connection_target(session, account_connector_id, account_id)
        if target is None:
            return None
        return OpenConnection(self._connector(target), target, self)

    def token_endpoint(self, connection: OpenConnection, definition: OAuth2Auth) -> TokenEndpoint:
        """The token endpoint client for ``connection`` (on its own host where its properties name one)."""
        return self.authenticators.token_endpoint(connection.connector, definition, lambda: connection.properties)

    def _opened(self, target: CallTarget) -> OpenConnection:
        """The one ``OpenConnection`` of a cached target: a new target (reloaded, written) or connector
        (the catalog reloaded) makes a new one, so nothing it worked out outlives what it came from."""
        connector = self._connector(target)
        found = self._open.get(id(target))
        if found is not None and found.target is target and found.connector is connector:
            return found
        if len(self._open) >= OPEN_LIMIT:
            self._open.clear()
        opened = self._open[id(target)] = OpenConnection(connector, target, self)
        return opened

    def _connector(self, target: CallTarget) -> Connector:
        connector = self._registry.by_key.get(target.connector_key)
        if connector is None:
            raise NotFound(
                f"Account connector {target.account_connector_id} uses connector {target.connector_key}, "
                "no longer available"
            )
        return connector
