"""The call log's SQLite dates, written by ``isoformat``, are the very text SQLAlchemy's processor writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy.dialects import sqlite

from switchboard.store.calls import CALL_COLUMNS, CallInserter, _sqlite_datetime
from switchboard.store.models import CallRecord

DATES = [
    datetime(2026, 12, 5, 7, 44, 11, 897984, tzinfo=UTC),
    datetime(2026, 12, 5, 7, 44, 11, tzinfo=UTC),  # no microseconds: still six digits
    datetime(2026, 1, 2, 3, 4, 5, 6),  # naive
    datetime(999, 1, 1, tzinfo=timezone(timedelta(hours=5))),  # a short year, another zone (its fields as they are)
    datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=timezone(-timedelta(hours=9, minutes=30, seconds=15))),
    datetime.fromtimestamp(1_764_922_000.5, UTC),
    None,
]


def test_the_writers_dates_are_sqlalchemys_text() -> None:
    dialect = sqlite.dialect()
    inserter = CallInserter(dialect)
    columns = CallRecord.__table__.c
    dated = [
        i
        for i, name in enumerate(CALL_COLUMNS)
        if isinstance(columns[name].type.dialect_impl(dialect), sqlite.DATETIME)
    ]
    assert [CALL_COLUMNS[i] for i in dated] == ["started_at", "exchanges_expire_at", "expires_at"]
    processors = dict(inserter._processed)
    for i in dated:
        assert processors[i] is _sqlite_datetime
        theirs = columns[CALL_COLUMNS[i]].type.dialect_impl(dialect).bind_processor(dialect)
        assert [_sqlite_datetime(d) for d in DATES] == [theirs(d) for d in DATES]
