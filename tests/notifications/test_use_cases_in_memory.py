"""The alert rules and the inbox on repositories over the in-memory store, with a set clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.notifications import store
from services.notifications.app import notifications_service
from services.notifications.domain.alerts import AlertStatus
from services.notifications.domain.facts import EnterpriseFacts, WorkerFacts
from services.notifications.domain.rules import RuleParameters
from services.notifications.service import NotificationsService
from shared.contracts.deployment import LicenceStatus
from shared.contracts.notifications import AlertKind, Resolution
from shared.errors import ConflictError
from shared.persistence import Update
from shared.persistence.stores import Store, memory_store

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PARAMETERS = RuleParameters(
    no_contact_days=30,
    contract_ending_days=60,
    loan_without_departure_days=90,
    no_reintegration_plan_days=30,
)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def service_on(on: Store, clock: Clock) -> NotificationsService:
    service = notifications_service(on, "", parameters=PARAMETERS)
    service.clock = clock
    return service


async def put_worker(on: Store, facts: WorkerFacts) -> None:
    await on.collection(store.WORKERS).put(
        facts.worker_id, _set(store.worker_state(facts)), upsert=True
    )


async def put_enterprise(on: Store, facts: EnterpriseFacts) -> None:
    await on.collection(store.ENTERPRISES).put(
        facts.enterprise_id, _set(store.enterprise_state(facts)), upsert=True
    )


def _set(state: dict[str, object]) -> Update:
    return Update(set=state)


def abroad(worker_id: str, commune: str = "04036", **facts: object) -> WorkerFacts:
    fields: dict[str, object] = {
        "worker_id": worker_id,
        "province_code": "14",
        "commune_code": commune,
        "departed_at": T0,
        "enterprise_id": "enterprise-1",
        "contract_end": date(2028, 3, 1),
        "contract_end_at": T0,
    }
    fields.update(facts)
    return WorkerFacts.model_validate(fields)


async def test_silence_raises_one_alert_and_a_check_in_resolves_it() -> None:
    on, clock = memory_store(), Clock(T0 + 10 * DAY)
    service = service_on(on, clock)
    await put_worker(on, abroad("w-1"))
    assert await service.apply_rules() == (0, 0)

    clock.now = T0 + 31 * DAY
    assert await service.apply_rules() == (1, 0)
    assert await service.apply_rules() == (0, 0)  # raised once
    [alert] = await service.inbox({})
    assert alert.kind is AlertKind.NO_CONTACT
    assert alert.worker_id == "w-1"
    assert "no contact for 31 days" in alert.reason
    assert alert.recipients == ["commune_officer", "aftercare_officer"]

    await put_worker(on, abroad("w-1", last_contact_at=T0 + 30 * DAY))
    assert await service.apply_rules() == (0, 1)
    resolved = await service.get_alert(alert.alert_id)
    assert resolved.status is AlertStatus.RESOLVED
    assert resolved.resolution is Resolution.CAUSE_GONE


async def test_every_rule_finds_its_cause() -> None:
    on, clock = memory_store(), Clock(T0 + 100 * DAY)
    service = service_on(on, clock)
    await put_worker(
        on, abroad("ending", contract_end=date(2026, 7, 1), last_contact_at=T0 + 99 * DAY)
    )
    incident = {"incident_id": "inc-1", "ticket": "HW-2026-000001", "resolve_by": T0}
    await put_worker(on, abroad("hurt", last_contact_at=T0 + 99 * DAY, incidents=[incident]))
    await put_worker(on, abroad("licence", last_contact_at=T0 + 99 * DAY))
    await put_enterprise(
        on,
        EnterpriseFacts(
            enterprise_id="enterprise-1",
            name="Sông Đà",
            status=LicenceStatus.SUSPENDED,
            changed_at=T0 + 50 * DAY,
        ),
    )
    await put_worker(
        on,
        WorkerFacts(
            worker_id="loan", province_code="14", commune_code="04036", loan_id="loan-1",
            loan_disbursed_at=T0,
        ),
    )  # fmt: skip
    await put_worker(on, abroad("home", returned_at=T0 + 60 * DAY))
    await service.apply_rules()

    kinds = {(a.worker_id, a.kind) for a in await service.inbox({})}
    assert ("ending", AlertKind.CONTRACT_ENDING) in kinds
    assert ("hurt", AlertKind.INCIDENT_OVERDUE) in kinds
    assert ("licence", AlertKind.LICENCE_WITHDRAWN) in kinds
    assert ("loan", AlertKind.LOAN_WITHOUT_DEPARTURE) in kinds
    assert ("home", AlertKind.NO_REINTEGRATION_PLAN) in kinds
    assert ("home", AlertKind.NO_CONTACT) not in kinds  # back home: no silence abroad
    licence = await service.inbox({}, kind=AlertKind.LICENCE_WITHDRAWN.value)
    assert {a.worker_id for a in licence} == {"ending", "hurt", "licence"}
    assert all("Sông Đà" in a.reason and "suspended" in a.reason for a in licence)


async def test_a_person_acknowledges_then_resolves_with_a_reason() -> None:
    on, clock = memory_store(), Clock(T0 + 40 * DAY)
    service = service_on(on, clock)
    await put_worker(on, abroad("w-1"))
    await service.apply_rules()
    [alert] = await service.inbox({})

    acknowledged = await service.acknowledge(alert.alert_id, "officer-1")
    assert acknowledged.status is AlertStatus.ACKNOWLEDGED
    assert (await service.acknowledge(alert.alert_id, "officer-2")).acknowledged_by == "officer-1"
    resolved = await service.resolve(alert.alert_id, "family reached by phone", "officer-1")
    assert resolved.resolution is Resolution.BY_HAND
    assert resolved.resolution_reason == "family reached by phone"
    with pytest.raises(ConflictError):
        await service.resolve(alert.alert_id, "again", "officer-1")
    # the cause persists, but a resolved alert is not raised again
    assert await service.apply_rules() == (0, 0)
    assert await service.inbox({}, status=AlertStatus.OPEN) == []


async def test_the_inbox_holds_only_the_scope_asked_for() -> None:
    on, clock = memory_store(), Clock(T0 + 40 * DAY)
    service = service_on(on, clock)
    await put_worker(on, abroad("here", commune="04036"))
    await put_worker(on, abroad("there", commune="04040"))
    await service.apply_rules()
    mine = await service.inbox({"province_code": "14", "commune_code": "04036"})
    assert [a.worker_id for a in mine] == ["here"]
    assert len(await service.inbox({"province_code": "14"})) == 2


async def test_one_replica_runs_each_tick() -> None:
    on, clock = memory_store(), Clock(T0 + 40 * DAY)
    first, second = service_on(on, clock), service_on(on, clock)
    await put_worker(on, abroad("w-1"))
    assert [await first.run_tick(60), await second.run_tick(60)] == [True, False]
    clock.now += timedelta(seconds=60)
    assert await second.run_tick(60)
    assert len(await first.inbox({})) == 1
