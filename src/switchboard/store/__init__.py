"""Persistence: SQLAlchemy models and queries, secrets encryption, Alembic migrations."""

from switchboard.store.crypto import SecretBox, hash_secret
from switchboard.store.db import Database
from switchboard.store.inbox import Inbox
from switchboard.store.partner_properties import PartnerProperties
from switchboard.store.sync_models import Sync, SyncRecord

__all__ = ["Database", "Inbox", "PartnerProperties", "SecretBox", "Sync", "SyncRecord", "hash_secret"]
