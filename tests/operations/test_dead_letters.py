"""A poison message goes to the DLQ, is replayed once after the fix, and can be purged."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from shared.consumer import ProjectionError, ReceivedEvent, ViewChange
from shared.events.envelope import to_kafka
from shared.events.topics import Topic
from shared.store import Document
from tests.operations.support import (
    PHONE,
    cli_env,
    eventually,
    homeward,
    homeward_process,
    json_output,
    publish,
    registered,
    started,
)
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env


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
        assert replayed == {"replayed": [letter["ref"]], "skipped": [], "in_progress": []}

        async def poison_applied() -> Document | None:
            return await view.find_one({"_id": bad})

        document = await eventually(poison_applied, what="replayed event applied")
        assert poison.id in document["applied"]

        again = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert again == {"replayed": [], "skipped": [letter["ref"]], "in_progress": []}
        one = json_output(await homeward(env, "dlq", "replay", letter["ref"], "--json"))
        assert one == {"replayed": [], "skipped": [letter["ref"]], "in_progress": []}
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


async def publish_raw(
    kafka: str, topic: str, key: bytes | None, value: bytes | None, headers: list[Any]
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=kafka)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


class Refusing(Registrations):
    """The same buggy view under another name: another collection, another consumer group."""

    def __init__(self, prefix: str, name: str) -> None:
        super().__init__(prefix)
        self.name = name


async def _two_groups(
    unique: str, kafka: str, mongo: str, first: Registrations, second: Registrations
) -> Any:
    runtime = await started(unique, kafka, mongo, first)
    await runtime.stop()
    # The same settings, both views: two consumer groups reading intake's topic.
    again = type(runtime).create(runtime.settings)
    again.subscribe(first, [Topic.INTAKE], first.name)
    again.subscribe(second, [Topic.INTAKE], second.name)

    async def prepare(_: Any) -> None:
        return None

    await again.start(prepare)

    async def connected() -> bool:
        return again.kafka_connected

    await eventually(connected, what="kafka connected")
    return again


async def _letters(env: dict[str, str], count: int) -> list[Any]:
    async def listed() -> list[Any]:
        found = list(json_output(await homeward(env, "dlq", "list", "--json", "-s", "intake")))
        return found if len(found) >= count else []

    return await eventually(listed, what=f"{count} dead letters")


async def test_a_record_refused_by_two_groups_goes_back_once_to_each_and_to_no_other(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    prefix = f"{unique}."
    first, second = Refusing(prefix, "first"), Refusing(prefix, "second")
    bad = str(uuid.uuid4())
    first.poisoned.add(bad)
    second.poisoned.add(bad)
    poison = registered(bad)
    database = store_client[f"{unique}_ops"]
    runtime = await _two_groups(unique, kafka_bootstrap, mongodb_url, first, second)
    try:
        await publish(kafka_bootstrap, f"{prefix}{Topic.INTAKE}", [poison])
        letters = await _letters(env, 2)
        groups = sorted(letter["consumer_group"] for letter in letters)
        assert groups == [
            f"{unique}.homeward-ops{unique}-first",
            f"{unique}.homeward-ops{unique}-second",
        ]

        second.poisoned.clear()  # the second view is fixed; the first still refuses
        replayed = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert sorted(replayed["replayed"]) == sorted(letter["ref"] for letter in letters)

        async def second_applied() -> Document | None:
            return await database["second"].find_one({"_id": bad})

        await eventually(second_applied, what="the replay applied by the second group")
        after = await _letters(env, 3)
        source = await read_topic(
            kafka_bootstrap, f"{prefix}{Topic.INTAKE}", until=lambda r: len(r) >= 3
        )
    finally:
        await runtime.stop()
    replays = [dict(r.headers) for r in source if dict(r.headers).get("homeward_replay_of")]
    assert sorted(h["homeward_replay_for_group"].decode() for h in replays) == groups
    assert all(h["ce_id"] == poison.id.encode() for h in replays)
    assert len(source) == 3
    # The first group refused its own replay once more; the second group's replay it skipped.
    assert len(after) == 3
    new = [a for a in after if a["ref"] not in {letter["ref"] for letter in letters}]
    assert [a["consumer_group"] for a in new] == [f"{unique}.homeward-ops{unique}-first"]
    assert await database["first"].find_one({"_id": bad}) is None


async def test_a_replay_a_crash_left_sending_is_resumed_and_never_sent_twice(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    prefix = f"{unique}."
    projection = Registrations(prefix)
    unsent, sent = str(uuid.uuid4()), str(uuid.uuid4())
    projection.poisoned.update({unsent, sent})
    replays = store_client[f"{unique}_operations"]["dlq_replays"]
    source_topic = f"{prefix}{Topic.INTAKE}"
    runtime = await started(unique, kafka_bootstrap, mongodb_url, projection)
    try:
        await publish(kafka_bootstrap, source_topic, [registered(unsent), registered(sent)])
        letters = {letter["worker"]: letter for letter in await _letters(env, 2)}
        projection.poisoned.clear()
        # Two replays a crash interrupted two minutes ago: one before it produced, one after.
        claimed_at = datetime.now(UTC) - timedelta(minutes=2)
        for worker in (unsent, sent):
            await replays.insert_one(
                {"_id": letters[worker]["ref"], "status": "sending", "claimed_at": claimed_at}
            )
        dead = await read_topic(kafka_bootstrap, f"{source_topic}.dlq", until=lambda r: len(r) >= 2)
        letter = next(r for r in dead if r.key == sent.encode())
        headers = [(k, v) for k, v in letter.headers if not k.startswith("dlq_")]
        headers.append(("homeward_replay_of", letters[sent]["ref"].encode()))
        await publish_raw(kafka_bootstrap, source_topic, letter.key, letter.value, headers)
        listed = json_output(await homeward(env, "dlq", "list", "--waiting", "--json"))
        assert sorted(a["worker"] for a in listed) == sorted([unsent, sent])

        resumed = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert sorted(resumed["replayed"]) == sorted(a["ref"] for a in listed)
        again = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert again["replayed"] == []

        view = store_client[f"{unique}_ops"]["registrations"]

        async def both_applied() -> bool:
            return await view.count_documents({}) == 2

        await eventually(both_applied, what="both replays applied")
    finally:
        await runtime.stop()
    source = await read_topic(kafka_bootstrap, source_topic, until=lambda r: len(r) >= 4)
    refs = [dict(r.headers).get("homeward_replay_of") for r in source]
    assert sorted(ref.decode() for ref in refs if ref) == sorted(a["ref"] for a in listed)
    assert len(source) == 4
    states = {d["_id"]: d["status"] async for d in replays.find({})}
    assert set(states.values()) == {"replayed"}


async def test_a_rebuild_folds_the_replays_meant_for_its_group_and_no_others(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    app = service_app("training", settings_env("training", unique, kafka_bootstrap, mongodb_url))
    topic = f"{unique}.{Topic.INTAKE}"
    view = store_client[f"{unique}_training"]["candidates"]
    plain, for_training, for_another = (registered(str(uuid.uuid4())) for _ in range(3))
    async with in_process(app):
        await publish(kafka_bootstrap, topic, [plain])
        for event, group in (
            (for_training, f"{unique}.homeward-training-candidates"),
            (for_another, f"{unique}.homeward-deployment-candidates"),
        ):
            key, value, headers = to_kafka(event)
            headers = [*headers, ("homeward_replay_for_group", group.encode())]
            await publish_raw(kafka_bootstrap, topic, key, value, headers)

        async def live() -> set[str]:
            found = {d["_id"] async for d in view.find({}, {"_id": 1})}
            return found if len(found) == 2 else set()

        assert await eventually(live, what="the live view") == {plain.subject, for_training.subject}
        output = await homeward_process(env, "views", "rebuild", "training", "--quiet")
        assert "switched" in output
        rebuilt = {d["_id"] async for d in view.find({}, {"_id": 1})}
    assert rebuilt == {plain.subject, for_training.subject}


async def test_a_replay_in_progress_is_left_alone_by_a_second_replay(
    kafka_bootstrap, mongodb_url, unique, store_client, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    projection = Registrations(f"{unique}.")
    bad = str(uuid.uuid4())
    projection.poisoned.add(bad)
    replays = store_client[f"{unique}_operations"]["dlq_replays"]
    runtime = await started(unique, kafka_bootstrap, mongodb_url, projection)
    try:
        await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", [registered(bad)])
        letter = (await _letters(env, 1))[0]
        projection.poisoned.clear()
        # Another operator's replay claimed the letter a moment ago and is about to produce it.
        claim = {"_id": letter["ref"], "status": "sending", "claimed_at": datetime.now(UTC)}
        await replays.insert_one({**claim, "replays": 1})
        second = json_output(await homeward(env, "dlq", "replay", "--all", "--json"))
        assert second == {"replayed": [], "skipped": [], "in_progress": [letter["ref"]]}
        assert (await replays.find_one({"_id": letter["ref"]}))["status"] == "sending"
        # With a bound shorter than the claim's age, the claim counts as crashed: resumed.
        await asyncio.sleep(1)
        args = ("dlq", "replay", "--all", "--stale-after", "0.5", "--json")
        resumed = json_output(await homeward(env, *args))
        assert resumed["replayed"] == [letter["ref"]]
    finally:
        await runtime.stop()


async def test_four_replays_at_once_put_the_letter_back_once(
    kafka_bootstrap, mongodb_url, unique, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    projection = Registrations(f"{unique}.")
    bad = str(uuid.uuid4())
    projection.poisoned.add(bad)
    source_topic = f"{unique}.{Topic.INTAKE}"
    runtime = await started(unique, kafka_bootstrap, mongodb_url, projection)
    try:
        await publish(kafka_bootstrap, source_topic, [registered(bad)])
        await _letters(env, 1)
        projection.poisoned.clear()
        await asyncio.gather(
            *(homeward_process(env, "dlq", "replay", "--all", "--json") for _ in range(4))
        )
    finally:
        await runtime.stop()
    # Every replay has finished: the topic holds the original and whatever they produced.
    source = await read_topic(kafka_bootstrap, source_topic, until=lambda r: len(r) >= 2)
    try:
        more = await read_topic(
            kafka_bootstrap, source_topic, until=lambda r: len(r) > len(source), timeout_s=3
        )
    except AssertionError:  # nothing past the replay: what is wanted
        more = source
    replayed = [r for r in more if dict(r.headers).get("homeward_replay_of")]
    assert len(replayed) == 1, len(replayed)
