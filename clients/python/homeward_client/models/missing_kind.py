from enum import StrEnum


class MissingKind(StrEnum):
    ABSCONDED = "absconded"
    MISSING = "missing"

    def __str__(self) -> str:
        return str(self.value)
