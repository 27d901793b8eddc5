"""The emulator's records: one table per resource, plus the indexes the API needs to stay fast.

Records are stored in their API shape and never mutated in place: an update stores a new dict.
That lets a handler serialize a page after releasing the lock, and lets tests read state from
another thread while the server runs. Every read or write goes through ``lock`` (an RLock, so
store methods compose); the aiohttp loop holds it only for synchronous stretches.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from switchboard_emulators.salesloft.clock import MonotonicClock

Record = dict[str, Any]

# (resource, field) pairs looked up by value: upserts by email/crm_id/domain and uniqueness checks.
# Values are compared lower-cased, as Salesloft compares emails and domains.
LOOKUP_FIELDS: dict[str, tuple[str, ...]] = {
    "people": ("email_address", "crm_id"),
    "accounts": ("domain", "crm_id"),
    "tags": ("name",),
    "users": ("guid",),
}

# (resource, ref field) pairs counted per referenced id: account people counts, import people
# counts, cadence people counts, whether a person was ever on a cadence.
COUNTED_REFS: dict[str, tuple[str, ...]] = {
    "people": ("account", "import"),
    "cadence_memberships": ("cadence", "person"),
}

_QUERY_CACHE_SIZE = 32


def _key(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value).strip().lower()


def _ref_id(record: Record, ref: str) -> Any:
    value = record.get(ref)
    return value.get("id") if isinstance(value, dict) else None


class Store:
    """In-memory tables keyed by id, with lookups, reference counts and cached sort orders."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = MonotonicClock()
        self._tables: dict[str, dict[int, Record]] = {}
        self._next_ids: dict[str, int] = {}
        self._deleted: dict[str, set[int]] = {}
        self._lookups: dict[tuple[str, str], dict[str, int]] = {}
        self._ref_counts: dict[tuple[str, str], Counter[Any]] = {}
        # Told of every put, under the lock: (resource, record, created); webhook subscriptions listen.
        self.watchers: list[Callable[[str, Record, bool], None]] = []
        # Bumped on every write; caches keyed on it can never serve stale pages.
        self.generation = 0
        self._sorted: dict[tuple[str, str, bool], tuple[int, list[Record]]] = {}
        self._queries: OrderedDict[tuple[Any, ...], tuple[int, list[Record]]] = OrderedDict()

    # -- reads -------------------------------------------------------------------------------

    def table(self, resource: str) -> dict[int, Record]:
        return self._tables.setdefault(resource, {})

    def get(self, resource: str, record_id: int) -> Record | None:
        with self.lock:
            return self.table(resource).get(record_id)

    def all(self, resource: str) -> list[Record]:
        with self.lock:
            return list(self.table(resource).values())

    def count(self, resource: str) -> int:
        with self.lock:
            return len(self.table(resource))

    def was_deleted(self, resource: str, record_id: int) -> bool:
        with self.lock:
            return record_id in self._deleted.get(resource, set())

    def lookup(self, resource: str, field: str, value: Any) -> Record | None:
        """The record whose ``field`` equals ``value`` (case-insensitive), if any."""
        key = _key(value)
        if key is None:
            return None
        with self.lock:
            record_id = self._lookups.get((resource, field), {}).get(key)
            return None if record_id is None else self.table(resource).get(record_id)

    def ref_count(self, resource: str, ref: str, ref_id: Any) -> int:
        with self.lock:
            return self._ref_counts.get((resource, ref), Counter())[ref_id]

    # -- writes ------------------------------------------------------------------------------

    def next_id(self, resource: str) -> int:
        with self.lock:
            value = self._next_ids.get(resource, 1)
            self._next_ids[resource] = value + 1
            return value

    def put(self, resource: str, record: Record) -> Record:
        """Insert or replace ``record`` (by its ``id``) and keep every index in step."""
        with self.lock:
            record_id = int(record["id"])
            table = self.table(resource)
            old = table.get(record_id)
            if old is not None:
                self._unindex(resource, old)
            table[record_id] = record
            self._index(resource, record)
            if record_id >= self._next_ids.get(resource, 1):
                self._next_ids[resource] = record_id + 1
            self._deleted.get(resource, set()).discard(record_id)
            for watcher in self.watchers:
                watcher(resource, record, old is None)
            self.generation += 1
            return record

    def put_many(self, resource: str, records: Iterable[Record]) -> None:
        with self.lock:
            for record in records:
                self.put(resource, record)

    def delete(self, resource: str, record_id: int) -> Record | None:
        with self.lock:
            old = self.table(resource).pop(record_id, None)
            if old is not None:
                self._unindex(resource, old)
                self._deleted.setdefault(resource, set()).add(record_id)
                self.generation += 1
            return old

    def clear(self, resource: str) -> None:
        with self.lock:
            for record in list(self.table(resource).values()):
                self._unindex(resource, record)
            self.table(resource).clear()
            self.generation += 1

    def _index(self, resource: str, record: Record) -> None:
        for field in LOOKUP_FIELDS.get(resource, ()):
            key = _key(record.get(field))
            if key is not None:
                self._lookups.setdefault((resource, field), {})[key] = int(record["id"])
        for ref in COUNTED_REFS.get(resource, ()):
            ref_id = _ref_id(record, ref)
            if ref_id is not None:
                self._ref_counts.setdefault((resource, ref), Counter())[ref_id] += 1

    def _unindex(self, resource: str, record: Record) -> None:
        for field in LOOKUP_FIELDS.get(resource, ()):
            key = _key(record.get(field))
            index = self._lookups.get((resource, field), {})
            if key is not None and index.get(key) == record["id"]:
                del index[key]
        for ref in COUNTED_REFS.get(resource, ()):
            ref_id = _ref_id(record, ref)
            if ref_id is not None:
                self._ref_counts.setdefault((resource, ref), Counter())[ref_id] -= 1

    # -- ordered views -----------------------------------------------------------------------

    def sorted_records(
        self, resource: str, sort_name: str, key: Callable[[Record], Any], descending: bool
    ) -> list[Record]:
        """All records in ``sort_name`` order, computed once per generation and then reused.

        ``sort_name`` names the order for the cache, so one name must always mean one ``key``;
        internal orders use names starting with "_" to stay clear of the API's sort_by values.
        """
        with self.lock:
            cache_key = (resource, sort_name, descending)
            cached = self._sorted.get(cache_key)
            if cached is not None and cached[0] == self.generation:
                return cached[1]
            ordered = sorted(self.table(resource).values(), key=key, reverse=descending)
            self._sorted[cache_key] = (self.generation, ordered)
            return ordered

    def cached_query(self, key: tuple[Any, ...], compute: Callable[[], list[Record]]) -> list[Record]:
        """A filtered list, memoized per generation so paging through it is O(page)."""
        with self.lock:
            cached = self._queries.get(key)
            if cached is not None and cached[0] == self.generation:
                self._queries.move_to_end(key)
                return cached[1]
            result = compute()
            self._queries[key] = (self.generation, result)
            self._queries.move_to_end(key)
            while len(self._queries) > _QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
            return result
