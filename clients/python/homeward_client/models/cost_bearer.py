from enum import StrEnum


class CostBearer(StrEnum):
    EMPLOYER = "employer"
    ENTERPRISE = "enterprise"
    FAMILY = "family"
    INSURANCE = "insurance"
    STATE_FUND = "state_fund"

    def __str__(self) -> str:
        return str(self.value)
