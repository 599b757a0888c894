from enum import StrEnum


class WorkerStatus(StrEnum):
    MERGED = "merged"
    REGISTERED = "registered"
    WITHDRAWN = "withdrawn"

    def __str__(self) -> str:
        return str(self.value)
