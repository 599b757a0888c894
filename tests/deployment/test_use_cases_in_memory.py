"""Deployment's use cases against the in-memory store: no broker, no store process."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from services.deployment import store
from services.deployment.domain import JobOrderTerms, PositionsFilledError
from services.deployment.models import RegisterEnterprise
from services.deployment.service import DeploymentService, retried
from shared.contracts.deployment import JobOrderCloseReason
from shared.errors import ConflictError
from shared.persistence import ConcurrentUpdateError
from shared.persistence.stores import Store, memory_store
from tests.deployment.builders import NOW, candidate, licence_terms, terms

SENDER = "ent-1"


@pytest.fixture
async def memory() -> Store:
    held = memory_store()
    await store.prepare(held)
    return held


@pytest.fixture
async def service(memory: Store) -> DeploymentService:
    deployment = DeploymentService(store.repositories(memory, "t."), clock=lambda: NOW)
    command = RegisterEnterprise(name="Công ty Cung ứng Nhân lực", licence=licence_terms())
    await deployment.register_enterprise(command, SENDER)
    return deployment


async def known(memory: Store, *worker_ids: str) -> None:
    """Puts workers into the candidates view, as the consumer would."""
    for worker_id in worker_ids:
        document = {"_id": worker_id, **store.candidate_state(candidate(worker_id))}
        await memory.collection(store.CANDIDATES).insert(document)


async def order(service: DeploymentService, order_id: str, positions: int) -> str:
    await service.post_job_order(JobOrderTerms(**terms(positions=positions)), order_id)
    return order_id


async def outbox_types(memory: Store, collection: str, doc_id: str) -> list[str]:
    document = await memory.collection(collection).get(doc_id)
    assert document is not None
    return [entry["type"] for entry in document["outbox"]]


async def test_a_retried_registration_and_posting_write_once(
    service: DeploymentService, memory: Store
) -> None:
    command = RegisterEnterprise(name="Another name", licence=licence_terms())
    again = await service.register_enterprise(command, SENDER)
    await order(service, "jo-1", 2)
    await order(service, "jo-1", 2)

    assert again.name == "Công ty Cung ứng Nhân lực"
    assert await outbox_types(memory, store.ENTERPRISES, SENDER) == ["enterprise.licence-changed"]
    assert await outbox_types(memory, store.JOB_ORDERS, "jo-1") == ["job-order.posted"]


async def test_racing_selections_hold_no_more_positions_than_the_order_has(
    service: DeploymentService, memory: Store
) -> None:
    workers = [f"w-{n}" for n in range(6)]
    await known(memory, *workers)
    await order(service, "jo-1", 2)
    placements = [f"pl-{w}" for w in workers]
    for worker, placement in zip(workers, placements, strict=True):
        await service.shortlist("jo-1", worker, placement)

    outcomes = await asyncio.gather(
        *(service.select(p) for p in placements), return_exceptions=True
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 4
    assert all(isinstance(o, PositionsFilledError) for o in refused)
    assert (await service.get_job_order("jo-1")).filled == 2
    claims = await memory.collection(store.CLAIMS).find({})
    assert sorted(c["_id"] for c in claims) == ["jo-1:1:0", "jo-1:2:0"]


async def test_a_cancelled_placement_frees_its_position_as_a_new_lease(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1", "w-2")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")
    await service.shortlist("jo-1", "w-2", "pl-2")
    await service.select("pl-1")
    with pytest.raises(PositionsFilledError):
        await service.select("pl-2")

    await service.cancel("pl-1", "the worker changed their mind")
    selected = await service.select("pl-2")

    assert selected.placement.state == "selected"
    claims = {c["_id"]: c["placement_id"] for c in await memory.collection(store.CLAIMS).find({})}
    assert claims == {"jo-1:1:0": "pl-1", "jo-1:1:1": "pl-2"}
    releases = await memory.collection(store.RELEASES).find({})
    assert [(r["_id"], r["placement_id"]) for r in releases] == [("jo-1:1:0", "pl-1")]
    assert (await service.get_job_order("jo-1")).filled == 1


async def test_one_worker_holds_one_position_across_orders(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1")
    await order(service, "jo-1", 1)
    await order(service, "jo-2", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")
    await service.shortlist("jo-2", "w-1", "pl-2")

    outcomes = await asyncio.gather(
        service.select("pl-1"), service.select("pl-2"), return_exceptions=True
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert isinstance(refused[0], ConflictError)
    filled = [(await service.get_job_order(o)).filled for o in ("jo-1", "jo-2")]
    assert sorted(filled) == [0, 1]


async def test_a_worker_is_shortlisted_once_per_order(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")

    again = await service.shortlist("jo-1", "w-1", "pl-1")
    with pytest.raises(ConflictError, match="already has an open placement"):
        await service.shortlist("jo-1", "w-1", "pl-other")

    assert again.placement.id == "pl-1"
    assert await outbox_types(memory, store.PLACEMENTS, "pl-1") == ["placement.shortlisted"]


async def test_concurrent_changes_of_one_order_each_land_once(
    service: DeploymentService, memory: Store
) -> None:
    await order(service, "jo-1", 1)

    closed = await asyncio.gather(
        service.close_job_order("jo-1", JobOrderCloseReason.FILLED),
        service.close_job_order("jo-1", JobOrderCloseReason.FILLED),
        return_exceptions=True,
    )

    assert sum(1 for c in closed if not isinstance(c, Exception)) >= 1
    types = await outbox_types(memory, store.JOB_ORDERS, "jo-1")
    assert types.count("job-order.closed") == 1


async def test_a_write_that_keeps_losing_its_race_is_a_conflict() -> None:
    attempts = 0

    async def always_beaten() -> None:
        nonlocal attempts
        attempts += 1
        raise ConcurrentUpdateError("moved meanwhile")

    attempt: Callable[[], Awaitable[None]] = always_beaten
    with pytest.raises(ConflictError, match="kept changing"):
        await retried(attempt)
    assert attempts == 8


async def test_a_selection_that_loses_a_race_reuses_the_position_it_took(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")
    save = service.placements.save
    saves = 0

    async def beaten_once(*args: Any, **kwargs: Any) -> None:
        nonlocal saves
        saves += 1
        if saves == 1:  # another writer (a relay's mark) moved the placement first
            raise ConcurrentUpdateError("pl-1 moved meanwhile")
        await save(*args, **kwargs)

    service.placements.save = beaten_once  # type: ignore[method-assign]
    selected = await service.select("pl-1")

    assert selected.placement.state == "selected"
    assert saves == 2
    assert [c["_id"] for c in await memory.collection(store.CLAIMS).find({})] == ["jo-1:1:0"]
    assert await memory.collection(store.RELEASES).count({}) == 0


async def test_a_selection_that_finally_fails_gives_its_position_back(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")

    async def always_beaten(*args: Any, **kwargs: Any) -> None:
        raise ConcurrentUpdateError("pl-1 moved meanwhile")

    service.placements.save = always_beaten  # type: ignore[method-assign]
    with pytest.raises(ConflictError, match="kept changing"):
        await service.select("pl-1")

    assert (await service.get_job_order("jo-1")).filled == 0


async def test_a_placement_that_gave_its_position_back_may_be_selected_again(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")
    save = service.placements.save

    async def always_beaten(*args: Any, **kwargs: Any) -> None:
        raise ConcurrentUpdateError("pl-1 moved meanwhile")

    service.placements.save = always_beaten  # type: ignore[method-assign]
    with pytest.raises(ConflictError, match="kept changing"):
        await service.select("pl-1")
    service.placements.save = save  # type: ignore[method-assign]

    selected = await service.select("pl-1")

    assert selected.placement.state == "selected"
    assert (await service.get_job_order("jo-1")).filled == 1
    assert await service.positions.claim_of("pl-1") is not None


async def test_claims_made_before_leases_keep_their_placement_to_one_claim(
    memory: Store,
) -> None:
    claims = memory.collection(store.CLAIMS)
    await claims.drop_indexes([store.ONE_CLAIM])
    await claims.ensure_indexes([("one_claim_per_placement", [("placement_id", 1)], True)])
    earlier = {"job_order_id": "jo-1", "slot": 1, "placement_id": "pl-1", "worker_id": "w-1"}
    await claims.insert({"_id": "jo-1:1:0", **earlier})

    await store.prepare(memory)

    assert (await claims.get("jo-1:1:0") or {}).get("placement_lease") == "pl-1#0"
    second = {**earlier, "_id": "jo-1:2:0", "slot": 2, "placement_lease": "pl-1#0"}
    assert await claims.insert_new(second) is False
    assert await claims.insert_new({**second, "placement_lease": "pl-1#1"}) is True


async def test_a_refused_visa_frees_its_position_as_a_new_lease(
    service: DeploymentService, memory: Store
) -> None:
    await known(memory, "w-1", "w-2")
    await order(service, "jo-1", 1)
    await service.shortlist("jo-1", "w-1", "pl-1")
    await service.shortlist("jo-1", "w-2", "pl-2")
    await service.select("pl-1")
    today = NOW.date()
    await service.sign_contract("pl-1", today, today, None)
    await service.apply_for_visa("pl-1", today)

    refused = await service.refuse_visa("pl-1", today, "quota withdrawn", "officer-1")
    selected = await service.select("pl-2")

    assert (refused.placement.state, refused.placement.history[-1].by) == (
        "visa_refused",
        "officer-1",
    )
    assert selected.placement.state == "selected"
    releases = await memory.collection(store.RELEASES).find({})
    assert [r["placement_id"] for r in releases] == ["pl-1"]
    assert (await service.get_job_order("jo-1")).filled == 1
    assert (await outbox_types(memory, store.PLACEMENTS, "pl-1"))[-1] == "placement.visa-refused"
