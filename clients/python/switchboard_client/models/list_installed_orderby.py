from enum import StrEnum


class ListInstalledOrderby(StrEnum):
    CREATEDDATE = "CreatedDate"
    ID = "Id"
    NAME = "Name"

    def __str__(self) -> str:
        return str(self.value)
