from enum import StrEnum


class ReintegrationGoal(StrEnum):
    BUSINESS = "business"
    JOB = "job"
    STUDY = "study"

    def __str__(self) -> str:
        return str(self.value)
