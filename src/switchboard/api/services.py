"""The long-lived parts of a Switchboard process, built once and shared by every request."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from switchboard.api.allow_list import PartnerAccess, check_address, client_address
from switchboard.api.events_bridge import OutboxAnnouncer
from switchboard.api.tokens import TokenCache
from switchboard.auth.locks import InProcessLocks, RedisLocks, create_locks
from switchboard.catalog.registry import Registry
from switchboard.connections import Connections
from switchboard.connections.health import HealthWorker
from switchboard.connections.hosts import property_hosts
from switchboard.engine.call import CallLimits, Engine
from switchboard.errors import ConfigurationError
from switchboard.events import Outbox
from switchboard.events.sink import CallFailures
from switchboard.events.targets import TargetPolicy
from switchboard.hooks import HookReceiver, PerMinute
from switchboard.hooks.background import EventsProcess
from switchboard.http.aiohttp_transport import AiohttpTransport
from switchboard.idempotency import DatabaseAnswerStore, Idempotency
from switchboard.observability import CallLogWindows, CallLogWriter, Recorder
from switchboard.ratelimit import create_rate_limiter
from switchboard.ratelimit.failures import SignInLimits, SignInThrottle
from switchboard.settings import Settings
from switchboard.store import Database, Inbox, SecretBox
from switchboard.store.mcp_tokens import TokenScope, scope_for_token
from switchboard.store.partners import get_ip_allow_list, partner_for_token
from switchboard.store.properties import seal_plaintext
from switchboard.syncs import SyncLimits, SyncWorker
from switchboard.syncs.run import SyncParts

log = logging.getLogger("switchboard")

if TYPE_CHECKING:
    from redis.asyncio import Redis


def connect_redis(url: str) -> Redis:
    """A client for ``SWITCHBOARD_REDIS_URL``; Redis is the scale-out extra, so say how to install it."""
    try:
        from redis.asyncio import Redis
    except ImportError as exc:
        raise ConfigurationError(
            "SWITCHBOARD_REDIS_URL is set but the redis package is not installed: pip install 'switchboard[scale]'"
        ) from exc
    return Redis.from_url(url)


@dataclass
class Services:
    """Everything a request handler may use, built once per process (the composition root)."""

    settings: Settings
    db: Database
    secrets: SecretBox
    registry: Registry
    engine: Engine
    connections: Connections
    redis: Redis | None
    outbox: Outbox
    webhook_targets: TargetPolicy
    call_failures: CallFailures
    health: HealthWorker
    idempotency: Idempotency
    recorder: Recorder
    sign_ins: SignInThrottle
    hooks: HookReceiver
    events_process: EventsProcess
    syncs: SyncWorker
    inbox: Inbox | None  # received provider events wait here on SQLite (``store/inbox.py``)
    tokens: TokenCache[PartnerAccess] = field(default_factory=TokenCache)
    # MCP tokens, keyed by the raw token: its scope and its partner's allow list, for a second at most.
    tool_tokens: TokenCache[tuple[TokenScope, PartnerAccess]] = field(default_factory=TokenCache)

    def __post_init__(self) -> None:
        # A connection dropped (taken out of the scopes naming it) or the connection cache cleared.
        self.connections.on_forget(self.tool_tokens.clear)

    @classmethod
    def build(cls, settings: Settings) -> Services:
        redis = connect_redis(settings.redis_url) if settings.redis_url else None
        # Hosts connection properties fill: one policy for the transport's guard and the check when they are set.
        hosts = property_hosts(settings.property_host_allow_networks)
        transport = AiohttpTransport(
            connect_timeout=settings.upstream_connect_timeout, read_timeout=settings.upstream_read_timeout, hosts=hosts
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
                max_upstream_requests=settings.max_upstream_requests,
                max_timeout_retries=settings.max_timeout_retries,
            ),
        )
        db = Database.configured(settings)
        secrets = SecretBox.from_config(settings.secret_key, settings.data_dir)
        registry = Registry.load(settings.connector_dirs, upstream_overrides=settings.upstream_overrides)
        outbox = Outbox(db, lambda key: c.id if (c := registry.by_key.get(key)) else None)
        idempotency = Idempotency(
            DatabaseAnswerStore(db),
            # The lease outlives the longest call, so a slow first call keeps its key to the end.
            RedisLocks(redis, settings.redis_prefix, lease=settings.call_timeout + 30) if redis else InProcessLocks(),
            ttl=settings.idempotency_ttl,
            wait=settings.idempotency_wait,
        )
        connections = Connections(
            db,
            secrets,
            registry,
            transport,
            create_locks(redis, settings.redis_prefix),
            engine,
            cache_seconds=settings.cache_seconds,
            announcer=OutboxAnnouncer(outbox),
            keepalive_seconds=settings.keepalive_seconds,
            refresh_retry_seconds=settings.refresh_retry_seconds,
            property_hosts=hosts,
        )
        targets = TargetPolicy(settings.webhook_allow_networks)
        # Forwarding and delivery run in a process of their own (``hooks.events_child``): see EventsProcess.
        events_process = EventsProcess(settings)
        # The events process moves the inbox: with it off, received events go straight to hook_events.
        inbox = Inbox.beside(db) if settings.webhook_worker else None
        hooks = HookReceiver(
            db,
            secrets,
            registry,
            PerMinute(settings.hook_requests_per_minute),
            on_stored=events_process.wake_forwarder,
            inbox=inbox,
            store_timeout=settings.hook_store_timeout,
        )
        connections.on_forget(hooks.forget)  # a connection or the partner's app changed: its hook lookups too
        writer = None
        if settings.call_log:
            windows = CallLogWindows(
                ok=settings.call_log_keep_ok,
                failed=settings.call_log_keep_failed,
                exchanges_ok=settings.call_log_exchanges_ok,
                exchanges_failed=settings.call_log_exchanges_failed,
                body_bytes=settings.call_log_body_bytes,
            )
            writer = CallLogWriter(
                db,
                windows,
                sample=settings.call_log_sample,
                max_queue=settings.call_log_queue,
                retention_interval=settings.call_log_retention_interval,
            )
        recorder = Recorder(writer, settings.call_log_body_bytes)
        syncs = SyncWorker(
            SyncParts(db, registry, connections, engine, recorder, outbox),
            SyncLimits(
                max_pages=settings.sync_max_pages,
                max_records=settings.sync_max_records,
                max_seconds=settings.sync_max_seconds,
                max_record_bytes=settings.sync_max_record_bytes,
                lease_seconds=settings.sync_lease_seconds,
                retry_seconds=settings.sync_retry_seconds,
            ),
            poll_seconds=settings.sync_poll_seconds,
            concurrency=settings.sync_concurrency,
            deleted_keep_seconds=settings.sync_deleted_keep_seconds,
        )
        events_process.wake_syncs = syncs.wake  # a provider event asks its connection's syncs for a run
        return cls(
            settings=settings,
            recorder=recorder,
            syncs=syncs,
            db=db,
            secrets=secrets,
            registry=registry,
            engine=engine,
            connections=connections,
            redis=redis,
            outbox=outbox,
            webhook_targets=targets,
            call_failures=CallFailures(outbox),
            health=HealthWorker(
                db, connections, poll_seconds=settings.health_poll_seconds, refresh=settings.health_worker
            ),
            idempotency=idempotency,
            sign_ins=SignInThrottle(
                SignInLimits(
                    per_address=settings.sign_in_failures_per_address,
                    per_client=settings.sign_in_failures_per_client,
                    window=settings.sign_in_window_seconds,
                )
            ),
            hooks=hooks,
            events_process=events_process,
            inbox=inbox,
        )

    def open_stores(self) -> None:
        """What needs the schema at its head: the hook inbox's table and its ids past the moved mark."""
        if self.inbox is not None:
            self.inbox.open()

    def start_workers(self) -> None:
        """The call log writer; webhook delivery, connection refreshes and syncs as the settings say (on by default);
        the sweep of the connect page's leftover installs always (the health worker, with only that when its
        refreshes are off)."""
        if self.recorder.writer is not None:
            self.recorder.writer.start()  # its interpreter imports for a second: not on the first call's time
        if self.settings.webhook_worker:
            self.events_process.start()  # forwarding and delivery, off this loop
        self.health.start()
        if self.settings.sync_worker:
            self.syncs.start()

    def wake_syncs(self) -> None:
        """A sync was asked to run (or was defined): the worker looks now instead of at its next poll."""
        self.syncs.wake()

    def caller_address(self, peer: str | None, forwarded_for: str) -> str:
        """The caller's address, ``X-Forwarded-For`` believed only from the trusted proxies."""
        return client_address(peer, forwarded_for, self.settings.trusted_proxies)

    async def check_allow_list(self, partner_id: int, peer: str | None, forwarded_for: str) -> None:
        """``Forbidden`` unless the caller's address is on the partner's IP allow list (read from the store: the
        console's try-it and record pages, which no token lookup has cached)."""
        async with self.db.session() as session:
            cidrs = await get_ip_allow_list(session, partner_id)
        check_address(peer, forwarded_for, PartnerAccess.of(partner_id, cidrs), self.settings.trusted_proxies)

    def seal_properties(self, connection: Connection) -> int:
        """Encrypt secret install properties still stored in the clear (``Database.upgrade(seal=...)``)."""
        names = {c.key: c.definition.secret_properties for c in self.registry.connectors}
        return seal_plaintext(connection, self.secrets, names)

    def wake_delivery(self) -> None:
        self.events_process.wake_delivery()

    @property
    def callback_url(self) -> str:
        """The OAuth redirect URI partners register with each provider."""
        return f"{self.settings.public_url.rstrip('/')}/connector/callback"

    async def partner_for(self, token: str, *, header: str) -> PartnerAccess | None:
        """The partner behind a bearer token, with its IP allow list and its account restriction; cached
        by the raw ``Authorization`` value ``header`` for at most a second (``api.tokens``), looked up once
        for all the callers that miss it together."""
        return await self.tokens.coalesced(header, lambda: self._look_up_partner(token, header))

    async def _look_up_partner(self, token: str, header: str) -> PartnerAccess | None:
        async with self.db.session() as session:
            found = await partner_for_token(session, token)
        if found is None:
            return None
        partner = PartnerAccess.of(found.partner_id, found.ip_allow_list, found.account)
        self.tokens.put(header, partner, found.expires_at)
        return partner

    async def tool_scope_for(self, token: str) -> tuple[TokenScope, PartnerAccess] | None:
        """An MCP token's scope and its partner's allow list; cached like ``partner_for``, keyed by the token."""
        return await self.tool_tokens.coalesced(token, lambda: self._look_up_tool_token(token))

    async def _look_up_tool_token(self, token: str) -> tuple[TokenScope, PartnerAccess] | None:
        async with self.db.session() as session:
            scope = await scope_for_token(session, token)
            if scope is None:
                return None
            found = (scope, PartnerAccess.of(scope.partner_id, await get_ip_allow_list(session, scope.partner_id)))
        self.tool_tokens.put(token, found, scope.expires_at)
        return found

    def forget_tokens(self) -> None:
        """Drop cached token lookups (after a change to what they carry, such as the allow list or a revocation)."""
        self.tokens.clear()
        self.tool_tokens.clear()

    def forget_hooks(self) -> None:
        """Drop the provider hooks' cached lookups (their signing secrets changed)."""
        self.hooks.forget()

    def hook_url(self, *parts: str) -> str:
        """A provider hook URL: ``/hooks/{partner key}/{connector key}`` or ``/hooks/c/{connection id}``."""
        return "/".join([self.settings.public_url.rstrip("/"), "hooks", *parts])

    async def check_secrets_key(self) -> None:
        """Say at start when the stored secrets do not decrypt with this server's key (another server's key)."""
        from switchboard.store.key_check import unreadable_columns

        unreadable = await unreadable_columns(self.db, self.secrets)
        if unreadable:
            log.error(
                "stored secrets (%s) do not decrypt with this server's key (%s): calls through those connections "
                "answer 409 and OAuth sign-ins started on other servers fail here. Every server sharing a database "
                "needs the same SWITCHBOARD_SECRET_KEY",
                ", ".join(unreadable),
                "SWITCHBOARD_SECRET_KEY" if self.settings.secret_key else "the key file in its data folder",
            )

    async def check_redis(self) -> None:
        """Say at start when ``SWITCHBOARD_REDIS_URL`` cannot be reached: otherwise a wrong URL shows only as
        callers' 503s. The server starts all the same (Redis may come up later)."""
        if self.redis is None:
            return
        try:
            async with asyncio.timeout(2):
                await self.redis.ping()
        except Exception as exc:  # redis's errors, or the timeout: said, not raised
            kwargs = self.redis.connection_pool.connection_kwargs
            log.warning(
                "Redis (SWITCHBOARD_REDIS_URL, %s:%s) cannot be reached (%s): calls that need a rate-limit slot "
                "or a refresh lock answer 503 until it can",
                kwargs.get("host", "?"),
                kwargs.get("port", "?"),
                type(exc).__name__,
            )

    async def close(self) -> None:
        await self.hooks.writer.close()  # events waiting to be stored are stored (or refused), never dropped
        await self.syncs.stop()
        await self.health.stop()
        await self.call_failures.drain()
        await self.events_process.close()  # after the writers above: it forwards and sends what they left
        if self.recorder.writer is not None:
            await self.recorder.writer.close()  # before the database closes: nothing queued is lost
        await self.engine.close()
        if self.inbox is not None:
            self.inbox.close()
        await self.db.close()
        if self.redis is not None:
            await self.redis.aclose()
