"""The files that hold secrets are created readable by their owner only, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from switchboard.store.crypto import SecretBox
from switchboard.store.db import Database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_sqlite_file_and_the_key_file_are_0600(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'switchboard.db'}")
        await db.upgrade()
        await db.close()
        SecretBox.from_config(None, tmp_path / "data")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "data" / "switchboard.db") == 0o600
    key_files = [p for p in (tmp_path / "data").iterdir() if p.suffix not in {".db", ".db-wal", ".db-shm"}]
    assert key_files and all(_mode(p) == 0o600 for p in key_files), [(p.name, oct(_mode(p))) for p in key_files]
