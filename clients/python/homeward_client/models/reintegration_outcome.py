from enum import StrEnum


class ReintegrationOutcome(StrEnum):
    BUSINESS_STARTED = "business_started"
    EMPLOYED = "employed"
    OTHER = "other"
    SEEKING_WORK = "seeking_work"
    STUDYING = "studying"
    WORKING_ABROAD_AGAIN = "working_abroad_again"

    def __str__(self) -> str:
        return str(self.value)
