"""Events to the partner: the outbox written with each state change, endpoints, and delivery.

Delivery follows Standard Webhooks (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``):
events are rows written in the transaction that causes them, a background worker sends them,
retries with backoff and jitter, and records every attempt.
"""

from switchboard.events.calls import call_failure
from switchboard.events.outbox import NewEvent, Outbox
from switchboard.events.types import EVENT_TYPES
from switchboard.events.worker import DeliveryWorker, RetrySchedule

__all__ = ["EVENT_TYPES", "DeliveryWorker", "NewEvent", "Outbox", "RetrySchedule", "call_failure"]
