from enum import StrEnum


class Sector(StrEnum):
    AGRICULTURE = "agriculture"
    CONSTRUCTION = "construction"
    ELECTRONICS = "electronics"
    FOOD_PROCESSING = "food_processing"
    MECHANICS = "mechanics"
    NURSING = "nursing"
    OTHER = "other"
    PAINTING = "painting"
    RESTAURANTS_AND_HOTELS = "restaurants_and_hotels"
    STEEL_CONSTRUCTION = "steel_construction"
    SUPERMARKETS = "supermarkets"
    TEXTILES_AND_GARMENTS = "textiles_and_garments"
    WELDING = "welding"

    def __str__(self) -> str:
        return str(self.value)
