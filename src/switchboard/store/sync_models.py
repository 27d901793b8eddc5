"""The tables of syncs: a sync's definition, schedule and lease, and the records it keeps.

Beside ``models.py`` (which would pass the size limit with them); ``store/__init__`` imports this
module, so the metadata Alembic and the tests compare always has these tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.store.models import NEVER_REUSE_IDS, Base


class Sync(Base):
    """A sync of an account connector: its definition, its schedule and lease, and the run in progress.

    One row is one schedule (``next_run_at``), so re-authorising, re-installing or editing never
    makes two. ``lease_owner``/``lease_expires_at`` hold a run (a heartbeat extends them); the
    ``run_*`` columns and ``checkpoint`` let another worker resume it where it stopped.
    """

    __tablename__ = "syncs"
    __table_args__ = (
        UniqueConstraint("account_connector_id", "name", name="uq_syncs_connection_name"),
        Index("ix_syncs_due", "enabled", "next_run_at"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_connector_id: Mapped[int] = mapped_column(ForeignKey("account_connectors.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    method_id: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    frequency_minutes: Mapped[int] = mapped_column(Integer, default=60)
    key_path: Mapped[str] = mapped_column(String(200), default="id")
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # SyncCursor as a dict
    deletes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # SyncDeletes as a dict
    excluded_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(16), default="idle")  # idle, running, paused, failing
    paused_reason: Mapped[str | None] = mapped_column(Text, default=None)
    cursor_value: Mapped[str | None] = mapped_column(Text, default=None)  # the next run's incremental value
    lease_owner: Mapped[str | None] = mapped_column(String(64), default=None)
    lease_expires_at: Mapped[float | None] = mapped_column(Float, default=None)
    runs: Mapped[int] = mapped_column(Integer, default=0)  # numbers runs; records seen carry it
    run_started_at: Mapped[float | None] = mapped_column(Float, default=None)  # set while a run is open
    run_full: Mapped[bool] = mapped_column(Boolean, default=True)
    run_reset: Mapped[bool] = mapped_column(Boolean, default=False)
    run_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    reset_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    run_progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # counts so far, next cursor
    checkpoint: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # the next page's request
    change_seq: Mapped[int] = mapped_column(Integer, default=0)  # the feed position of the latest change
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_run_at: Mapped[float | None] = mapped_column(Float, default=None)
    next_run_at: Mapped[float | None] = mapped_column(Float, default=None)
    last_run: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class SyncRecord(Base):
    """A record a sync keeps: its key, hash and payload, and the feed position of its latest change."""

    __tablename__ = "sync_records"
    __table_args__ = (
        UniqueConstraint("sync_id", "key", name="uq_sync_records_key"),
        Index("ix_sync_records_feed", "sync_id", "seq", "id"),
        Index("ix_sync_records_seen", "sync_id", "seen_run"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sync_id: Mapped[int] = mapped_column(ForeignKey("syncs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str | None] = mapped_column(Text, default=None)  # the provider's JSON, as it came
    action: Mapped[str] = mapped_column(String(8))  # added, updated, deleted
    seq: Mapped[int] = mapped_column(Integer)
    seen_run: Mapped[int] = mapped_column(Integer)
    first_seen_at: Mapped[float] = mapped_column(Float)
    modified_at: Mapped[float] = mapped_column(Float)
    deleted_at: Mapped[float | None] = mapped_column(Float, default=None)
