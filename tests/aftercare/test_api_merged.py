"""A merged duplicate's case moves onto the survivor's, through the broker: nothing about the
journey stays on the dead record."""

from __future__ import annotations

from datetime import timedelta

from shared.contracts.intake import WorkerMerged
from shared.events.topics import Topic
from tests.aftercare.support import (
    Publisher,
    aftercare_events,
    case_when,
    registration,
    running_aftercare,
    send_abroad,
    utc_now,
)

DAY = timedelta(days=1)


async def test_a_merge_moves_the_duplicate_s_training_and_departure_onto_the_survivor(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    departed_at = utc_now() - 60 * DAY
    end = (departed_at + 3 * 365 * DAY).date()
    async with running_aftercare(unique, kafka_bootstrap, mongodb_url) as (api, _):
        async with Publisher(kafka_bootstrap, unique) as publisher:
            await publisher.publish(
                Topic.INTAKE, registration("w-survivor", departed_at - 300 * DAY),
                departed_at - 300 * DAY,
            )  # fmt: skip
            await send_abroad(publisher, "w-dup", departed_at, end)
            await case_when(api, "w-dup", lambda body: body["summary"]["stage"] == "abroad")
            merged = WorkerMerged(
                worker_id="w-dup", survivor_id="w-survivor", review_id="r~1", merged_at=utc_now()
            )
            await publisher.publish(Topic.INTAKE, merged, utc_now())

        survivor = await case_when(
            api, "w-survivor", lambda body: body["summary"]["stage"] == "abroad"
        )
        assert survivor["summary"]["placement_id"] == "placement-1"
        assert survivor["summary"]["expected_return"] == end.isoformat()
        timeline = (await api.get("/workers/w-survivor/timeline")).json()["items"]
        assert [(i["type"], i["source"]) for i in timeline] == [
            ("worker.registered", "intake"),
            ("worker.trained", "training"),
            ("worker.departed", "deployment"),
        ]
        dead = await api.get("/workers/w-dup/case")
        assert dead.status_code == 200, dead.text
        assert dead.json()["summary"]["merged_into"] == "w-survivor"
        assert dead.json()["summary"]["placement_id"] is None
        assert dead.json()["summary"]["stage"] == "registered"
        dead_timeline = (await api.get("/workers/w-dup/timeline")).json()["items"]
        assert {i["source"] for i in dead_timeline} == {"intake"}
        silent = (await api.get("/cases/without-contact", params={"max_days": 1})).json()["items"]
        assert [gap["worker_id"] for gap in silent] == ["w-survivor"]
        events = await aftercare_events(
            kafka_bootstrap, unique, lambda es: any(t == "case.records-moved" for t, _ in es)
        )
        # one move (a follow-up produced again after a rebalance is a copy of it)
        moves = {(d["worker_id"], d["survivor_id"]) for t, d in events if t == "case.records-moved"}
        assert moves == {("w-dup", "w-survivor")}
