from enum import StrEnum


class Market(StrEnum):
    AE = "AE"
    BG = "BG"
    DE = "DE"
    GR = "GR"
    JP = "JP"
    KR = "KR"
    QA = "QA"
    SA = "SA"
    SG = "SG"
    TW = "TW"

    def __str__(self) -> str:
        return str(self.value)
