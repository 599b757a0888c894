from enum import StrEnum


class ConsultationTopic(StrEnum):
    CONTRACTS_AND_RIGHTS = "contracts_and_rights"
    COSTS = "costs"
    JOBS_AND_WAGES = "jobs_and_wages"
    LAW_AND_CULTURE = "law_and_culture"
    MARKETS = "markets"
    OTHER = "other"
    PREFERENTIAL_LOANS = "preferential_loans"
    RETURN_AND_REINTEGRATION = "return_and_reintegration"
    SAFE_MIGRATION = "safe_migration"
    TRAINING_AND_LANGUAGE = "training_and_language"

    def __str__(self) -> str:
        return str(self.value)
