from enum import StrEnum


class Rule(StrEnum):
    ADULT_AGE = "adult_age"
    PREFERENTIAL_LOAN = "preferential_loan"
    SUBPROJECT2 = "subproject2"
    TRAINING_COST_SUPPORT = "training_cost_support"

    def __str__(self) -> str:
        return str(self.value)
