from enum import StrEnum


class TotalBy(StrEnum):
    COMMUNE = "commune"
    MONTH = "month"
    PROVINCE = "province"
    WORKER = "worker"

    def __str__(self) -> str:
        return str(self.value)
