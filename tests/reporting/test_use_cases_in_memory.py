"""Reporting's use cases against the in-memory store: no broker, no store process."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from services.reporting import store
from services.reporting.domain.facts import Fact, FactKind
from services.reporting.domain.figures import Period, Scope
from services.reporting.domain.targets import SetTargets
from services.reporting.domain.units import current_communes
from services.reporting.service import ReportingService
from shared.errors import NotFoundError
from shared.persistence.stores import Store, memory_store

PROVINCE = "14"
NOW = datetime(2025, 6, 30, 12, tzinfo=UTC)


@pytest.fixture
async def memory() -> Store:
    held = memory_store()
    await store.prepare(held)
    return held


@pytest.fixture
def service(memory: Store) -> ReportingService:
    return ReportingService(
        store.Facts(memory.collection(store.FACTS)),
        store.TargetVersions(memory.collection(store.TARGETS)),
        clock=lambda: NOW,
    )


def registration(worker_id: str, province: str, commune: str) -> Fact:
    at = datetime(2025, 3, 2, 9, tzinfo=UTC)
    return Fact(
        event_id=f"e-{worker_id}",
        kind=FactKind.REGISTERED,
        worker_id=worker_id,
        sequence=1,
        recorded_at=at,
        received_at=at,
        on=at.date(),
        province_code=province,
        commune_code=commune,
        gender="female",
        ethnic_minority=True,
        household_status="poor",
    )


async def test_managers_saving_at_once_each_get_their_own_version(
    service: ReportingService, memory: Store
) -> None:
    saves = [SetTargets(province_target=10 + n, set_by=f"qm-{n}") for n in range(8)]

    saved = await asyncio.gather(*(service.set_targets(PROVINCE, "2025", s) for s in saves))

    assert sorted(t.version for t in saved) == list(range(1, 9))
    versions = await service.targets(PROVINCE, "2025")
    assert [v.version for v in versions] == list(range(1, 9))
    assert sorted(v.province_target for v in versions) == [10 + n for n in range(8)]
    stored = await memory.collection(store.TARGETS).find({})
    assert sorted(d["_id"] for d in stored) == [f"{PROVINCE}/2025/v{n}" for n in range(1, 9)]


async def test_a_period_without_targets_is_not_found(service: ReportingService) -> None:
    with pytest.raises(NotFoundError):
        await service.targets(PROVINCE, "2026")


async def test_a_report_counts_the_facts_of_its_province_only(
    service: ReportingService, memory: Store
) -> None:
    commune = sorted(current_communes(PROVINCE))[0]
    elsewhere = sorted(current_communes("51"))[0]
    workers = {"w-1": (PROVINCE, commune), "w-2": (PROVINCE, commune), "w-3": ("51", elsewhere)}
    for worker_id, (province, code) in workers.items():
        state = store.worker_facts_state([registration(worker_id, province, code)])
        await memory.collection(store.FACTS).insert({"_id": worker_id, "version": 1, **state})

    report = await service.report(Scope(PROVINCE), Period(date(2025, 1, 1), date(2025, 6, 30)))

    assert report.value("registrations") == 2
    assert await service.fact_count() == 3
