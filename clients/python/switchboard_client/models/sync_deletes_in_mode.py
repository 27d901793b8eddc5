from enum import StrEnum


class SyncDeletesInMode(StrEnum):
    FLAG = "flag"
    FULL = "full"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
