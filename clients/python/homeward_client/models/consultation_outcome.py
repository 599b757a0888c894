from enum import StrEnum


class ConsultationOutcome(StrEnum):
    DECLINED = "declined"
    FOLLOW_UP_NEEDED = "follow_up_needed"
    UNDECIDED = "undecided"
    WANTS_TO_GO = "wants_to_go"

    def __str__(self) -> str:
        return str(self.value)
