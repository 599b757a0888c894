"""The alert rules: each a kind, a parameter in days, and what finds its cause in the facts.

A rule finds *findings*: an alert that should be open now. Its id is the rule, the worker and
the cause (the silence since a date, the contract's end, the incident...), so the same cause
raises one alert however often the rules run, and a new cause (a later silence) a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from services.aftercare.domain.dates import local_date
from services.notifications.domain.facts import EnterpriseFacts, WorkerFacts
from shared.contracts.common import ConsentPurpose
from shared.contracts.notifications import AlertKind

K = AlertKind
RECIPIENTS = ("commune_officer", "aftercare_officer")
"""Who an alert goes to: the worker's commune officer and the province's aftercare officer."""


class RuleParameters(BaseModel):
    """Each rule's parameter, in days (the table in docs/notifications.md)."""

    no_contact_days: int = Field(default=45, ge=0, le=3650)
    contract_ending_days: int = Field(default=60, ge=0, le=3650)
    loan_without_departure_days: int = Field(default=90, ge=0, le=3650)
    no_reintegration_plan_days: int = Field(default=30, ge=0, le=3650)


@dataclass(frozen=True)
class RuleSpec:
    """One row of the rules table: the kind, its parameter's name, what it watches."""

    kind: AlertKind
    parameter: str | None
    watches: str


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(K.NO_CONTACT, "no_contact_days", "a worker abroad not contacted for N days"),
    RuleSpec(K.CONTRACT_ENDING, "contract_ending_days", "a contract ending within N days"),
    RuleSpec(K.INCIDENT_OVERDUE, None, "an incident past its deadline, or escalated"),
    RuleSpec(
        K.LICENCE_WITHDRAWN,
        None,
        "the licence of a worker abroad's enterprise suspended or revoked",
    ),
    RuleSpec(
        K.LOAN_WITHOUT_DEPARTURE,
        "loan_without_departure_days",
        "a loan disbursed with no departure after N days",
    ),
    RuleSpec(
        K.NO_REINTEGRATION_PLAN,
        "no_reintegration_plan_days",
        "a worker back home with no reintegration plan after N days",
    ),
)


RULE_PURPOSES: Mapping[AlertKind, ConsentPurpose | None] = {
    K.NO_CONTACT: ConsentPurpose.AFTERCARE,
    K.CONTRACT_ENDING: ConsentPurpose.AFTERCARE,
    K.NO_REINTEGRATION_PLAN: ConsentPurpose.AFTERCARE,
    K.INCIDENT_OVERDUE: None,
    K.LICENCE_WITHDRAWN: None,
    K.LOAN_WITHOUT_DEPARTURE: None,
}
"""The consent purpose each rule's messages serve; None: the law allows them without consent
(incidents protect life and health, licences and loans follow the guest-workers law and the
loan contract: ``shared.consent.PROCESSING_WITHOUT_CONSENT``)."""


@dataclass(frozen=True)
class Finding:
    """An alert that should be open now: its id, kind, worker, and why (nothing personal)."""

    alert_id: str
    kind: AlertKind
    worker_id: str
    reason: str
    province_code: str | None
    commune_code: str | None


def _day(moment: datetime) -> date:
    return local_date(moment)


def _finding(facts: WorkerFacts, kind: AlertKind, cause: str, reason: str) -> Finding:
    return Finding(
        f"{kind.value}:{facts.worker_id}:{cause}",
        kind,
        facts.worker_id,
        reason,
        facts.province_code,
        facts.commune_code,
    )


def _no_contact(facts: WorkerFacts, now: datetime, days: int) -> Finding | None:
    if not facts.abroad or facts.departed_at is None:
        return None
    since = max(facts.departed_at, facts.last_contact_at or facts.departed_at)
    if now - since <= timedelta(days=days):
        return None
    silent = (now - since).days
    what = (
        "last contact" if facts.last_contact_at and since == facts.last_contact_at else "departure"
    )
    return _finding(
        facts,
        K.NO_CONTACT,
        since.isoformat(),
        f"no contact for {silent} days (limit {days}); {what} on {_day(since)}",
    )


