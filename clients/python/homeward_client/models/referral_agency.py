from enum import StrEnum


class ReferralAgency(StrEnum):
    HEALTH_SERVICE = "health_service"
    JOB_CENTRE = "job_centre"
    LEGAL_AID = "legal_aid"

    def __str__(self) -> str:
        return str(self.value)
