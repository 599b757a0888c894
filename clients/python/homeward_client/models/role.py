from enum import StrEnum


class Role(StrEnum):
    AFTERCARE_OFFICER = "aftercare_officer"
    AUDITOR = "auditor"
    BANK_OFFICER = "bank_officer"
    CENTRE_STAFF = "centre_staff"
    COMMUNE_OFFICER = "commune_officer"
    ENTERPRISE = "enterprise"
    INTEGRATION = "integration"
    PROVINCIAL_MANAGER = "provincial_manager"
    SERVICE = "service"
    TRAINING_PROVIDER = "training_provider"

    def __str__(self) -> str:
        return str(self.value)
