from enum import StrEnum


class Decision(StrEnum):
    DIFFERENT_PEOPLE = "different_people"
    SAME_PERSON = "same_person"

    def __str__(self) -> str:
        return str(self.value)
