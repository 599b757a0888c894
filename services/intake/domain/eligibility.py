"""Eligibility rules as code: each gives its outcome and the reason for it.

- ``adult_age``: 18 or older (Law 69/2020/QH14 on contract workers abroad).
- ``subproject2``: Subproject 2 of the 2021-2025 National Target Programme on Sustainable Poverty
  Reduction supports workers of poor, near-poor and newly-escaped-poor households, ethnic
  minorities, and workers living in a poor district or an extremely disadvantaged commune by
  the FORMER units (``poverty_areas``).
- ``training_cost_support``: follows Subproject 2 (foreign language, skills, orientation).
- ``preferential_loan``: the Social Policy Bank lends for going abroad to workers of poor and
  near-poor households and to ethnic-minority workers (Decree 61/2015/NĐ-CP as amended by
  Decree 74/2019/NĐ-CP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.intake.domain.poverty_areas import (
    EXTREMELY_DISADVANTAGED_COMMUNES,
    POOR_DISTRICTS,
)
from services.intake.domain.registration import ADULT_AGE, WorkerDetails, age_on
from shared.contracts.common import HouseholdStatus
from shared.contracts.intake import SupportEligibility
from shared.messages import Phrase, joined

SUBPROJECT2_HOUSEHOLDS = frozenset(
    {HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR, HouseholdStatus.NEWLY_ESCAPED_POVERTY}
)
LOAN_HOUSEHOLDS = frozenset({HouseholdStatus.POOR, HouseholdStatus.NEAR_POOR})
_HOUSEHOLD_WORDS = {
    HouseholdStatus.POOR: Phrase("a poor household"),
    HouseholdStatus.NEAR_POOR: Phrase("a near-poor household"),
    HouseholdStatus.NEWLY_ESCAPED_POVERTY: Phrase("a household newly escaped from poverty"),
    HouseholdStatus.OTHER: Phrase("a household that is not poor, near-poor or newly escaped"),
}
UNDER_18 = Phrase("the worker is under 18")
ETHNIC_MINORITY = Phrase("an ethnic-minority worker")


class Rule(StrEnum):
    """The rules intake applies, by name."""

    ADULT_AGE = "adult_age"
    SUBPROJECT2 = "subproject2"
    TRAINING_COST_SUPPORT = "training_cost_support"
    PREFERENTIAL_LOAN = "preferential_loan"


class Outcome(StrEnum):
    """A rule's verdict."""

    MET = "met"
    NOT_MET = "not_met"


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome and the reason for it."""

    rule: Rule
    outcome: Outcome
    reason: str

    @property
    def met(self) -> bool:
        """Whether the rule is met."""
        return self.outcome is Outcome.MET


@dataclass(frozen=True)
class Eligibility:
    """Every rule's result for one worker on one day."""

    assessed_on: date
    results: tuple[RuleResult, ...]

    def result(self, rule: Rule) -> RuleResult:
        """Returns the result of one rule."""
        return next(r for r in self.results if r.rule is rule)

    def support(self) -> SupportEligibility:
        """Returns the supports that follow, as events carry them."""
        return SupportEligibility(
            subproject2=self.result(Rule.SUBPROJECT2).met,
            training_cost_support=self.result(Rule.TRAINING_COST_SUPPORT).met,
            preferential_loan=self.result(Rule.PREFERENTIAL_LOAN).met,
            reasons=[f"{r.rule}: {r.reason}" for r in self.results],
        )


def _result(rule: Rule, met: bool, reason: str) -> RuleResult:
    return RuleResult(rule, Outcome.MET if met else Outcome.NOT_MET, reason)


def adult_age(details: WorkerDetails, on: date) -> RuleResult:
    """Met when the worker is 18 or older on the day."""
    age = age_on(details.date_of_birth, on)
    if age >= ADULT_AGE:
        return _result(
            Rule.ADULT_AGE, True, Phrase("aged {age}, at least {adult}", age=age, adult=ADULT_AGE)
        )
    return _result(
        Rule.ADULT_AGE, False, Phrase("aged {age}, under {adult}", age=age, adult=ADULT_AGE)
    )


