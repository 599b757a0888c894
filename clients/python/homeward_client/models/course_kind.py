from enum import StrEnum


class CourseKind(StrEnum):
    LANGUAGE = "language"
    ORIENTATION = "orientation"
    VOCATIONAL = "vocational"

    def __str__(self) -> str:
        return str(self.value)
