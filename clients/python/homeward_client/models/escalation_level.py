from enum import StrEnum


class EscalationLevel(StrEnum):
    CENTRE = "centre"
    PROVINCE = "province"

    def __str__(self) -> str:
        return str(self.value)
