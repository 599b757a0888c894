from enum import StrEnum


class Language(StrEnum):
    AR = "ar"
    BG = "bg"
    DE = "de"
    EL = "el"
    EN = "en"
    JA = "ja"
    KO = "ko"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
