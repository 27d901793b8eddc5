from enum import StrEnum


class ListAccountsOrderby(StrEnum):
    CREATEDDATE = "CreatedDate"
    ID = "Id"
    NAME = "Name"

    def __str__(self) -> str:
        return str(self.value)
