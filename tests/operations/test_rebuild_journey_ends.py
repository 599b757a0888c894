"""A rebuild of intake's journey ends marks the workers whose death it folds, as the live
consumer does: a record read looks at the journey ends only for a marked worker."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.intake.store import DIED_ABROAD_HEARD, JOURNEY_ENDS, WORKERS
from shared.contracts.aftercare import (
    FamilySupport,
    RepatriationArrangement,
    RepatriationPlan,
    WorkerDiedAbroad,
)
from shared.events.topics import Topic
from tests.aftercare.support import Publisher
from tests.intake.support import eventually, intake_app, person
from tests.operations.support import cli_env, homeward_process
from tests.support.services import in_process


async def test_a_rebuild_marks_the_workers_whose_death_it_folds(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Path
) -> None:
    database = store_client[f"{unique}_intake"]
    now = datetime.now(UTC)
    async with (
        in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api,
        Publisher(kafka_bootstrap, unique) as aftercare,
    ):
        worker_id = (await api.post("/workers", json=person(7))).json()["worker_id"]
        died = WorkerDiedAbroad(
            worker_id=worker_id,
            placement_id="p-taiwan",
            died_on=now.date(),
            repatriation=RepatriationPlan(arrangement=RepatriationArrangement.ASHES),
            family_support=[FamilySupport.INSURANCE_CLAIM],
            recorded_by="officer",
            recorded_at=now,
        )
        await aftercare.publish(Topic.AFTERCARE, died, now)

        async def marked() -> bool:
            worker = await database[WORKERS].find_one({"_id": worker_id})
            return bool(worker and worker.get(DIED_ABROAD_HEARD))

        assert await eventually(marked), "the live consumer never marked the worker"
    # A store restored from before the mark, its journey ends lost: the rebuild folds the
    # death again, and must mark the worker as it does.
    await database[WORKERS].update_one({"_id": worker_id}, {"$unset": {DIED_ABROAD_HEARD: ""}})
    await database[JOURNEY_ENDS].delete_many({})
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    output = await homeward_process(env, "views", "rebuild", "intake", "--quiet")
    assert "switched" in output
    assert await marked()
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        record = (await api.get(f"/workers/{worker_id}")).json()
    assert record["died_abroad_on"] == now.date().isoformat()
