from enum import StrEnum


class ReferralOutcome(StrEnum):
    DECLINED_BY_WORKER = "declined_by_worker"
    NO_RESPONSE = "no_response"
    REFUSED_BY_AGENCY = "refused_by_agency"
    SERVED = "served"

    def __str__(self) -> str:
        return str(self.value)
