from enum import StrEnum


class MissingReason(StrEnum):
    FAILED = "failed"
    NOT_CONFIGURED = "not_configured"
    NOT_PERMITTED = "not_permitted"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
