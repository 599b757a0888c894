from enum import StrEnum


class ContactChannel(StrEnum):
    OTHER = "other"
    PHONE = "phone"
    VIDEO = "video"
    VISIT = "visit"
    ZALO = "zalo"

    def __str__(self) -> str:
        return str(self.value)
