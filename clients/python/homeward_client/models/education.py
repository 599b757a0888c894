from enum import StrEnum


class Education(StrEnum):
    COLLEGE = "college"
    LOWER_SECONDARY = "lower_secondary"
    NONE = "none"
    PRIMARY = "primary"
    UNIVERSITY = "university"
    UPPER_SECONDARY = "upper_secondary"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
