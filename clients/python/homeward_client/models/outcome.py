from enum import StrEnum


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"

    def __str__(self) -> str:
        return str(self.value)
