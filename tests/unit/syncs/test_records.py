"""A record's key, canonical hash and cursor values; the next incremental value."""

from __future__ import annotations

import msgspec
import pytest

from switchboard.catalog.models import SyncDef
from switchboard.errors import UpstreamProtocolError
from switchboard.syncs.outcome import began, clock_skew, held_back, held_still
from switchboard.syncs.outcome import next_cursor as _next_cursor
from switchboard.syncs.records import canonical_hash, format_time, later_cursor, parse_time, seen

UID = "6f0f7a57-5d9c-4c6b-8d3c-0d2a3b6f1e02"


def raw(text: str) -> msgspec.Raw:
    return msgspec.Raw(text.encode())


def read(text: str, **kwargs: object) -> object:
    options: dict[str, object] = {
        "key_path": "id",
        "excluded": [],
        "deleted_field": None,
        "cursor_field": None,
        "max_bytes": 1000,
    }
    options.update(kwargs)
    return seen(raw(text), **options)  # type: ignore[arg-type]


def test_the_hash_ignores_key_order_and_spacing_but_not_values() -> None:
    assert canonical_hash({"a": 1, "b": {"c": 2, "d": 3}}, []) == canonical_hash({"b": {"d": 3, "c": 2}, "a": 1}, [])
    assert canonical_hash({"a": 1}, []) != canonical_hash({"a": 2}, [])


def test_excluded_fields_do_not_count_nested_ones_included() -> None:
    one = {"id": 1, "name": "Ada", "seen_at": "t1", "stats": {"views": 5, "score": 1}}
    two = {"id": 1, "name": "Ada", "seen_at": "t2", "stats": {"views": 9, "score": 1}}
    assert canonical_hash(one, []) != canonical_hash(two, [])
    assert canonical_hash(one, ["seen_at", "stats.views"]) == canonical_hash(two, ["seen_at", "stats.views"])
    assert one["seen_at"] == "t1" and one["stats"]["views"] == 5  # the record itself is untouched


def test_a_record_reads_its_key_flag_cursor_and_keeps_its_json_as_it_came() -> None:
    record = read('{"id": 7, "deleted": true, "meta": {"v": 3}}', deleted_field="deleted", cursor_field="meta.v")
    assert (record.key, record.deleted, record.cursor) == ("7", True, 3)  # type: ignore[attr-defined]
    assert record.payload == '{"id": 7, "deleted": true, "meta": {"v": 3}}'  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"name": "no id"}', "no usable key at 'id'"),
        ('{"id": null}', "no usable key"),
        ('{"id": true}', "no usable key"),
        ('{"id": ""}', "no usable key"),
        ('{"id": 1, "pad": "' + "x" * 2000 + '"}', "larger than the per-record limit (1000 bytes)"),
    ],
)
def test_records_a_run_cannot_keep_stop_it_with_the_reason(text: str, words: str) -> None:
    with pytest.raises(UpstreamProtocolError, match=words.replace("(", r"\(").replace(")", r"\)")):
        read(text)


def test_a_value_changed_after_the_run_started_does_not_move_the_cursor() -> None:
    start = parse_time("2026-01-01T12:00:00Z")
    assert start is not None
    value = None
    for v in ["2026-01-01T10:00:00.000000Z", "2026-01-01T13:00:00.000000Z", "2026-01-01T11:00:00.000000Z"]:
        value = later_cursor(value, v, start)
    assert value == "2026-01-01T11:00:00.000000Z"
    assert later_cursor(5, 9, start) == 9 and later_cursor(9, 5, start) == 9  # numbers as numbers
    assert later_cursor("b", None, start) == "b"


def test_the_next_value_is_the_best_seen_less_the_overlap_or_the_run_start() -> None:
    spec = SyncDef(name="p", method=UID, cursor={"param": "updated_at[gt]", "field": "updated_at"})  # type: ignore[arg-type]
    start = parse_time("2026-01-01T12:00:00Z") or 0.0
    assert _next_cursor(spec, None, "2026-01-01T11:00:00.000000Z", start) == "2026-01-01T10:59:00.000000Z"
    assert _next_cursor(spec, "kept", None, start) == "kept"  # nothing seen: the value stays
    assert _next_cursor(spec, None, None, start) == "2026-01-01T11:59:00.000000Z"  # first run, empty list
    no_field = SyncDef(name="p", method=UID, cursor={"param": "since", "format": "unix"})  # type: ignore[arg-type]
    assert _next_cursor(no_field, "1", None, start) == str(int(start) - 60)
    assert format_time(0, "unix_ms") == "0" and format_time(0, "iso8601") == "1970-01-01T00:00:00.000000Z"


