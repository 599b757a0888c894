"""Deployment's candidates view rebuilt from its topics after merges equals the live one: each
duplicate's time abroad on its survivor's record (a return heard after the merge too), nothing
on the duplicate's."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from shared.events.catalogue import CATALOGUE
from shared.events.envelope import EventEnvelope, new_event
from shared.events.topics import Topic
from shared.store import BOOKKEEPING_FIELDS
from tests.operations.support import (
    SAMPLES,
    cli_env,
    eventually,
    homeward_process,
    publish,
    registered,
)
from tests.support.services import in_process, service_app, settings_env

PAIRS = 6


def event(event_type: str, subject: str, source: str, **fields: Any) -> EventEnvelope:
    data = copy.deepcopy(json.loads((SAMPLES / f"{event_type}.v1.json").read_text())["data"])
    data.update(worker_id=subject, **fields)
    return new_event(
        CATALOGUE.spec(event_type, 1).payload.model_validate(data),
        event_id=str(uuid.uuid4()),
        subject=subject,
        sequence=2,
        source=source,
        time=datetime.now(UTC),
        correlation_id=str(uuid.uuid4()),
    )


def state(document: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}
    kept["applied"] = sorted(document.get("applied", []))
    return kept


async def test_a_rebuilt_view_holds_each_merge_as_the_live_one_does(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Any
) -> None:
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    app = service_app(
        "deployment", settings_env("deployment", unique, kafka_bootstrap, mongodb_url)
    )
    view = store_client[f"{unique}_deployment"]["candidates"]
    pairs = [(str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(PAIRS)]
    registrations = [registered(worker) for pair in pairs for worker in pair]
    departures = [
        event("worker.departed", duplicate, "deployment", placement_id=str(uuid.uuid4()))
        for _, duplicate in pairs
    ]
    merges = [
        event("worker.merged", duplicate, "intake", survivor_id=survivor)
        for survivor, duplicate in pairs
    ]
    async with in_process(app):
        await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", registrations)
        await publish(kafka_bootstrap, f"{unique}.{Topic.DEPLOYMENT}", departures)
        await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", merges)

        async def moved() -> bool:
            survivors = [s for s, _ in pairs]
            found = await view.find({"_id": {"$in": survivors}}).to_list(None)
            return len([d for d in found if d.get("contracts")]) == PAIRS

        await eventually(moved, what="every duplicate's departure on its survivor")
        # An event about a duplicate heard after its merge moves on to the survivor too.
        survivor, duplicate = pairs[0]
        back = event("worker.returned", duplicate, "aftercare", placement_id=None)
        await publish(kafka_bootstrap, f"{unique}.{Topic.AFTERCARE}", [back])

        async def home() -> bool:
            document = await view.find_one({"_id": survivor})
            return document is not None and document.get("last_returned_on") is not None

        await eventually(home, what="the duplicate's return on its survivor")
        output = await homeward_process(env, "views", "rebuild", "deployment", "--quiet")
        assert "switched" in output

    database = store_client[f"{unique}_deployment"]
    [replaced] = [n for n in await database.list_collection_names() if "__replaced_" in n]
    old = {d["_id"]: state(d) for d in await database[replaced].find().to_list(None)}
    new = {d["_id"]: state(d) for d in await view.find().to_list(None)}
    assert new == old
    assert new[pairs[0][0]]["last_returned_on"] is not None
    assert new[pairs[0][1]]["last_returned_on"] is None
    for survivor, duplicate in pairs:
        assert new[survivor]["merged_from"] == [duplicate]
        assert new[survivor]["last_departed_at"] is not None
        assert (new[duplicate]["merged_into"], new[duplicate]["contracts"]) == (survivor, {})
