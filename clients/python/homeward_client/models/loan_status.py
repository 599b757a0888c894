from enum import StrEnum


class LoanStatus(StrEnum):
    APPROVED = "approved"
    DISBURSED = "disbursed"
    REJECTED = "rejected"
    REPAID = "repaid"
    REPAYING = "repaying"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
