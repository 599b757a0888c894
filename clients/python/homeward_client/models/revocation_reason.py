from enum import StrEnum


class RevocationReason(StrEnum):
    MERGED = "merged"
    REQUIREMENTS_UNMET = "requirements_unmet"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
