"""Syncs: a paged list method read on a schedule, its records kept, their changes told.

``definitions`` validates a sync against the catalogue; ``records`` keys, hashes and reads
records (pure); ``ledger`` writes them with a per-sync change sequence (the feed's order);
``run`` reads the method page by page through ``Recorder.pages`` (so ``Engine.pages``: the
same authentication, pacing, retries and paging as a call), saving a checkpoint after each
page; ``worker`` claims due syncs under a lease with a heartbeat; ``notify`` writes the
``sync.*`` and ``record.*`` events through the outbox; ``triggers`` turns a provider event
into a run of its connection's syncs.
"""

from switchboard.syncs.definitions import SyncSpec, spec_of
from switchboard.syncs.feed import FeedPage, read_feed
from switchboard.syncs.run import SyncLimits, SyncParts, SyncRunner
from switchboard.syncs.triggers import EventTrigger
from switchboard.syncs.worker import SyncWorker

__all__ = [
    "EventTrigger",
    "FeedPage",
    "SyncLimits",
    "SyncParts",
    "SyncRunner",
    "SyncSpec",
    "SyncWorker",
    "read_feed",
    "spec_of",
]
