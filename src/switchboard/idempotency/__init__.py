"""Idempotency keys for calls (the IETF draft's ``Idempotency-Key``, as Stripe uses it).

A caller-level concern that wraps a whole call: the first answer is stored with a fingerprint of
the request; a repeat with the same key and request is answered from the store; the same key on
another request is a 422; a repeat while the first runs waits for it, then answers 409.
"""

from switchboard.idempotency.service import Answer, Idempotency, fingerprint, valid_key
from switchboard.idempotency.store import AnswerStore, DatabaseAnswerStore, StoredAnswer

__all__ = [
    "Answer",
    "AnswerStore",
    "DatabaseAnswerStore",
    "Idempotency",
    "StoredAnswer",
    "fingerprint",
    "valid_key",
]
