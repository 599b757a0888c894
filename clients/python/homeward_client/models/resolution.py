from enum import StrEnum


class Resolution(StrEnum):
    BY_HAND = "by_hand"
    CAUSE_GONE = "cause_gone"

    def __str__(self) -> str:
        return str(self.value)
