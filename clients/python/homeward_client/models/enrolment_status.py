from enum import StrEnum


class EnrolmentStatus(StrEnum):
    DROPPED_OUT = "dropped_out"
    ENROLLED = "enrolled"
    FAILED = "failed"
    PASSED = "passed"

    def __str__(self) -> str:
        return str(self.value)
