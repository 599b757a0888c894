from enum import StrEnum


class LoanAction(StrEnum):
    APPROVE = "approve"
    DISBURSE = "disburse"
    MARK_REPAID = "mark-repaid"
    REJECT = "reject"
    START_REPAYING = "start-repaying"

    def __str__(self) -> str:
        return str(self.value)
