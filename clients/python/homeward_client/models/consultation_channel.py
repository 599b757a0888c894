from enum import StrEnum


class ConsultationChannel(StrEnum):
    CENTRE_VISIT = "centre_visit"
    COMMUNE_CONFERENCE = "commune_conference"
    JOB_FAIR = "job_fair"
    ONLINE = "online"
    PHONE = "phone"

    def __str__(self) -> str:
        return str(self.value)
