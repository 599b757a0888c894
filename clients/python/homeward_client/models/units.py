from enum import StrEnum


class Units(StrEnum):
    CURRENT = "current"
    FORMER = "former"

    def __str__(self) -> str:
        return str(self.value)
