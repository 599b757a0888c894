from enum import StrEnum


class SenderKind(StrEnum):
    LABOUR_SUPPLY_ENTERPRISE = "labour_supply_enterprise"
    STATE_PROGRAMME = "state_programme"

    def __str__(self) -> str:
        return str(self.value)
