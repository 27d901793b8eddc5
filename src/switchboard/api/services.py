"""The long-lived parts of a Switchboard process, built once and shared by every request."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from redis.asyncio import Redis

from switchboard.api.allow_list import PartnerAccess
from switchboard.api.target_cache import TargetCache
from switchboard.api.token_store import DatabaseTokenStore
from switchboard.auth.locks import create_locks
from switchboard.auth.refresh import RefreshCoordinator
from switchboard.auth.token_endpoint import TokenEndpoint
from switchboard.catalog.models import OAuth2Auth
from switchboard.catalog.registry import Connector, Registry
from switchboard.engine.call import CallLimits, Engine
from switchboard.engine.transport import Transport
from switchboard.ratelimit import create_rate_limiter
from switchboard.settings import Settings
from switchboard.store import Database, SecretBox, hash_secret
from switchboard.store.account_connectors import CallTarget, call_target
from switchboard.store.partners import partner_for_token

# How long a worker may keep believing a partner token it has seen: the bound on how late
# another worker's change to it is noticed.
TOKEN_CACHE_SECONDS = 10.0


@dataclass
class Services:
    settings: Settings
    db: Database
    secrets: SecretBox
    registry: Registry
    engine: Engine
    transport: Transport
    refresher: RefreshCoordinator
    targets: TargetCache
    redis: Redis | None
    _tokens: dict[str, tuple[PartnerAccess, float]] = field(default_factory=dict)
    _token_endpoints: dict[str, TokenEndpoint] = field(default_factory=dict)
    _lookups: dict[tuple[int, str, int], asyncio.Future[CallTarget]] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings) -> Services:
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        transport = Transport(
            connect_timeout=settings.upstream_connect_timeout, read_timeout=settings.upstream_read_timeout
        )
        engine = Engine(
            transport,
            create_rate_limiter(redis, settings.redis_prefix),
            CallLimits(
                call_timeout=settings.call_timeout,
                max_pages=settings.max_pages,
                max_records=settings.max_records,
                max_response_bytes=settings.max_response_bytes,
                max_rate_limit_wait=settings.max_rate_limit_wait,
                max_retries=settings.max_retries,
                max_retry_after=settings.max_retry_after,
            ),
            settings.upstream_overrides,
        )
        db = Database(settings.resolved_database_url)
        secrets = SecretBox.from_config(settings.secret_key, settings.data_dir)
        targets = TargetCache(settings.cache_seconds)
        return cls(
            settings=settings,
            db=db,
            secrets=secrets,
            registry=Registry.load(settings.connector_dirs),
            engine=engine,
            transport=transport,
            refresher=RefreshCoordinator(
                DatabaseTokenStore(db, secrets, targets), create_locks(redis, settings.redis_prefix)
            ),
            targets=targets,
            redis=redis,
        )

    async def call_target(self, partner_id: int, account_api_id: str, connector_id: int) -> CallTarget:
        """The account connector a call is for: from the cache, or one database query.

        Concurrent misses for the same key share that query: when an entry expires under load,
        the database sees one read, not one per waiting call.
        """
        key = (partner_id, account_api_id, connector_id)
        target = self.targets.get(key)
        if target is not None:
            return target
        pending = self._lookups.get(key)
        if pending is None:
            pending = self._lookups[key] = asyncio.ensure_future(self._load_target(*key))
            pending.add_done_callback(lambda _: self._lookups.pop(key, None))
        return await asyncio.shield(pending)

    async def _load_target(self, partner_id: int, account_api_id: str, connector_id: int) -> CallTarget:
        async with self.db.session() as session:
            target = await call_target(session, partner_id, account_api_id, connector_id)
        self.targets.put((partner_id, account_api_id, connector_id), target)
        return target

    @property
    def callback_url(self) -> str:
        """The OAuth redirect URI partners register with each provider."""
        return f"{self.settings.public_url.rstrip('/')}/connector/callback"

    def token_endpoint(self, connector: Connector, definition: OAuth2Auth) -> TokenEndpoint:
        """The connector's token endpoint client (its URL pointed at an emulator if configured)."""
        endpoint = self._token_endpoints.get(connector.key)
        if endpoint is None:
            url = self.engine.url(connector, definition.token_url)
            endpoint = TokenEndpoint(self.transport, definition, url, connector.definition.name)
            self._token_endpoints[connector.key] = endpoint
        return endpoint

    async def partner_for(self, token: str) -> PartnerAccess | None:
        """The partner behind a bearer token, with its IP allow list; cached (one DB read per token per 10 s)."""
        key = hash_secret(token)
        now = time.time()
        cached = self._tokens.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        async with self.db.session() as session:
            found = await partner_for_token(session, token)
        if found is None:
            self._tokens.pop(key, None)
            return None
        partner = PartnerAccess.of(found.partner_id, found.ip_allow_list)
        if len(self._tokens) > 100_000:
            self._tokens.clear()
        self._tokens[key] = (partner, min(found.expires_at, now + TOKEN_CACHE_SECONDS))
        return partner

    def forget_tokens(self) -> None:
        """Drop cached partner lookups (after a change to what they carry, such as the allow list)."""
        self._tokens.clear()

    async def close(self) -> None:
        await self.engine.close()
        await self.db.close()
        if self.redis is not None:
            await self.redis.aclose()
