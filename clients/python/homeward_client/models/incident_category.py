from enum import StrEnum


class IncidentCategory(StrEnum):
    ABUSE = "abuse"
    ACCIDENT_OR_DEATH = "accident_or_death"
    CONTRACT_VIOLATION = "contract_violation"
    INJURY_OR_ILLNESS = "injury_or_illness"
    LEGAL_TROUBLE = "legal_trouble"
    OTHER = "other"
    UNPAID_WAGES = "unpaid_wages"

    def __str__(self) -> str:
        return str(self.value)
