from enum import StrEnum


class ApprovalAction(StrEnum):
    CASE_CLOSE = "case.close"
    HOUSEHOLD_STATUS_CHANGE = "household_status.change"
    NATIONAL_ID_CORRECT = "national_id.correct"
    TRANSFER_ACROSS_PROVINCES = "transfer.across_provinces"
    WORKERS_MERGE = "workers.merge"

    def __str__(self) -> str:
        return str(self.value)
