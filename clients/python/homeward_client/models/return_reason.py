from enum import StrEnum


class ReturnReason(StrEnum):
    CONTRACT_COMPLETED = "contract_completed"
    EARLY_TERMINATION = "early_termination"
    OTHER = "other"
    REPATRIATION = "repatriation"

    def __str__(self) -> str:
        return str(self.value)
