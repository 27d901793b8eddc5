"""Persistence: SQLAlchemy models and queries, secrets encryption, Alembic migrations."""

from switchboard.store.crypto import SecretBox, hash_secret
from switchboard.store.db import Database

__all__ = ["Database", "SecretBox", "hash_secret"]
