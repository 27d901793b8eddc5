"""What the console needs of the process's services: ``api.services.Services`` satisfies it."""

from __future__ import annotations

from typing import Protocol

from switchboard.catalog.registry import Registry
from switchboard.connections import Connections
from switchboard.engine.call import Engine
from switchboard.events.outbox import Outbox
from switchboard.events.sink import CallFailures
from switchboard.events.targets import TargetPolicy
from switchboard.observability.recorder import Recorder
from switchboard.ratelimit.failures import SignInThrottle
from switchboard.settings import Settings
from switchboard.store import Database, SecretBox


class ConsoleServices(Protocol):
    """The composition root as the console sees it (a Protocol, so the console need not import api)."""

    settings: Settings
    db: Database
    secrets: SecretBox
    registry: Registry
    engine: Engine
    connections: Connections
    outbox: Outbox
    recorder: Recorder
    call_failures: CallFailures
    webhook_targets: TargetPolicy
    sign_ins: SignInThrottle

    @property
    def callback_url(self) -> str: ...

    def forget_tokens(self) -> None: ...

    def forget_hooks(self) -> None: ...

    def caller_address(self, peer: str | None, forwarded_for: str) -> str: ...

    async def check_allow_list(self, partner_id: int, peer: str | None, forwarded_for: str) -> None: ...

    def wake_delivery(self) -> None: ...

    def wake_syncs(self) -> None: ...
