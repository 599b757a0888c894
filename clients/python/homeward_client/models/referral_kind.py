from enum import StrEnum


class ReferralKind(StrEnum):
    BUSINESS_START_UP = "business_start_up"
    CREDIT = "credit"
    DOMESTIC_JOB = "domestic_job"

    def __str__(self) -> str:
        return str(self.value)
