"""Records kept in memory, by collection: the concrete path a list or a create answers at."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any


class Records:
    """Each collection is a list of records in creation order; ids come from one counter."""

    def __init__(self, id_field: str) -> None:
        self.id_field = id_field
        self._collections: dict[str, list[dict[str, Any]]] = {}
        self._counter = 1000
        self._lock = threading.Lock()
        # Told of each change: (collection, record, action); app webhooks listen.
        self.watchers: list[Callable[[str, dict[str, Any], str], None]] = []

    def changed(self, key: str, record: dict[str, Any], action: str) -> None:
        for watcher in self.watchers:
            watcher(key, record, action)

    def seeded(self, key: str) -> bool:
        return key in self._collections

    def collection(self, key: str) -> list[dict[str, Any]]:
        with self._lock:
            return self._collections.setdefault(key, [])

    def next_id(self, schema_type: str | None, fmt: str | None) -> Any:
        """A new id shaped as the record's id property (integer, uuid or string)."""
        with self._lock:
            self._counter += 1
            number = self._counter
        if schema_type == "integer" or schema_type == "number":
            return number
        if fmt == "uuid":
            return str(uuid.uuid5(uuid.NAMESPACE_URL, f"emulator:{number}"))
        return str(number)

    def add(self, key: str, record: dict[str, Any], *, announce: bool = True) -> None:
        """Keep ``record``; ``announce`` False for seeded records, which no one created."""
        self.collection(key).append(record)
        if announce:
            self.changed(key, record, "creation")

    def find(self, key: str, record_id: str, field: str | None = None) -> dict[str, Any] | None:
        field = field or self.id_field
        return next((r for r in self.collection(key) if str(r.get(field)) == record_id), None)

    def remove(self, key: str, record_id: str, field: str | None = None) -> bool:
        field = field or self.id_field
        records = self.collection(key)
        with self._lock:
            for i, record in enumerate(records):
                if str(record.get(field)) == record_id:
                    del records[i]
                    break
            else:
                return False
        self.changed(key, record, "deletion")
        return True

    def clear(self) -> None:
        with self._lock:
            self._collections.clear()
