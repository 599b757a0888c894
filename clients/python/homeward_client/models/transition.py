from enum import StrEnum


class Transition(StrEnum):
    MERGE = "merge"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"

    def __str__(self) -> str:
        return str(self.value)
