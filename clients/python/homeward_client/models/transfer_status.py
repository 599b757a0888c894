from enum import StrEnum


class TransferStatus(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