def test_epoch_cursors_compare_as_times_when_the_format_says_so() -> None:
    start = 1_700_000_000.0
    assert later_cursor(1_699_999_000, 1_700_000_500, start, "unix") == 1_699_999_000  # changed during the run
    assert later_cursor(1_699_999_000, 1_699_999_500, start, "unix") == 1_699_999_500
    assert later_cursor(None, 1_700_000_500_000, start, "unix_ms") is None
    spec = SyncDef(name="p", method=UID, cursor={"param": "updated_since", "field": "updated_at", "format": "unix"})  # type: ignore[arg-type]
    assert _next_cursor(spec, None, 1_699_999_500, start) == "1699999440"  # less the 60 s overlap


def test_a_run_over_several_numbered_pages_leaves_its_window_to_be_read_again() -> None:
    """Records slip between numbered pages while the list changes: the next run asks from where this one did, or
    past the run before's window once this run has read it again, never past what this run reached."""
    spec = SyncDef(name="p", method=UID, cursor={"param": "updated_at[gt]", "field": "updated_at"})  # type: ignore[arg-type]
    t1, t2, t3 = "2026-01-01T10:00:00.000000Z", "2026-01-01T11:00:00.000000Z", "2026-01-01T12:00:00.000000Z"
    paged = {"asked_with": t1, "by_position": True, "pages": 3, "reached_before": None}
    assert held_back(spec, paged, t3) == (t1, t3)
    assert held_back(spec, {**paged, "reached_before": t2}, t3) == (t2, t3)  # t1 to t2: read by both runs
    assert held_back(spec, {**paged, "reached_before": t3}, t2) == (t2, t2)
    assert held_back(spec, {**paged, "pages": 1}, t3) == (t3, None)  # one answer: nothing slips
    assert held_back(spec, {**paged, "by_position": False}, t3) == (t3, None)  # paged by cursor
    assert held_back(spec, {**paged, "asked_with": None}, t3) == (t3, None)  # a full run: deletions confirm it
    numbered = SyncDef(name="p", method=UID, cursor={"param": "since_id", "field": "version"})  # type: ignore[arg-type]
    assert held_back(numbered, {**paged, "asked_with": "99", "reached_before": "100"}, "250") == ("100", "250")


def test_a_full_run_over_several_numbered_pages_holds_back_to_the_value_it_began_with() -> None:
    """A record new to the copy that slips past a full run's pages is no stored copy unseen: the next run asks
    from the value the sync had when the full run began; with none, it reads the list whole again unless the
    list held still (the same total on every page, and that many records read, each once)."""
    spec = SyncDef(name="p", method=UID, cursor={"param": "updated_at[gt]", "field": "updated_at"})  # type: ignore[arg-type]
    t1, t2, t3 = "2026-01-01T10:00:00.000000Z", "2026-01-01T11:00:00.000000Z", "2026-01-01T12:00:00.000000Z"
    full = {"full": True, "asked_with": None, "began_with": t1, "by_position": True, "pages": 3, "records": 25}
    assert held_back(spec, full, t3) == (t1, t3)
    assert held_back(spec, {**full, "reached_before": t2}, t3) == (t2, t3)  # a confirming run after a held one
    first = {**full, "began_with": None, "total": 25, "total_steady": True, "distinct": 25}
    assert held_back(spec, first, t3) == (t3, None)  # the list held still: on
    assert held_back(spec, {**first, "total_steady": False}, t3) == (None, t3)  # the total moved: all again
    assert held_back(spec, {**first, "total": 26}, t3) == (None, t3)  # one slipped past (a deletion)
    assert held_back(spec, {**first, "distinct": 24}, t3) == (None, t3)  # one read twice (an update moved it)
    assert held_back(spec, {**first, "total": None, "total_steady": False}, t3) == (None, t3)  # no total given
    assert held_back(spec, {**first, "total_steady": False, "reached_before": t2}, t3) == (t2, t3)  # read twice
    assert held_back(spec, {**first, "total_steady": False, "pages": 1}, t3) == (t3, None)
    no_cursor = SyncDef(name="p", method=UID)  # type: ignore[arg-type]
    assert held_back(no_cursor, {**first, "total_steady": False}, None) == (None, None)  # every run is full
    assert not held_still({**first, "records": 26}) and held_still(first)


def test_the_run_begins_on_the_providers_clock_when_it_is_behind_ours() -> None:
    start = 1_700_000_000.0
    assert began(start, {"provider_started": start - 600}) == start - 600  # behind: its clock
    assert began(start, {"provider_started": start + 600}) == start  # ahead: ours, as before
    assert began(start, {"provider_started": None}) == start and began(start, {}) == start  # no Date header
    assert clock_skew(start - 600, start + 0.2) == -600 and clock_skew(start, start + 0.3) == 0
    assert clock_skew(None, start) is None
    spec = SyncDef(name="p", method=UID, cursor={"param": "since"})  # type: ignore[arg-type]
    assert (
        _next_cursor(spec, None, None, began(start, {"provider_started": start - 600})) == "2023-11-14T22:02:20.000000Z"
    )
