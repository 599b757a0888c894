"""Explainable matching: which workers fit a job order and which orders fit a worker, and why."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from services.deployment.domain.candidates import Candidate
from services.deployment.domain.enterprises import Enterprise, licence_problem
from services.deployment.domain.job_orders import JobOrder, recruiting_problem
from services.deployment.domain.language import best_level, parse_level
from shared.contracts.common import Market


class Reason(BaseModel):
    """One requirement or preference checked, whether it is met, and why."""

    model_config = ConfigDict(frozen=True)

    requirement: str
    met: bool
    required: bool = True
    detail: str


class CandidateMatch(BaseModel):
    """A worker considered for a job order, ranked, with the reasons."""

    model_config = ConfigDict(frozen=True)

    worker_id: str
    full_name: str | None
    rank: int
    fits: bool
    preferences_met: int
    reasons: list[Reason]


class OrderMatch(BaseModel):
    """A job order considered for a worker, ranked, with the reasons."""

    model_config = ConfigDict(frozen=True)

    job_order_id: str
    enterprise_id: str
    country: Market
    employer: str
    rank: int
    fits: bool
    preferences_met: int
    reasons: list[Reason]


def fits(reasons: Iterable[Reason]) -> bool:
    """Returns whether every required reason is met."""
    return all(r.met for r in reasons if r.required)


def worker_reasons(order: JobOrder, candidate: Candidate, today: date) -> list[Reason]:
    """Returns each of the order's requirements checked against the worker, then preferences."""
    reasons = [
        *_standing(candidate),
        _trained(order, candidate),
        *_personal(order, candidate, today),
        *_language(order, candidate),
        *_certificates(order, candidate),
        *_preferences(order, candidate),
    ]
    return reasons


def order_reasons(order: JobOrder, enterprise: Enterprise, today: date) -> list[Reason]:
    """Returns whether the order can take a worker today: open, positions left, licence valid."""
    recruiting = recruiting_problem(order, today)
    licence = licence_problem(enterprise, today)
    return [
        Reason(
            requirement="order_recruiting",
            met=recruiting is None,
            detail=recruiting or f"open until {order.deadline}",
        ),
        Reason(
            requirement="positions_left",
            met=order.positions_left > 0,
            detail=f"{order.positions_left} of {order.positions} positions left",
        ),
        Reason(
            requirement="enterprise_licence",
            met=licence is None,
            detail=f"licence {licence or enterprise.licence.number + ' valid'}",
        ),
    ]


def match_order(
    order: JobOrder, candidates: Iterable[Candidate], today: date, include_unfit: bool = False
) -> list[CandidateMatch]:
    """Returns the workers who fit the order, best first (with ``include_unfit``, then the rest)."""
    scored = []
    for candidate in candidates:
        reasons = worker_reasons(order, candidate, today)
        if not include_unfit and not fits(reasons):
            continue
        scored.append((_candidate_key(order, candidate, reasons), candidate, reasons))
    scored.sort(key=lambda entry: entry[0])
    return [
        CandidateMatch(
            worker_id=candidate.worker_id,
            full_name=candidate.profile.full_name if candidate.profile else None,
            rank=rank,
            fits=fits(reasons),
            preferences_met=_preferences_met(reasons),
            reasons=reasons,
        )
        for rank, (_, candidate, reasons) in enumerate(scored, start=1)
    ]


def match_worker(
    candidate: Candidate,
    offers: Iterable[tuple[JobOrder, Enterprise]],
    today: date,
    include_unfit: bool = False,
) -> list[OrderMatch]:
    """Returns the open orders the worker fits, best first (with ``include_unfit``, the rest)."""
    scored = []
    for order, enterprise in offers:
        reasons = [
            *order_reasons(order, enterprise, today),
            *worker_reasons(order, candidate, today),
        ]
        if not include_unfit and not fits(reasons):
            continue
        key = (
            not fits(reasons),
            _unmet(reasons),
            -_preferences_met(reasons),
            -order.salary.vnd_equivalent,
            order.deadline,
            order.id,
        )
        scored.append((key, order, reasons))
    scored.sort(key=lambda entry: entry[0])
    return [
        OrderMatch(
            job_order_id=order.id,
            enterprise_id=order.enterprise_id,
            country=order.country,
            employer=order.employer,
            rank=rank,
            fits=fits(reasons),
            preferences_met=_preferences_met(reasons),
            reasons=reasons,
        )
        for rank, (_, order, reasons) in enumerate(scored, start=1)
    ]


def _candidate_key(
    order: JobOrder, candidate: Candidate, reasons: list[Reason]
) -> tuple[bool, int, int, int, float, str]:
    # Fit first, then fewest unmet, most preferences met, strongest language, longest waiting.
    language_rank = 0
    if order.requirements.language_level:
        required = parse_level(order.requirements.language_level)
        best = best_level(candidate.levels_for(order.country), required.scale)
        language_rank = best.rank if best else 0
    training = candidate.training.get(order.country.value)
    waiting_since = training.trained_at.timestamp() if training else math.inf
    return (
        not fits(reasons),
        _unmet(reasons),
        -_preferences_met(reasons),
        -language_rank,
        waiting_since,
        candidate.worker_id,
    )


