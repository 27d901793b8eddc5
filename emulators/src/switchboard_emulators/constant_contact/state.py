"""The emulator's in-memory account: ordered tables of records, ids and timestamps.

Every read and write happens under ``State.lock``. Handlers take it only around
synchronous sections (never across an ``await``), so the aiohttp loop and a test thread
reading ``records()`` never see a half-applied change.
"""

from __future__ import annotations

import bisect
import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from switchboard_emulators.constant_contact.errors import Record

RESOURCES = ("contacts", "contact_lists", "contact_tags", "contact_custom_fields", "emails", "activities")
# Version 4 and the RFC 4122 variant, as uuid.UUID(version=4) would set them.
_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_UUID_SET = (0x4000 << 64) | (0x8000 << 48)
ID_FIELDS = {
    "contacts": "contact_id",
    "contact_lists": "list_id",
    "contact_tags": "tag_id",
    "contact_custom_fields": "custom_field_id",
    "emails": "campaign_id",
    "activities": "activity_id",
}


def iso(ts: float) -> str:
    """Epoch seconds as the API's timestamp, fixed-width so strings sort like instants."""
    millis = round(ts * 1000)
    secs, ms = divmod(millis, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs)) + f".{ms:03d}Z"


def parse_iso(value: str) -> float:
    """An ISO-8601 date or date-time as epoch seconds (naive values are UTC); ValueError if bad."""
    dt = datetime.fromisoformat(value.strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class Table:
    """Records of one resource in creation order, with a sequence number per record.

    The sequence numbers give cursors a stable position: records created or deleted while
    a client pages do not shift the pages it has not read yet.
    """

    def __init__(self, id_field: str) -> None:
        self.id_field = id_field
        self.rows: dict[str, Record] = {}
        self._seq_of: dict[str, int] = {}
        self._ids: list[str] = []
        self._seqs: list[int] = []
        self._next_seq = 1

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, record_id: str) -> Record | None:
        return self.rows.get(record_id)

    def insert(self, record: Record) -> Record:
        record_id = str(record[self.id_field])
        seq = self._next_seq
        self._next_seq += 1
        self.rows[record_id] = record
        self._seq_of[record_id] = seq
        self._ids.append(record_id)
        self._seqs.append(seq)
        return record

    def replace(self, record: Record) -> None:
        """Store a new version of an existing record, keeping its position."""
        self.rows[str(record[self.id_field])] = record

    def remove(self, record_id: str) -> None:
        seq = self._seq_of.pop(record_id)
        i = bisect.bisect_left(self._seqs, seq)
        del self._seqs[i]
        del self._ids[i]
        del self.rows[record_id]

    def values(self) -> Iterator[Record]:
        for record_id in self._ids:
            yield self.rows[record_id]

    def after(self, seq: int) -> Iterator[tuple[int, Record]]:
        """(sequence, record) pairs past ``seq``, in creation order."""
        start = bisect.bisect_right(self._seqs, seq)
        for i in range(start, len(self._ids)):
            yield self._seqs[i], self.rows[self._ids[i]]


class State:
    """All records of the emulated account plus the helpers that mint ids and times."""

    def __init__(self, clock: Callable[[], float] = time.time, seed: int = 3) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        # One seeded generator for every id makes a given sequence of calls reproducible.
        self.rng = random.Random(seed)
        self.tables = {name: Table(ID_FIELDS[name]) for name in RESOURCES}
        self.email_index: dict[str, str] = {}
        self.seeded: dict[str, int] = dict.fromkeys(RESOURCES, 0)
        self.account: Record = {
            "contact_email": "owner@example.com",
            "contact_phone": "5085551212",
            "country_code": "US",
            "encoded_account_id": "a07e1emu8cdif9",
            "encoded_partner_id": "",
            "first_name": "Emu",
            "last_name": "Lator",
            "organization_name": "Switchboard Emulated Account",
            "organization_phone": "508-555-1212",
            "state_code": "MA",
            "time_zone_id": "US/Eastern",
            "website": "https://example.com",
        }
        self.physical_address: Record = {
            "address_line1": "1601 Trapelo Rd",
            "city": "Waltham",
            "state_code": "MA",
            "postal_code": "02451",
            "country_code": "US",
        }

    def new_id(self) -> str:
        """A version-4 UUID drawn from the seeded generator (formatted by hand: seeding is hot)."""
        bits = (self.rng.getrandbits(128) & _UUID_CLEAR) | _UUID_SET
        h = f"{bits:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def now(self) -> str:
        return iso(self.clock())

    def table(self, resource: str) -> Table:
        try:
            return self.tables[resource]
        except KeyError:
            raise KeyError(f"unknown resource {resource!r}; choose one of {', '.join(RESOURCES)}") from None

    # -- contacts' email index: case-insensitive, deleted contacts keep their address --

    def contact_by_email(self, address: str) -> Record | None:
        contact_id = self.email_index.get(address.strip().lower())
        return None if contact_id is None else self.tables["contacts"].get(contact_id)

    def index_email(self, contact: Record, old_address: str | None = None) -> None:
        if old_address:
            self.email_index.pop(old_address.strip().lower(), None)
        email = contact.get("email_address")
        if email and email.get("address"):
            self.email_index[str(email["address"]).strip().lower()] = str(contact["contact_id"])

    def live_lists(self) -> dict[str, Record]:
        return {k: v for k, v in self.tables["contact_lists"].rows.items() if "deleted_at" not in v}
