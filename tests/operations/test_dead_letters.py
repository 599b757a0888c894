"""A poison message goes to the DLQ, is replayed once after the fix, and can be purged."""

from __future__ import annotations

import uuid
from typing import Any

from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.events.topics import Topic
from shared.store import Document
from tests.operations.support import (
    PHONE,
    cli_env,
    eventually,
    homeward,
    json_output,
    publish,
    registered,
    started,
)
from tests.support.kafka import read_topic


class Registrations:
    """A view of registrations with a bug: it refuses the workers in ``poisoned``."""

    name = "registrations"

    def __init__(self, prefix: str) -> None:
        self.output_topic = prefix + Topic.TRAINING
        self.poisoned: set[str] = set()

    def view_id(self, event: ReceivedEvent) -> str | None:
        return event.envelope.subject if event.envelope.type == "worker.registered" else None

    def apply(self, state: Document | None, event: ReceivedEvent) -> ViewChange:
        if event.envelope.subject in self.poisoned:
            raise ProjectionError("locality.province_code: no such province (a bug)")
        return ViewChange({"registered": True, "sequence": event.envelope.sequence})


async def test_poison_message_is_replayed_once_after_the_fix(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    projection = Registrations(f"{unique}.")
    good, bad, later = (str(uuid.uuid4()) for _ in range(3))
    projection.poisoned.add(bad)
    poison = registered(bad)
    view = store_client[f"{unique}_ops"]["registrations"]
    runtime = await started(unique, kafka_bootstrap, mongodb_url, projection)
    try:
        await publish(
            kafka_bootstrap,
            f"{unique}.{Topic.INTAKE}",
            [registered(good), poison, registered(later)],
        )

        async def both_good_applied() -> bool:
            return await view.count_documents({}) == 2

        await eventually(both_good_applied, what="good events applied")

        async def dead_lettered() -> list[Any]:
            result = await homeward(env, "dlq", "list", "--json", "--service", "intake")
            return list(json_output(result))

        listed = await eventually(dead_lettered, what="poison dead-lettered")
        assert len(listed) == 1
        letter = listed[0]
        assert letter["type"] == "worker.registered"
        assert letter["worker"] == bad
        assert letter["id"] == poison.id
        assert "no such province" in letter["reason"]
        assert letter["replay"] == "waiting"
        assert letter["source"].startswith(f"{unique}.{Topic.INTAKE}:")

        shown = await homeward(env, "dlq", "show", letter["ref"])
        assert PHONE not in shown.stdout
        assert "dlq_reason" in shown.stdout
        waiting = await homeward(env, "doctor", "--json", expect=1)
        dead = next(f for f in json_output(waiting) if f["check"] == "dead letters")
        assert not dead["ok"]
        assert "1 waiting" in dead["message"]

        projection.poisoned.clear()  # the fix is deployed
        replayed = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert replayed == {"replayed": [letter["ref"]], "skipped": []}

        async def poison_applied() -> Document | None:
            return await view.find_one({"_id": bad})

        document = await eventually(poison_applied, what="replayed event applied")
        assert poison.id in document["applied"]

        again = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert again == {"replayed": [], "skipped": [letter["ref"]]}
        one = json_output(await homeward(env, "dlq", "replay", letter["ref"], "--json"))
        assert one == {"replayed": [], "skipped": [letter["ref"]]}
        source = await read_topic(
            kafka_bootstrap, f"{unique}.{Topic.INTAKE}", until=lambda r: len(r) >= 4
        )
        replays = [r for r in source if dict(r.headers).get("homeward_replay_of")]
        assert len(source) == 4
        assert len(replays) == 1
        assert dict(replays[0].headers)["ce_id"] == poison.id.encode()
        after = json_output(await homeward(env, "dlq", "list", "--json"))
        assert [a["replay"] for a in after] == ["replayed"]

        purged = await homeward(env, "dlq", "purge", "--service", "intake")
        assert "1 dead letter(s) purged" in purged.stdout
        assert json_output(await homeward(env, "dlq", "list", "--json")) == []
    finally:
        await runtime.stop()
