from enum import StrEnum


class RepatriationArrangement(StrEnum):
    ASHES = "ashes"
    BURIED_ABROAD = "buried_abroad"
    REMAINS = "remains"

    def __str__(self) -> str:
        return str(self.value)