def _unmet(reasons: list[Reason]) -> int:
    return sum(1 for r in reasons if r.required and not r.met)


def _preferences_met(reasons: list[Reason]) -> int:
    return sum(1 for r in reasons if not r.required and r.met)


def _standing(candidate: Candidate) -> list[Reason]:
    registered = candidate.profile is not None
    return [
        Reason(
            requirement="registered",
            met=registered,
            detail="registered at intake" if registered else "no registration received yet",
        ),
        Reason(
            requirement="active",
            met=not candidate.withdrawn
            and candidate.merged_into is None
            and candidate.died_on is None
            and candidate.placement_consented,
            detail=f"record merged into {candidate.merged_into}"
            if candidate.merged_into
            else f"died abroad on {candidate.died_on}"
            if candidate.died_on
            else "withdrew from the programme"
            if candidate.withdrawn
            else "withdrew consent to placement"
            if not candidate.placement_consented
            else "case is active",
        ),
        Reason(
            requirement="at_home",
            met=not candidate.abroad and not candidate.awaiting_journey,
            detail="abroad on a placement"
            if candidate.abroad
            else "home from a journey: intake starts the next one"
            if candidate.awaiting_journey
            else "not abroad",
        ),
    ]


def _trained(order: JobOrder, candidate: Candidate) -> Reason:
    training = candidate.training.get(order.country.value)
    return Reason(
        requirement="trained_for_market",
        met=training is not None,
        detail=f"trained for {order.country.value} on {training.trained_at.date()}"
        if training
        else f"not trained for {order.country.value}",
    )


def _personal(order: JobOrder, candidate: Candidate, today: date) -> list[Reason]:
    wanted = order.requirements
    reasons: list[Reason] = []
    profile = candidate.profile
    if wanted.gender is not None:
        gender = profile.gender if profile else None
        reasons.append(
            Reason(
                requirement="gender",
                met=gender == wanted.gender,
                detail=f"requires {wanted.gender.value}; worker is {gender.value}"
                if gender
                else f"requires {wanted.gender.value}; gender unknown",
            )
        )
    if wanted.min_age is not None or wanted.max_age is not None:
        reasons.append(_age(wanted.min_age, wanted.max_age, candidate.age_on(today)))
    return reasons


def _age(low: int | None, high: int | None, age: int | None) -> Reason:
    if age is None:
        return Reason(requirement="age", met=False, detail="date of birth unknown")
    if low is not None and age < low:
        return Reason(requirement="age", met=False, detail=f"age {age} below the minimum {low}")
    if high is not None and age > high:
        return Reason(requirement="age", met=False, detail=f"age {age} above the maximum {high}")
    bounds = f"{low}-{high}" if low and high else (f"{low} or older" if low else f"up to {high}")
    return Reason(requirement="age", met=True, detail=f"age {age} within {bounds}")


def _language(order: JobOrder, candidate: Candidate) -> list[Reason]:
    if not order.requirements.language_level:
        return []
    required = parse_level(order.requirements.language_level)
    levels = candidate.levels_for(order.country)
    best = best_level(levels, required.scale)
    if best is None:
        others = ", ".join(sorted({level.code for level in levels}))
        detail = f"requires {required}; has no {required.scale.value} level" + (
            f" (has {others})" if others else ""
        )
        return [Reason(requirement="language_level", met=False, detail=detail)]
    met = best.at_least(required)
    verb = "meets" if met else "is below"
    return [Reason(requirement="language_level", met=met, detail=f"{best} {verb} {required}")]


def _certificates(order: JobOrder, candidate: Candidate) -> list[Reason]:
    held = candidate.certificate_kinds()
    return [
        Reason(
            requirement=f"certificate:{kind}",
            met=kind in held,
            detail=f"holds a {kind} certificate" if kind in held else f"no {kind} certificate",
        )
        for kind in order.requirements.certificates
    ]


def _preferences(order: JobOrder, candidate: Candidate) -> list[Reason]:
    if candidate.profile is None:
        return []
    markets, sectors = candidate.profile.desired_markets, candidate.profile.desired_sectors
    return [
        Reason(
            requirement="desired_market",
            met=order.country in markets,
            required=False,
            detail=f"wants to work in {order.country.value}"
            if order.country in markets
            else f"did not ask for {order.country.value}",
        ),
        Reason(
            requirement="desired_sector",
            met=order.sector in sectors,
            required=False,
            detail=f"wants {order.sector.value}"
            if order.sector in sectors
            else f"did not ask for {order.sector.value}",
        ),
    ]