def _contract_ending(facts: WorkerFacts, now: datetime, days: int) -> Finding | None:
    end = facts.contract_end
    if not facts.abroad or end is None:
        return None
    left = (end - _day(now)).days
    if left > days:
        return None
    when = f"ends in {left} days" if left >= 0 else f"ended {-left} days ago"
    return _finding(
        facts, K.CONTRACT_ENDING, end.isoformat(), f"contract {when}, on {end} (window {days})"
    )


def _incidents(facts: WorkerFacts, now: datetime) -> list[Finding]:
    found = []
    for incident in facts.incidents:
        if incident.closed_at is not None:
            continue
        overdue = incident.resolve_by is not None and now > incident.resolve_by
        if incident.escalated_at is None and not overdue:
            continue
        why = "escalated" if incident.escalated_at is not None else "past its deadline"
        deadline = (
            f" (resolve by {incident.resolve_by:%Y-%m-%d %H:%M} UTC)" if incident.resolve_by else ""
        )
        found.append(
            _finding(
                facts,
                K.INCIDENT_OVERDUE,
                incident.incident_id,
                f"incident {incident.ticket or incident.incident_id} {why}{deadline}",
            )
        )
    return found


def _licence(facts: WorkerFacts, enterprise: EnterpriseFacts | None) -> Finding | None:
    if not facts.abroad or enterprise is None or not enterprise.withdrawn:
        return None
    changed = enterprise.changed_at.isoformat() if enterprise.changed_at else "-"
    return _finding(
        facts,
        K.LICENCE_WITHDRAWN,
        f"{enterprise.enterprise_id}:{changed}",
        f"the licence of sending enterprise {enterprise.name or enterprise.enterprise_id} "
        f"({enterprise.enterprise_id}) is {enterprise.status.value} while the worker is abroad",
    )


def _loan(facts: WorkerFacts, now: datetime, days: int) -> Finding | None:
    disbursed = facts.loan_disbursed_at
    if disbursed is None or (facts.departed_at is not None and facts.departed_at >= disbursed):
        return None
    if now - disbursed <= timedelta(days=days):
        return None
    return _finding(
        facts,
        K.LOAN_WITHOUT_DEPARTURE,
        facts.loan_id or disbursed.isoformat(),
        f"loan disbursed on {_day(disbursed)}, no departure after {(now - disbursed).days} days "
        f"(limit {days})",
    )


def _reintegration(facts: WorkerFacts, now: datetime, days: int) -> Finding | None:
    back = facts.returned_at
    if back is None or facts.abroad or facts.case_closed_at is not None:
        return None
    if facts.reintegration_planned_at is not None and facts.reintegration_planned_at >= back:
        return None
    if now - back <= timedelta(days=days):
        return None
    return _finding(
        facts,
        K.NO_REINTEGRATION_PLAN,
        back.isoformat(),
        f"back home since {_day(back)}, no reintegration plan after {(now - back).days} days "
        f"(limit {days})",
    )


def findings(
    workers: Iterable[WorkerFacts],
    enterprises: Mapping[str, EnterpriseFacts],
    now: datetime,
    parameters: RuleParameters,
) -> list[Finding]:
    """Returns every alert that should be open now, by id order."""
    found: list[Finding | None] = []
    p = parameters
    for facts in workers:
        enterprise = enterprises.get(facts.enterprise_id) if facts.enterprise_id else None
        found += [
            finding
            for finding in _findings_of(facts, enterprise, now, p)
            if finding is not None and _consented(facts, finding.kind)
        ]
    return sorted((f for f in found if f is not None), key=lambda f: f.alert_id)


def _consented(facts: WorkerFacts, kind: AlertKind) -> bool:
    """Whether the worker's consent covers the messages of a rule (a withdrawn purpose
    stops them; the alert already open resolves as its cause is gone)."""
    purpose = RULE_PURPOSES[kind]
    return purpose is None or facts.consent.allows(purpose)


def _findings_of(
    facts: WorkerFacts, enterprise: EnterpriseFacts | None, now: datetime, p: RuleParameters
) -> list[Finding | None]:
    return [
        _no_contact(facts, now, p.no_contact_days),
        _contract_ending(facts, now, p.contract_ending_days),
        _licence(facts, enterprise),
        _loan(facts, now, p.loan_without_departure_days),
        _reintegration(facts, now, p.no_reintegration_plan_days),
        *_incidents(facts, now),
    ]
