from enum import StrEnum


class OfficerContactLanguage(StrEnum):
    EN = "en"
    VI = "vi"

    def __str__(self) -> str:
        return str(self.value)
