from enum import StrEnum


class ErrorAuthState(StrEnum):
    NEEDSREAUTHENTICATION = "NeedsReauthentication"
    UNAUTHENTICATED = "Unauthenticated"

    def __str__(self) -> str:
        return str(self.value)
