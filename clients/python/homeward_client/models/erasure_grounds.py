from enum import StrEnum


class ErasureGrounds(StrEnum):
    CONSENT_WITHDRAWN = "consent_withdrawn"
    NOT_RECRUITED = "not_recruited"
    PURPOSE_ENDED = "purpose_ended"
    WORKER_REQUEST = "worker_request"

    def __str__(self) -> str:
        return str(self.value)
