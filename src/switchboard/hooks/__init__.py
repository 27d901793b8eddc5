"""Webhooks from the providers: verify each request, store it, route it to its connection, forward it.

``verify`` (a verifier per signature scheme, pure), ``payloads`` (events, types, ids, handshakes,
pure), ``secrets`` (which secrets sign, per ``signed_by``), ``receive`` (the request path),
``forward`` (routing and the outbox, off the request path), ``limits`` (requests per minute).
"""

from switchboard.hooks.forward import HookForwarder, HookListener, RoutedEvent
from switchboard.hooks.limits import PerMinute
from switchboard.hooks.receive import HookAnswer, HookReceiver
from switchboard.hooks.verify import Inbound, Keys, verifier_for

__all__ = [
    "HookAnswer",
    "HookForwarder",
    "HookListener",
    "HookReceiver",
    "Inbound",
    "Keys",
    "PerMinute",
    "RoutedEvent",
    "verifier_for",
]
