from enum import StrEnum


class ContactParty(StrEnum):
    ENTERPRISE = "enterprise"
    FAMILY = "family"
    WORKER = "worker"

    def __str__(self) -> str:
        return str(self.value)
