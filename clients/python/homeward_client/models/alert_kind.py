from enum import StrEnum


class AlertKind(StrEnum):
    CONTRACT_ENDING = "contract_ending"
    INCIDENT_OVERDUE = "incident_overdue"
    LICENCE_WITHDRAWN = "licence_withdrawn"
    LOAN_WITHOUT_DEPARTURE = "loan_without_departure"
    NO_CONTACT = "no_contact"
    NO_REINTEGRATION_PLAN = "no_reintegration_plan"

    def __str__(self) -> str:
        return str(self.value)
