"""Reporting's facts, the one view of a service that owns no topic, rebuilt by the CLI."""

from __future__ import annotations

import uuid

from shared.events.topics import Topic
from tests.operations.support import cli_env, eventually, homeward_process, publish, registered
from tests.operations.test_rebuild import state
from tests.support.services import in_process, service_app, settings_env


async def test_reporting_facts_rebuilt_equal_the_live_view(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    app = service_app("reporting", settings_env("reporting", unique, kafka_bootstrap, mongodb_url))
    view = store_client[f"{unique}_reporting"]["facts"]
    events = [registered(str(uuid.uuid4())) for _ in range(40)]

    async def count_is(n: int) -> bool:
        return await view.count_documents({}) == n

    async with in_process(app):
        await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", events)
        await eventually(lambda: count_is(len(events)), what="the facts applied live")
        live = {d["_id"]: state(d) async for d in view.find({})}

        output = await homeward_process(env, "views", "rebuild", "reporting", "--quiet")

    assert "switched" in output
    rebuilt = {d["_id"]: state(d) async for d in view.find({})}
    assert rebuilt == live
    assert len(rebuilt) == len(events)
