"""Retry policies, chosen per connector by its ``retry:`` block (default: ``standard``)."""

from __future__ import annotations

from switchboard.catalog.models import RetryDef
from switchboard.engine.retry.base import RetryPolicy
from switchboard.engine.retry.headers import backoff, parse_retry_after
from switchboard.engine.retry.standard import NoRetryPolicy, StandardRetryPolicy

POLICIES: dict[str, type[StandardRetryPolicy] | type[NoRetryPolicy]] = {
    "standard": StandardRetryPolicy,
    "none": NoRetryPolicy,
}

__all__ = [
    "POLICIES",
    "NoRetryPolicy",
    "RetryPolicy",
    "StandardRetryPolicy",
    "backoff",
    "parse_retry_after",
    "retry_policy_for",
]


def retry_policy_for(definition: RetryDef, *, max_retries: int, max_retry_after: float) -> RetryPolicy:
    """The connector's policy; the server's limits fill what the definition leaves unset."""
    return POLICIES[definition.type](definition, max_retries=max_retries, max_retry_after=max_retry_after)
