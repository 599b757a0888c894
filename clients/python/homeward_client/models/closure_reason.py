from enum import StrEnum


class ClosureReason(StrEnum):
    DECEASED = "deceased"
    DECLINED_SUPPORT = "declined_support"
    LOST_CONTACT = "lost_contact"
    OTHER = "other"
    REINTEGRATED = "reintegrated"

    def __str__(self) -> str:
        return str(self.value)
