from enum import StrEnum


class AssessmentKind(StrEnum):
    EMPLOYER = "employer"
    FINAL = "final"
    PROGRESS = "progress"

    def __str__(self) -> str:
        return str(self.value)
