from enum import StrEnum


class ListVersionMethodsOrderby(StrEnum):
    ID = "Id"
    NAME = "Name"

    def __str__(self) -> str:
        return str(self.value)
