from enum import StrEnum


class HouseholdStatus(StrEnum):
    NEAR_POOR = "near_poor"
    NEWLY_ESCAPED_POVERTY = "newly_escaped_poverty"
    OTHER = "other"
    POOR = "poor"

    def __str__(self) -> str:
        return str(self.value)
