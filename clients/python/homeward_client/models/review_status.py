from enum import StrEnum


class ReviewStatus(StrEnum):
    DIFFERENT_PEOPLE = "different_people"
    PENDING = "pending"
    SAME_PERSON = "same_person"

    def __str__(self) -> str:
        return str(self.value)
