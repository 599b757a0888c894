from enum import StrEnum


class DropOutReason(StrEnum):
    FAMILY = "family"
    FINANCIAL = "financial"
    FOUND_OTHER_WORK = "found_other_work"
    HEALTH = "health"
    OTHER = "other"
    POOR_ATTENDANCE = "poor_attendance"
    TRANSFERRED = "transferred"

    def __str__(self) -> str:
        return str(self.value)
