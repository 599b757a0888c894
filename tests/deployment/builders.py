"""Ready-made senders, job orders, candidates and placements for deployment's domain tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.deployment.domain import (
    Candidate,
    Enterprise,
    JobOrder,
    JobOrderTerms,
    LicenceTerms,
    Placement,
    PlacementChange,
    apply_candidate_event,
    post_job_order,
    register_enterprise,
)
from services.deployment.domain import placements as flow
from shared.contracts.common import Gender, HouseholdStatus, Locality, Market, Sector
from shared.contracts.deployment import SenderKind
from shared.contracts.intake import SupportEligibility, WorkerRegistered
from shared.contracts.training import Certificate, WorkerTrained

TODAY = date(2025, 12, 2)
NOW = datetime(2025, 12, 2, 9, 30, tzinfo=UTC)
CONTRACT_START = date(2026, 1, 15)
SON_LA = Locality(province_code="14", commune_code="04036", former_district_code="116")


def licence_terms(**overrides: Any) -> LicenceTerms:
    """Returns a licence valid from 2023 to 2028."""
    values: dict[str, Any] = {
        "number": "123/LĐTBXH-GP",
        "issuing_authority": "Ministry of Labour, Invalids and Social Affairs",
        "valid_from": date(2023, 1, 1),
        "valid_until": date(2028, 1, 1),
    }
    values.update(overrides)
    return LicenceTerms(**values)


def enterprise(enterprise_id: str = "ent-1", **licence: Any) -> Enterprise:
    """Returns a labour-supply enterprise with an active licence."""
    sender, _ = register_enterprise(
        enterprise_id,
        "Công ty Cổ phần Cung ứng Nhân lực Quốc tế",
        SenderKind.LABOUR_SUPPLY_ENTERPRISE,
        licence_terms(**licence),
        NOW - timedelta(days=700),
    )
    return sender


def terms(**overrides: Any) -> dict[str, Any]:
    """Returns the fields of a valid job order: 3 electronics workers for Japan."""
    values: dict[str, Any] = {
        "enterprise_id": "ent-1",
        "country": "JP",
        "employer": "Shizuoka Denshi K.K.",
        "sector": "electronics",
        "positions": 3,
        "salary": {"amount": 180000, "currency": "JPY", "vnd_equivalent": 30_600_000},
        "contract_term_months": 36,
        "requirements": {},
        "deadline": "2026-03-31",
    }
    values.update(overrides)
    return values


def job_order(
    job_order_id: str = "jo-1", sender: Enterprise | None = None, **overrides: Any
) -> JobOrder:
    """Returns an open job order posted today (fields as in ``terms``)."""
    sender = sender or enterprise()
    overrides.setdefault("enterprise_id", sender.id)
    order, _ = post_job_order(job_order_id, JobOrderTerms(**terms(**overrides)), sender, TODAY, NOW)
    return order


def registered(
    worker_id: str = "w-1",
    *,
    born: date = date(1999, 4, 12),
    gender: Gender = Gender.FEMALE,
    markets: tuple[Market, ...] = (Market.JAPAN,),
    sectors: tuple[Sector, ...] = (Sector.ELECTRONICS,),
    full_name: str = "Đinh Thị Linh",
) -> WorkerRegistered:
    """Returns a registration from intake (with a phone and family contact, as intake sends)."""
    return WorkerRegistered(
        worker_id=worker_id,
        full_name=full_name,
        date_of_birth=born,
        gender=gender,
        ethnicity="Thái",
        ethnic_minority=True,
        household_status=HouseholdStatus.POOR,
        locality=SON_LA,
        education="upper_secondary",
        desired_markets=list(markets),
        desired_sectors=list(sectors),
        support=SupportEligibility(
            subproject2=True, training_cost_support=True, preferential_loan=True
        ),
        phone="0912345678",
        registered_at=NOW - timedelta(days=200),
    )


def trained(
    worker_id: str = "w-1",
    *,
    market: Market = Market.JAPAN,
    level: str | None = "JLPT-N4",
    certificates: tuple[str, ...] = (),
    at: datetime = NOW - timedelta(days=30),
) -> WorkerTrained:
    """Returns training's report that the worker is ready for a market."""
    return WorkerTrained(
        worker_id=worker_id,
        market=market,
        language_level=level,
        certificates=[
            Certificate(
                number=f"C-{worker_id}-{i}",
                course_id=f"course-{kind}",
                kind=kind,
                issued_on=at.date(),
            )
            for i, kind in enumerate(certificates)
        ],
        trained_at=at,
    )


def candidate(
    worker_id: str = "w-1",
    *,
    level: str | None = "JLPT-N4",
    certificates: tuple[str, ...] = (),
    market: Market = Market.JAPAN,
    trained_at: datetime = NOW - timedelta(days=30),
    **registration: Any,
) -> Candidate:
    """Returns a registered worker trained for a market."""
    view = apply_candidate_event(None, worker_id, registered(worker_id, **registration), 1)
    return apply_candidate_event(
        view,
        worker_id,
        trained(worker_id, market=market, level=level, certificates=certificates, at=trained_at),
        1,
    )


def placement_at(
    state: str,
    *,
    order: JobOrder | None = None,
    sender: Enterprise | None = None,
    worker: Candidate | None = None,
    placement_id: str = "pl-1",
) -> Placement:
    """Returns a placement walked legally from shortlisted to ``state`` (not cancelled)."""
    sender = sender or enterprise()
    order = order or job_order(sender=sender)
    worker = worker or candidate()
    common: dict[str, Any] = {"order": order, "enterprise": sender, "today": TODAY, "now": NOW}
    placement = flow.shortlist(placement_id, candidate=worker, **common).placement
    steps: list[Callable[[Placement], PlacementChange]] = [
        lambda p: flow.select(p, **common),
        lambda p: flow.sign_contract(p, signed_on=TODAY, contract_start=CONTRACT_START, **common),
        lambda p: flow.apply_for_visa(p, applied_on=TODAY, **common),
        lambda p: flow.grant_visa(p, granted_on=TODAY, **common),
        lambda p: flow.depart(p, departed_at=NOW, **common),
    ]
    for step in steps:
        if placement.state == state:
            break
        placement = step(placement).placement
    assert placement.state == state
    return placement
