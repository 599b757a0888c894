from enum import StrEnum


class LicenceChange(StrEnum):
    GRANTED = "granted"
    REINSTATED = "reinstated"
    RENEWED = "renewed"
    REVOKED = "revoked"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
