from enum import StrEnum


class ListPropertiesOrderby(StrEnum):
    ID = "Id"
    NAME = "Name"

    def __str__(self) -> str:
        return str(self.value)
