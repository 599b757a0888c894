from enum import StrEnum


class Wellbeing(StrEnum):
    AT_RISK = "at_risk"
    CONCERNS = "concerns"
    GOOD = "good"

    def __str__(self) -> str:
        return str(self.value)
