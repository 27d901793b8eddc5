"""The spec emulator's parse cache: a parsed spec kept as JSON, so a later start reads it in milliseconds.

In ``SWITCHBOARD_EMULATOR_SPEC_CACHE`` (the tests point it at their own temporary folder), else in the
temp dir. Entries are named by the caller's key (a hash of what they were made from) and written
atomically, so a concurrent reader sees a whole entry or none.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

SPEC_CACHE_VARIABLE = "SWITCHBOARD_EMULATOR_SPEC_CACHE"


def _entry(key: str) -> Path:
    folder = os.environ.get(SPEC_CACHE_VARIABLE) or Path(tempfile.gettempdir()) / "switchboard-emulator-specs"
    return Path(folder) / f"{key}.json"


def read(key: str) -> Any:
    """The entry under ``key``; None when there is none (or it cannot be read)."""
    try:
        return orjson.loads(_entry(key).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None


def keep(key: str, value: Any) -> Any:
    """Keep ``value`` under ``key``, and return it as a later start will read it: a JSON copy, in which no part
    stands in two places (a file a split spec names twice, a YAML anchor), so the first start's answers are
    the later starts' (the checker edits its copy of a schema in place: an edit for one media type must not
    reach another). A value orjson cannot write (an integer past 64 bits, OpenAI's) is returned, not kept."""
    try:
        text = orjson.dumps(value)
    except TypeError:
        return value
    entry = _entry(key)
    entry.parent.mkdir(parents=True, exist_ok=True)
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(text)
    partial.replace(entry)
    return orjson.loads(text)
