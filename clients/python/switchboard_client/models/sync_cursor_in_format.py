from enum import StrEnum


class SyncCursorInFormat(StrEnum):
    ISO8601 = "iso8601"
    UNIX = "unix"
    UNIX_MS = "unix_ms"

    def __str__(self) -> str:
        return str(self.value)
