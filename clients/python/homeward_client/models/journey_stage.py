from enum import StrEnum


class JourneyStage(StrEnum):
    ABROAD = "abroad"
    CLOSED = "closed"
    DIED_ABROAD = "died_abroad"
    REGISTERED = "registered"
    RETURNED = "returned"
    TRAINED = "trained"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
