"""A view rebuilt while events keep arriving loses none and equals the view it replaced."""

from __future__ import annotations

import asyncio
import uuid

from shared.events.topics import Topic
from shared.store import BOOKKEEPING_FIELDS
from tests.operations.support import (
    cli_env,
    eventually,
    homeward_process,
    publish,
    registered,
)
from tests.support.services import in_process, service_app, settings_env


def state(document: dict) -> dict:
    kept = {k: v for k, v in document.items() if k not in BOOKKEEPING_FIELDS}
    kept["applied"] = sorted(document.get("applied", []))
    return kept


async def test_rebuild_while_events_arrive_loses_none(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    app = service_app("training", settings_env("training", unique, kafka_bootstrap, mongodb_url))
    topic = f"{unique}.{Topic.INTAKE}"
    database = store_client[f"{unique}_training"]
    view = database["candidates"]
    first = [registered(str(uuid.uuid4())) for _ in range(150)]
    during = [registered(str(uuid.uuid4())) for _ in range(100)]

    async def count_is(n: int) -> bool:
        return await view.count_documents({}) == n

    async with in_process(app):
        await publish(kafka_bootstrap, topic, first)
        await eventually(lambda: count_is(len(first)), what="first events applied")
        live_indexes = {i["name"] async for i in await view.list_indexes()}

        async def keep_publishing() -> None:
            for start in range(0, len(during), 10):
                await publish(kafka_bootstrap, topic, during[start : start + 10])
                await asyncio.sleep(0.05)  # pacing, so events arrive throughout the rebuild

        arriving = asyncio.create_task(keep_publishing())
        # Its own process, as in production: it shares nothing with the service but the stack.
        output = await homeward_process(env, "views", "rebuild", "training", "--quiet")
        await arriving
        assert "switched" in output

        await eventually(lambda: count_is(len(first) + len(during)), what="nothing lost")
        names = await database.list_collection_names()
        replaced = [n for n in names if n.startswith("candidates__replaced_")]
        assert len(replaced) == 1
        assert not [n for n in names if n.startswith("candidates__rebuild_")]
        old = {d["_id"]: state(d) for d in await database[replaced[0]].find().to_list(None)}
        new = {d["_id"]: state(d) for d in await view.find().to_list(None)}
        assert set(new) == {e.subject for e in first + during}
        assert set(old) <= set(new)
        assert {k: new[k] for k in old} == old
        assert {i["name"] async for i in await view.list_indexes()} == live_indexes
