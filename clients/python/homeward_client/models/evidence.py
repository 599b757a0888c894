from enum import StrEnum


class Evidence(StrEnum):
    EMPLOYER_ASSESSMENT = "employer_assessment"
    LANGUAGE_COURSE = "language_course"
    ORIENTATION_COURSE = "orientation_course"
    VOCATIONAL_COURSE = "vocational_course"

    def __str__(self) -> str:
        return str(self.value)
