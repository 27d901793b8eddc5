"""The request path of a provider's webhook: find the hook, verify, store, acknowledge.

Nothing here waits on the partner: events are stored as ``pending`` (with other requests' in one
transaction, ``EventWriter``) and the ``HookForwarder`` routes and forwards them. The lookups by URL
come from ``HookCache``. A refused request is counted and logged without its body.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from switchboard.catalog.models import EchoHeaderHandshake, WebhooksDef
from switchboard.catalog.registry import Registry
from switchboard.errors import NotFound, SignatureRefused
from switchboard.hooks.cache import HookCache
from switchboard.hooks.limits import PerMinute
from switchboard.hooks.payloads import challenge_answer, parse, split
from switchboard.hooks.secrets import keys_for, learn, prove, unproven
from switchboard.hooks.verify import Inbound, Keys, Verifier, verifier_for
from switchboard.hooks.writer import EventSink, EventWriter, InboxSink, TableSink
from switchboard.observability.metrics import HOOK_REQUESTS
from switchboard.store import Database, Inbox, SecretBox
from switchboard.store.hooks import HookConnection, add_refusal, connection_by_hook_id, partner_by_hook_key

log = logging.getLogger("switchboard.hooks")

UNKNOWN = "No webhook is received at this URL"


@dataclass(frozen=True)
class HookAnswer:
    """What the provider gets back."""

    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class HookReceiver:
    """The two hook URLs: the partner's per connector, and each connection's own."""

    def __init__(
        self,
        db: Database,
        box: SecretBox,
        registry: Registry,
        limiter: PerMinute,
        on_stored: Callable[[], None],
        *,
        inbox: Inbox | None = None,
        store_timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = db
        self._box = box
        self._registry = registry
        self._limiter = limiter
        self._clock = clock
        self._cache = HookCache()
        sink: EventSink = InboxSink(inbox) if inbox is not None else TableSink(db)
        self.writer = EventWriter(sink, on_stored, timeout=store_timeout)

    def forget(self) -> None:
        """Drop the cached lookups: a secret, a setting or a connection changed (``HookCache``)."""
        self._cache.forget()

    async def _partner(self, hook_key: str) -> int | None:
        async def load() -> int | None:
            async with self._db.session() as session:
                return await partner_by_hook_key(session, hook_key)

        return await self._cache.get(("partner", hook_key), load)

    async def _connection(self, hook_id: str) -> HookConnection | None:
        async def load() -> HookConnection | None:
            async with self._db.session() as session:
                return await connection_by_hook_id(session, hook_id)

        return await self._cache.get(("connection", hook_id), load)

    async def _keys(
        self, spec: WebhooksDef, partner_id: int, connector_key: str, connection: HookConnection | None
    ) -> Keys:
        async def load() -> Keys:
            async with self._db.session() as session:
                return await keys_for(session, self._box, spec, partner_id, connector_key, connection)

        connection_id = connection.account_connector_id if connection else None
        return await self._cache.get(("keys", partner_id, connector_key, connection_id), load)

    async def _prove_signer(
        self, hook_id: str, connection: HookConnection, keys: Keys, verifier: Verifier, request: Inbound
    ) -> None:
        """Mark the handshake secret that signed this verified event as proven (``hooks.secrets``)."""
        learned = unproven(self._box, connection)
        if not learned:
            return
        now = self._clock()
        try:  # the common case: the connection's token or a proven secret signed it
            verifier.verify(request, Keys(primary=tuple(k for k in keys.primary if k not in learned)), now)
            return
        except SignatureRefused:
            pass
        for secret in learned:
            try:
                verifier.verify(request, Keys(primary=(secret,)), now)
            except SignatureRefused:
                continue
            async with self._db.session() as session:
                current = await connection_by_hook_id(session, hook_id)
                if current is not None:
                    await prove(session, self._box, current, secret)
            self.forget()
            return

    def _spec(self, connector_key: str) -> WebhooksDef:
        connector = self._registry.by_key.get(connector_key)
        if connector is None or connector.definition.webhooks is None:
            raise NotFound(UNKNOWN)
        return connector.definition.webhooks

    async def at_partner(self, hook_key: str, connector_key: str, request: Inbound) -> HookAnswer:
        """``POST /hooks/{hook_key}/{connector_key}``: events routed by a value in each one."""
        self._limiter.take(f"p:{hook_key}:{connector_key}")
        spec = self._spec(connector_key)
        partner_id = await self._partner(hook_key)
        if partner_id is None:
            raise NotFound(UNKNOWN)
        if spec.route is None:
            raise NotFound(
                f"{connector_key} events are received at each connection's own hook URL "
                "(HookUrl in GET /v1.0/account/connectors/{id}), not the partner's"
            )
        return await self._accept(spec, partner_id, connector_key, None, request)

    async def at_connection(self, hook_id: str, request: Inbound) -> HookAnswer:
        """``POST /hooks/c/{hook_id}``: every event belongs to this one connection."""
        self._limiter.take(f"c:{hook_id}")
        connection = await self._connection(hook_id)
        if connection is None:
            raise NotFound(UNKNOWN)
        spec = self._spec(connection.connector_key)
        handshake = spec.handshake
        if isinstance(handshake, EchoHeaderHandshake):
            offered = request.headers.get(handshake.header.lower())
            if offered:
                # The URL is the capability: only someone who was given it can hand over a secret.
                async with self._db.session() as session:
                    # Read afresh, not from the cache: the secrets it holds are rewritten with this one.
                    current = await connection_by_hook_id(session, hook_id)
                    if current is None:
                        raise NotFound(UNKNOWN)
                    await learn(session, self._box, current, offered)
                self.forget()  # the next request is checked with the secret just learned
                HOOK_REQUESTS.labels(connection.connector_key, "handshake").inc()
                return HookAnswer({}, {handshake.header: offered})
        return await self._accept(spec, connection.partner_id, connection.connector_key, connection, request, hook_id)

    async def _accept(
        self,
        spec: WebhooksDef,
        partner_id: int,
        connector_key: str,
        connection: HookConnection | None,
        request: Inbound,
        hook_id: str | None = None,
    ) -> HookAnswer:
        connection_id = connection.account_connector_id if connection else None
        keys = await self._keys(spec, partner_id, connector_key, connection)
        verifier = verifier_for(spec.signature)
        try:
            if not keys:
                raise SignatureRefused(f"No secret is set to check {connector_key} webhooks with")
            verifier.verify(request, keys, self._clock())
        except SignatureRefused as exc:
            HOOK_REQUESTS.labels(connector_key, "refused").inc()
            log.warning(
                "webhook refused: %s",
                exc.message,
                extra={"connector": connector_key, "partner_id": partner_id, "account_connector_id": connection_id},
            )
            async with self._db.session() as session:
                await add_refusal(session, partner_id, connector_key, connection_id, exc.message)
            raise
        if spec.signed_by == "subscription" and connection is not None and hook_id is not None:
            await self._prove_signer(hook_id, connection, keys, verifier, request)
        document = parse(request.body)
        challenge = challenge_answer(spec, document)
        if challenge is not None:
            HOOK_REQUESTS.labels(connector_key, "handshake").inc()
            return HookAnswer(challenge)
        scope = f"connection {connection_id}" if connection_id is not None else ""
        events = split(spec, document, request.body, request.headers, scope)
        now = self._clock()
        rows = [
            {
                "partner_id": partner_id,
                "connector_key": connector_key,
                "account_connector_id": connection_id,
                "verified": True,
                "provider_event_id": e.event_id,
                "event_type": e.event_type,
                "payload": e.payload,
                "status": "pending",
                "received_at": now,
            }
            for e in events
        ]
        new = await self.writer.store(rows)  # stored, then acknowledged
        HOOK_REQUESTS.labels(connector_key, "accepted").inc()
        return HookAnswer({"Received": len(events), "Duplicates": len(events) - new})
