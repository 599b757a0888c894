from enum import StrEnum


class CollateralKind(StrEnum):
    HOUSE = "house"
    LAND_USE_RIGHTS = "land_use_rights"
    OTHER = "other"
    SAVINGS = "savings"
    VEHICLE = "vehicle"

    def __str__(self) -> str:
        return str(self.value)
