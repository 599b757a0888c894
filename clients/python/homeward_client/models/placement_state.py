from enum import StrEnum


class PlacementState(StrEnum):
    CANCELLED = "cancelled"
    CONTRACT_SIGNED = "contract_signed"
    DEPARTED = "departed"
    SELECTED = "selected"
    SHORTLISTED = "shortlisted"
    VISA_APPLIED = "visa_applied"
    VISA_GRANTED = "visa_granted"
    VISA_REFUSED = "visa_refused"

    def __str__(self) -> str:
        return str(self.value)