def subproject2_grounds(details: WorkerDetails) -> list[str]:
    """Returns each ground on which Subproject 2 applies to the worker (none: not eligible)."""
    grounds: list[str] = []
    if details.household_status in SUBPROJECT2_HOUSEHOLDS:
        grounds.append(_from(details))
    if details.ethnic_minority:
        grounds.append(ETHNIC_MINORITY)
    district = POOR_DISTRICTS.get(details.locality.former_district_code or "")
    if district is not None:
        grounds.append(
            Phrase("lives in a poor district ({district}, former units)", district=district.name)
        )
    commune = EXTREMELY_DISADVANTAGED_COMMUNES.get(details.locality.former_commune_code or "")
    if commune is not None:
        grounds.append(
            Phrase(
                "lives in an extremely disadvantaged commune ({commune}, former units)",
                commune=commune.name,
            )
        )
    return grounds


def _from(details: WorkerDetails) -> Phrase:
    return Phrase("from {household}", household=_HOUSEHOLD_WORDS[details.household_status])


def subproject2(details: WorkerDetails, adult: RuleResult) -> RuleResult:
    """Met for an adult with at least one Subproject 2 ground."""
    grounds = subproject2_grounds(details)
    if not adult.met:
        return _result(Rule.SUBPROJECT2, False, UNDER_18)
    if grounds:
        return _result(Rule.SUBPROJECT2, True, joined(grounds))
    reason = Phrase(
        "from {household}, not an ethnic minority, and not living in a listed poor district or "
        "extremely disadvantaged commune (former units)",
        household=_HOUSEHOLD_WORDS[details.household_status],
    )
    if details.locality.former_district_code is None:
        unchecked = Phrase("no former district recorded, so the poor-district ground is unchecked")
        return _result(Rule.SUBPROJECT2, False, joined([reason, unchecked]))
    return _result(Rule.SUBPROJECT2, False, reason)


def training_cost_support(subproject: RuleResult) -> RuleResult:
    """Follows Subproject 2 eligibility."""
    if subproject.met:
        return _result(Rule.TRAINING_COST_SUPPORT, True, Phrase("eligible for Subproject 2"))
    return _result(Rule.TRAINING_COST_SUPPORT, False, Phrase("not eligible for Subproject 2"))


def preferential_loan(details: WorkerDetails, adult: RuleResult) -> RuleResult:
    """Met for an adult of a poor or near-poor household, or an ethnic-minority adult."""
    if not adult.met:
        return _result(Rule.PREFERENTIAL_LOAN, False, UNDER_18)
    grounds: list[str] = []
    if details.household_status in LOAN_HOUSEHOLDS:
        grounds.append(_from(details))
    if details.ethnic_minority:
        grounds.append(ETHNIC_MINORITY)
    if grounds:
        decrees = Phrase("{grounds} (Decrees 61/2015, 74/2019)", grounds=joined(grounds))
        return _result(Rule.PREFERENTIAL_LOAN, True, decrees)
    return _result(
        Rule.PREFERENTIAL_LOAN,
        False,
        Phrase(
            "Social Policy Bank loans for going abroad are for poor and near-poor households and "
            "ethnic minorities; the worker is from {household} and not an ethnic minority",
            household=_HOUSEHOLD_WORDS[details.household_status],
        ),
    )


def assess_eligibility(details: WorkerDetails, on: date) -> Eligibility:
    """Returns every rule's outcome and reason for the worker on the day."""
    adult = adult_age(details, on)
    subproject = subproject2(details, adult)
    return Eligibility(
        assessed_on=on,
        results=(
            adult,
            subproject,
            training_cost_support(subproject),
            preferential_loan(details, adult),
        ),
    )
