from enum import StrEnum


class ErrorSource(StrEnum):
    UPSTREAM = "Upstream"

    def __str__(self) -> str:
        return str(self.value)
