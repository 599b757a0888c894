from enum import StrEnum


class FamilySupport(StrEnum):
    COUNSELLING = "counselling"
    EMPLOYER_COMPENSATION = "employer_compensation"
    FUNERAL_ALLOWANCE = "funeral_allowance"
    INSURANCE_CLAIM = "insurance_claim"
    LOAN_RELIEF = "loan_relief"
    OTHER = "other"
    OVERSEAS_EMPLOYMENT_FUND = "overseas_employment_fund"

    def __str__(self) -> str:
        return str(self.value)
