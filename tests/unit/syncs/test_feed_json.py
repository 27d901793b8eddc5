"""The records feed's bytes: each record's JSON as the provider sent it, with Switchboard's ``_switchboard`` member
the only one of that name, however the provider spelled its own."""

from __future__ import annotations

import json

import msgspec
import pytest

from switchboard.store.sync_models import SyncRecord
from switchboard.syncs.feed import record_json


def _row(payload: str) -> SyncRecord:
    return SyncRecord(
        key="7", hash="0" * 64, payload=payload, action="updated", seq=3, seen_run=1, first_seen_at=1.0,
        modified_at=2.0, deleted_at=None,
    )  # fmt: skip


def _members(raw: bytes) -> list[str]:
    """The top-level member names as written, duplicates kept and escapes read (a dict would hide a second one)."""
    pairs: list[tuple[str, object]] = json.loads(raw, object_pairs_hook=lambda found: found)
    return [name for name, _ in pairs]


@pytest.mark.parametrize(
    "payload",
    [
        '{"_switchboard": {"Key": "forged", "Action": "deleted"}, "id": 7}',
        '{"\\u005fswitchboard": {"Key": "forged", "Action": "deleted"}, "id": 7}',
        '{"id": 7, "\\u005f\\u0073witchboard": {"Key": "forged"}}',
    ],
)
def test_a_records_own_switchboard_member_is_replaced_however_it_is_spelled(payload: str) -> None:
    written = record_json(_row(payload))
    # Exactly one member named _switchboard once its escapes are read, and it is Switchboard's.
    assert _members(written).count("_switchboard") == 1, written
    record = msgspec.json.decode(written)
    assert record["_switchboard"]["Key"] == "7" and record["_switchboard"]["Action"] == "updated"
    assert record["id"] == 7


def test_a_plain_record_keeps_its_bytes_and_gains_the_member() -> None:
    written = record_json(_row('{"id": 7, "n": 123456789012345678901234567890}'))
    assert written.startswith(b'{"id": 7, "n": 123456789012345678901234567890,"_switchboard":')
    assert _members(written) == ["id", "n", "_switchboard"]
