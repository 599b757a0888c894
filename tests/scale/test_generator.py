"""The synthetic history generator: realistic, deterministic, and readable by every consumer."""

from __future__ import annotations

import asyncio
import contextlib
import time
import unicodedata
from collections import Counter

from pymongo import AsyncMongoClient

from benchmarks.faults import ConsumerLag
from shared.contracts import intake as it
from shared.events.catalogue import CATALOGUE
from shared.events.envelope import decode_payload
from shared.events.topics import dead_letter_topic
from tests.support.kafka import read_topic
from tests.support.services import in_process, service_app, settings_env
from tools.generator import Publisher, Scope, bad_records, generate
from tools.generator.publish import with_bad_records
from tools.generator.verify import ViewCheck, check_view, expected_views, read_topics, view_specs

CONSUMING = ("training", "deployment", "aftercare")
READING_INTAKE = (("training", "candidates"), ("deployment", "candidates"), ("aftercare", "cases"))


def test_the_same_seed_gives_the_same_history_and_another_seed_another() -> None:
    scope = Scope.commune("40", "16681", workers=30)
    first = list(generate(3, scope))
    assert first == list(generate(3, scope))
    assert [e.id for e in generate(4, scope)] != [e.id for e in first]


def test_each_worker_s_events_come_in_order_with_sequences_per_source() -> None:
    events = list(generate(5, Scope.province("38", workers=200)))
    last: dict[tuple[str, str], tuple[int, object]] = {}
    for event in events:
        key = (event.subject, event.source)
        sequence, time_ = last.get(key, (0, event.time))
        assert event.sequence == sequence + 1, event.type
        assert event.time >= time_  # type: ignore[operator]
        last[key] = (event.sequence, event.time)
        # Every payload reads back as its contract's current model.
        assert type(decode_payload(event)) is CATALOGUE.current(event.type).payload
    times = [e.time for e in events]
    assert times == sorted(times)  # merged by time, as the topics hold years of operation


def test_shares_look_like_the_country() -> None:
    events = list(generate(11, Scope.country(workers=1000), order="worker"))
    registered = [decode_payload(e) for e in events if e.type == "worker.registered"]
    assert len(registered) == 1000
    workers = [p for p in registered if isinstance(p, it.WorkerRegistered)]
    households = Counter(w.household_status.value for w in workers)
    assert 0.12 <= households["poor"] / 1000 <= 0.25
    assert 0.07 <= households["near_poor"] / 1000 <= 0.15
    assert 0.03 <= households["newly_escaped_poverty"] / 1000 <= 0.09
    markets = Counter(w.desired_markets[0].value for w in workers)
    assert [m for m, _ in markets.most_common(3)] == ["JP", "TW", "KR"]
    provinces = Counter(w.locality.province_code for w in workers)
    assert provinces.most_common(1)[0][0] == "40"  # Nghe An sends the most
    assert any(unicodedata.normalize("NFD", w.full_name) != w.full_name for w in workers)
    with_former = sum(bool(w.locality.former_commune_code) for w in workers)
    assert with_former > 0.95 * len(workers)  # a few current communes have no mapping
    son_la = [w for w in generate(2, Scope.province("14", 400), order="worker")]
    minorities = [decode_payload(e) for e in son_la if e.type == "worker.registered"]
    share = sum(isinstance(p, it.WorkerRegistered) and p.ethnic_minority for p in minorities) / 400
    assert share > 0.7  # Son La: mostly Thai and Hmong


async def _views_match(kafka: str, prefix: str, client: AsyncMongoClient[dict]) -> list[ViewCheck]:
    specs = view_specs(prefix)
    topics = sorted({prefix + t for s in specs for t in s.topics})
    records = await read_topics(kafka, topics)
    return [
        await check_view(
            s, client[f"{prefix[:-1]}_{s.service}"], expected_views(s, records, prefix)
        )
        for s in specs
    ]


async def _consumers_caught_up(kafka: str, prefix: str, timeout_s: float) -> None:
    """Returns once every view's consumer group has committed the end of its topics (or the
    time is up: the views are compared either way)."""
    lag = ConsumerLag(kafka, prefix, group_prefix=prefix)
    await lag.start()
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not await lag.behind():
                return
            await asyncio.sleep(0.5)
    finally:
        await lag.stop()


async def test_every_consumer_builds_its_views_from_a_generated_history(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: AsyncMongoClient[dict]
) -> None:
    events = list(generate(7, Scope.province("14", workers=60)))
    bad = list(bad_records(7, 3))
    apps = [
        service_app(s, settings_env(s, unique, kafka_bootstrap, mongodb_url)) for s in CONSUMING
    ]
    async with contextlib.AsyncExitStack() as running:
        for app in apps:
            await running.enter_async_context(in_process(app))
        async with Publisher(kafka_bootstrap, f"{unique}.") as publisher:
            report = await publisher.publish(with_bad_records(events, bad, 400))
        assert report.total == len(events) + 3

        # Folding every topic again is the costly check, and it shares the services' process:
        # it starts once the views' consumer groups have read what the topics hold.
        await _consumers_caught_up(kafka_bootstrap, f"{unique}.", timeout_s=60)
        deadline = time.monotonic() + 60
        checks = await _views_match(kafka_bootstrap, f"{unique}.", store_client)
        while not all(c.ok for c in checks) and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            checks = await _views_match(kafka_bootstrap, f"{unique}.", store_client)
        assert all(c.ok for c in checks), [(c.label, c.problems) for c in checks if not c.ok]
        assert all(c.documents > 0 for c in checks)

    # Each of the three groups reading intake's topic dead-lettered the three bad records,
    # and nothing else reached a dead-letter topic. Dead-lettering is at least once: a batch
    # redelivered after a rebalance on a loaded machine dead-letters its bad records again.
    sent_bad = {(partition, offset) for _, partition, offset, _ in report.bad}
    groups = {f"{unique}.homeward-{s}-{v}" for s, v in READING_INTAKE}
    wanted = {(p, o, g) for p, o in sent_bad for g in groups}

    def dead_lettered(records: list) -> set[tuple[int, int, str]]:
        return {
            (
                int(dict(r.headers)["dlq_source_partition"].decode()),
                int(dict(r.headers)["dlq_source_offset"].decode()),
                dict(r.headers)["dlq_consumer_group"].decode(),
            )
            for r in records
        }

    dlq = await read_topic(
        kafka_bootstrap,
        dead_letter_topic(f"{unique}.homeward.intake.events"),
        until=lambda records: dead_lettered(records) >= wanted,
    )
    assert dead_lettered(dlq) == wanted
    for topic in ("training", "deployment", "aftercare"):
        others = await read_topics(kafka_bootstrap, [f"{unique}.homeward.{topic}.events.dlq"])
        assert sum(len(v) for v in others.values()) == 0
