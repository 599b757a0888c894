"""events tail, lag, worker timeline and doctor, each against the real broker and store."""

from __future__ import annotations

import json
import uuid

from aiokafka import AIOKafkaConsumer

from shared.events.topics import Topic
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tests.operations.support import (
    PHONE,
    cli_env,
    homeward,
    homeward_process,
    json_output,
    publish,
    registered,
    sample_event,
)

UNREACHABLE = "127.0.0.1:1"


async def topics_for(unique: str, kafka: str) -> None:
    settings = ServiceSettings(kafka_bootstrap_servers=kafka, topic_prefix=f"{unique}.")
    from shared.events.topics import topic_specs

    await ensure_topics(settings, topic_specs(3, 1, settings.topic_prefix))


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


async def test_events_tail_filters_and_masks(kafka_bootstrap, mongodb_url, unique, tmp_path):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    await topics_for(unique, kafka_bootstrap)
    workers = [str(uuid.uuid4()) for _ in range(3)]
    events = [registered(w) for w in workers]
    await publish(kafka_bootstrap, f"{unique}.{Topic.INTAKE}", events)
    base = ("events", "tail", "--from-beginning", "--no-follow", "--json")

    every = lines((await homeward(env, *base)).stdout)
    assert sorted(e["id"] for e in every) == sorted(e.id for e in events)
    assert all(e["data"]["phone"] == "•••" for e in every)
    assert all(e["data"]["family_contact"] == "•••" for e in every)
    one = lines((await homeward(env, *base, "--worker", workers[1])).stdout)
    assert [e["subject"] for e in one] == [workers[1]]
    assert len(lines((await homeward(env, *base, "--type", "worker.*", "--max", "2")).stdout)) == 2
    assert lines((await homeward(env, *base, "--type", "placement.*")).stdout) == []
    recent = lines((await homeward(env, "events", "tail", "--since", "1h", "-F", "--json")).stdout)
    assert len(recent) == 3
    pretty = await homeward(env, "events", "tail", "--from-beginning", "--no-follow")
    assert "worker.registered" in pretty.stdout
    assert PHONE not in pretty.stdout
    refused = await homeward(env, *base, "--show-personal", expect=1)
    assert "token" in refused.output


async def test_lag_per_partition_and_how_long_it_grows(
    kafka_bootstrap, mongodb_url, unique, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    await topics_for(unique, kafka_bootstrap)
    topic = f"{unique}.{Topic.INTAKE}"
    group = f"{unique}.homeward-ops{unique}-probe"
    worker = str(uuid.uuid4())
    await publish(kafka_bootstrap, topic, [registered(str(uuid.uuid4())) for _ in range(3)])
    probe = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await probe.start()
    try:
        seen = 0
        while seen < 3:
            batch = await probe.getmany(timeout_ms=500)
            seen += sum(len(records) for records in batch.values())
        await probe.commit()
    finally:
        await probe.stop()

    await publish(kafka_bootstrap, topic, [registered(worker)])
    first = [r for r in json_output(await homeward(env, "lag", "--json")) if r["group"] == group]
    assert sum(r["committed"] or 0 for r in first) == 3
    assert sum(r["lag"] for r in first) == 1
    assert {r["service"] for r in first} == {f"ops{unique}"}
    behind = next(r for r in first if r["lag"])
    await publish(kafka_bootstrap, topic, [registered(worker)])  # same key, same partition
    second = [r for r in json_output(await homeward(env, "lag", "--json")) if r["group"] == group]
    grown = next(r for r in second if r["partition"] == behind["partition"])
    assert grown["lag"] == 2
    assert grown["growing_for_s"] > 0
    table = await homeward(env, "lag")
    assert "Consumer lag" in table.stdout
    assert "growing" in table.stdout


async def test_worker_timeline_across_services(kafka_bootstrap, mongodb_url, unique, tmp_path):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    await topics_for(unique, kafka_bootstrap)
    worker, other = str(uuid.uuid4()), str(uuid.uuid4())
    await publish(
        kafka_bootstrap, f"{unique}.{Topic.INTAKE}", [registered(worker), registered(other)]
    )
    enrolled = sample_event("worker.enrolled", worker, "training")
    await publish(kafka_bootstrap, f"{unique}.{Topic.TRAINING}", [enrolled])

    journey = json_output(await homeward(env, "worker", "timeline", worker, "--json"))
    assert [e["type"] for e in journey["events"]] == ["worker.registered", "worker.enrolled"]
    assert journey["missing"] == []
    assert "events exist" in journey["views"]["intake"]
    assert PHONE not in json.dumps(journey)
    pretty = await homeward(env, "worker", "timeline", worker)
    assert "worker.enrolled" in pretty.stdout

    cut_off = await homeward_process(
        env, "--bootstrap", UNREACHABLE, "worker", "timeline", worker, "--json", expect=2
    )
    missing = json.loads(cut_off.splitlines()[-1])["missing"]
    assert len(missing) == 1
    assert "Kafka" in missing[0]


async def test_doctor_says_what_is_wrong(kafka_bootstrap, mongodb_url, unique, tmp_path):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    await topics_for(unique, kafka_bootstrap)
    findings = json_output(await homeward(env, "doctor", "--json", expect=1))
    by_check = {f["check"]: f for f in findings}
    assert by_check["kafka"]["ok"]
    assert by_check["topics"]["ok"]
    assert by_check["store"]["ok"]
    assert not by_check["intake database"]["ok"]
    assert "never started" in by_check["intake database"]["message"]
    assert "partitions" not in by_check  # the topics have the 3 the settings expect

    # production's settings (TOPIC_PARTITIONS=12): the expected count comes from them
    production = json_output(
        await homeward({**env, "TOPIC_PARTITIONS": "12"}, "doctor", "--json", expect=1)
    )
    partitions = next(f for f in production if f["check"] == "partitions")
    assert not partitions["ok"]
    assert partitions["message"].startswith("expected 12:")

    output = await homeward_process(env, "--bootstrap", UNREACHABLE, "doctor", "--json", expect=1)
    down = json.loads(output.splitlines()[-1])
    kafka = next(f for f in down if f["check"] == "kafka")
    assert not kafka["ok"]
    assert "does not answer" in kafka["message"]
    assert kafka["runbook"] == "kafka-is-down"


async def test_doctor_names_a_store_that_does_not_answer(
    kafka_bootstrap, mongodb_url, unique, tmp_path
):
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    await topics_for(unique, kafka_bootstrap)
    output = await homeward_process(
        env, "--store", "mongodb://127.0.0.1:1", "--timeout-ms", "300", "doctor", "--json", expect=1
    )
    findings = json.loads(output.splitlines()[-1])
    store = next(f for f in findings if f["check"] == "store")
    assert not store["ok"]
    assert "does not answer" in store["message"]
    assert store["runbook"] == "the-store-is-down"
    assert next(f for f in findings if f["check"] == "kafka")["ok"]
