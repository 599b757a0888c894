"""Records generated to break them, fed to every projection of every service on the real
broker and store: each record is applied or dead-lettered, and every partition advances.

Each example is a batch of records sent to the four event topics that intake (journey ends),
aftercare (cases, incidents), reporting (facts), training (candidates) and deployment
(candidates) read: sample payloads of every event type (``worker.journey-started`` with hostile
journey numbers too), valid by their schema or mutated out of it, with random and
missing headers, extreme times, numbers and strings, unknown types and unknown versions.
``HOMEWARD_HOSTILE_EXAMPLES`` sets how many examples run (CI runs a few dozen).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from shared.events.topics import Topic, dead_letter_topic
from tests.messaging.hostile import TOPICS, Sent, ViewStack, headers_of, samples
from tests.support.kafka import fresh_name

# The tests share the module's running services: one worker starts them once for all.
pytestmark = pytest.mark.xdist_group("hostile-records")

EXAMPLES = int(os.environ.get("HOMEWARD_HOSTILE_EXAMPLES", "25"))
SAMPLES = samples()
WORKERS = [str(uuid.UUID(int=n)) for n in range(1, 6)]  # few, so views meet again
T = TypeVar("T")

HOSTILE_TIMES = [
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00-23:59",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2026-02-30T00:00:00Z",
    "2026-03-02T08:30:00",
    "2026-03-02",
    "not a time",
    "",
]
HOSTILE_NUMBERS: list[Any] = [
    float("inf"),
    float("-inf"),
    float("nan"),
    2**63,
    -(2**63) - 1,
    2**64,
    10**400,
    1e308,
    -0.0,
    0,
    -1,
]
JOURNEY_ENDS = ("worker.returned", "case.closed")
HOSTILE_STRINGS = [
    "",
    "x" * 50_000,
    "\ud800",  # a lone surrogate: valid in JSON text, refused by UTF-8 and BSON
    "\x00",
    "$where",
    "a.b",
    "Đinh Thị Linh" * 1000,
]


def _time_text() -> st.SearchStrategy[str]:
    offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda m: timezone(timedelta(minutes=m))
    )
    any_moment = st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
    ).map(datetime.isoformat)
    return st.one_of(st.sampled_from(HOSTILE_TIMES), any_moment)


def _hostile_value() -> st.SearchStrategy[Any]:
    leaf = st.one_of(
        st.sampled_from(HOSTILE_NUMBERS),
        st.sampled_from(HOSTILE_STRINGS),
        _time_text(),
        st.sampled_from(["0001-01-01", "9999-12-31", "0000-01", "9999-12"]),
        st.integers(),
        st.floats(),
        st.text(max_size=50),
        st.none(),
        st.booleans(),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(max_size=8), inner, max_size=4),
        ),
        max_leaves=8,
    )


@dataclass(frozen=True)
class Hostile:
    """One record to send, and the topic it goes to."""

    topic: str
    value: bytes | None
    headers: list[tuple[str, bytes]]
    key: bytes | None


MUTATIONS = (
    "field",  # a field of the payload given a hostile value
    "missing field",
    "no schema",  # a payload of no schema at all
    "not json",
    "type",  # an unknown or wrongly spelt type
    "version",  # an unknown version
    "time",  # an extreme or malformed ce_time
    "drop header",
    "junk header",
    "journey",  # a journey number (or a placement a journey ended with) out of its range
)
HOSTILE_JOURNEYS: list[Any] = [0, 1, -1, 2, 3, 2**31, 2**63, 10**30, "2", 2.5, None, True]


@st.composite
def hostile_records(draw: st.DrawFn) -> Hostile:
    """A record built from a sample event, then broken in up to three ways (or none)."""
    event_type = draw(st.sampled_from(sorted(SAMPLES)))
    worker = draw(st.sampled_from(WORKERS))
    damage = set(draw(st.lists(st.sampled_from(MUTATIONS), max_size=3)))
    data: Any = {**SAMPLES[event_type], "worker_id": worker}
    if "field" in damage:
        for field in draw(st.lists(st.sampled_from(sorted(data)), min_size=1, max_size=3)):
            data[field] = draw(_hostile_value())
    if "journey" in damage and "journey" in data:
        data["journey"] = draw(st.sampled_from(HOSTILE_JOURNEYS))
    if "journey" in damage and "placement_id" in data and event_type in JOURNEY_ENDS:
        data["placement_id"] = draw(st.sampled_from([*HOSTILE_STRINGS, None, 7]))
    if "missing field" in damage:
        data.pop(draw(st.sampled_from(sorted(data))), None)
    if "no schema" in damage:
        data = draw(_hostile_value())
    text = json.dumps(data).encode()
    assume(len(text) < 900_000)  # what the broker takes
    value: bytes | None = text
    if "not json" in damage:
        value = draw(st.one_of(st.none(), st.binary(max_size=64)))
    type_name = event_type
    if "type" in damage:
        type_name = draw(st.sampled_from(["worker.exploded", "", "WORKER.REGISTERED", "x" * 300]))
    version = draw(st.sampled_from([0, 2, 99, 2**70])) if "version" in damage else 1
    time_text = draw(_time_text()) if "time" in damage else "2026-03-02T08:30:00+07:00"
    headers = headers_of(type_name, str(uuid.uuid4()), worker, time=time_text, version=version)
    if "drop header" in damage:
        dropped = draw(st.lists(st.sampled_from([n for n, _ in headers]), min_size=1, max_size=3))
        headers = [(n, v) for n, v in headers if n not in dropped]
    if "junk header" in damage:
        for _ in range(draw(st.integers(1, 3))):
            name = draw(st.sampled_from([n for n, _ in headers] + ["ce_extra", "x-junk", "ce_"]))
            junk = draw(
                st.one_of(
                    st.binary(max_size=32),
                    st.sampled_from(HOSTILE_TIMES).map(str.encode),
                    st.sampled_from([b"-1", b"9" * 30, b"\xff\xfe", b""]),
                )
            )
            headers.append((name, junk))
    topic = draw(st.sampled_from(TOPICS))
    keyed = value is None or draw(st.booleans())  # a record needs a key or a value
    return Hostile(topic, value, headers, worker.encode() if keyed else None)


def _plain(event_type: str, topic: str, worker: str = WORKERS[0]) -> Hostile:
    """A record as a service would publish it: the sample payload, every header right."""
    value = json.dumps({**SAMPLES[event_type], "worker_id": worker}).encode()
    headers = headers_of(event_type, str(uuid.uuid4()), worker)
    return Hostile(topic, value, headers, worker.encode())


def _at_time(record: Hostile, time: str) -> Hostile:
    """The record with its ``ce_time`` header replaced."""
    headers = [(n, time.encode() if n == "ce_time" else v) for n, v in record.headers]
    return Hostile(record.topic, record.value, headers, record.key)


# Valid records for every projection first, so that later examples meet views that exist.
EVERY_PROJECTION = [
    _plain("worker.registered", Topic.INTAKE),
    _plain("worker.trained", Topic.TRAINING),
    _plain("worker.departed", Topic.DEPLOYMENT),
    _plain("incident.reported", Topic.AFTERCARE),
    _plain("worker.checked-in", Topic.AFTERCARE),
    _plain("worker.journey-started", Topic.INTAKE),
    _plain("worker.returned", Topic.AFTERCARE),
]

# The hard cases abroad, each broken where only it can be: (type, topic, field path, value).
ABROAD_OUTCOMES = {
    "placement.visa-refused": Topic.DEPLOYMENT,
    "worker.employer-changed": Topic.DEPLOYMENT,
    "worker.reported-missing": Topic.AFTERCARE,
    "worker.contact-resumed": Topic.AFTERCARE,
    "worker.died-abroad": Topic.AFTERCARE,
}
ABROAD_BREAKS: list[tuple[str, tuple[str, ...], Any]] = [
    ("placement.visa-refused", ("refused_on",), "2026-02-30"),
    ("placement.visa-refused", ("reason",), None),
    ("worker.employer-changed", ("salary", "monthly_salary"), "lots"),
    ("worker.employer-changed", ("salary",), "a lot"),
    ("worker.employer-changed", ("sector",), "mining"),
    ("worker.reported-missing", ("steps_taken",), "x" * 50_000),
    ("worker.reported-missing", ("kind",), "$where"),
    ("worker.reported-missing", ("last_contact_at",), "the day before"),
    ("worker.contact-resumed", ("contacted_at",), "not a time"),
    ("worker.died-abroad", ("repatriation", "arrangement"), "by post"),
    ("worker.died-abroad", ("family_support",), [{"a.b": 1}]),
    ("worker.died-abroad", ("died_on",), "0000-01"),
]


@st.composite
def abroad_outcome_records(draw: st.DrawFn) -> Hostile:
    """A record of one of the hard cases abroad with hostile values in its own fields."""
    event_type = draw(st.sampled_from(sorted(ABROAD_OUTCOMES)))
    worker = draw(st.sampled_from(WORKERS))
    data: dict[str, Any] = json.loads(json.dumps({**SAMPLES[event_type], "worker_id": worker}))
    for field in draw(st.lists(st.sampled_from(sorted(data)), min_size=1, max_size=3)):
        data[field] = draw(_hostile_value())
    text = json.dumps(data).encode()
    assume(len(text) < 900_000)
    headers = headers_of(event_type, str(uuid.uuid4()), worker)
    return Hostile(ABROAD_OUTCOMES[event_type], text, headers, worker.encode())


def _broken(event_type: str, path: tuple[str, ...], value: Any) -> Hostile:
    """The sample record of ``event_type`` with the field at ``path`` set to ``value``."""
    record = _plain(event_type, ABROAD_OUTCOMES[event_type])
    assert record.value is not None
    data = json.loads(record.value)
    holder = data
    for name in path[:-1]:
        holder = holder[name]
    holder[path[-1]] = value
    return Hostile(record.topic, json.dumps(data).encode(), record.headers, record.key)


class Background:
    """An event loop in a thread, running the services for every example of the test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, job: Coroutine[Any, Any, T], timeout_s: float = 120.0) -> T:
        return asyncio.run_coroutine_threadsafe(job, self.loop).result(timeout_s)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Running:
    """The stack, the loop it runs in, and the figures of the run."""

    stack: ViewStack
    background: Background
    tally: Counter[str]


@pytest.fixture(scope="module")
def running(kafka_bootstrap: str, mongodb_url: str) -> Iterator[Running]:
    background = Background()
    stack = ViewStack(fresh_name(), kafka_bootstrap, mongodb_url)
    started: concurrent.futures.Future[None] = concurrent.futures.Future()
    stop = background.run(_event())

    async def keep_running() -> None:
        # One task enters and leaves the services' lifespans, as they require.
        try:
            async with stack.running():
                started.set_result(None)
                await stop.wait()
        except BaseException as exc:
            if not started.done():
                started.set_exception(exc)
            raise

    task = asyncio.run_coroutine_threadsafe(keep_running(), background.loop)
    started.result(180)
    tally: Counter[str] = Counter()
    began = time.monotonic()
    try:
        yield Running(stack, background, tally)
    finally:
        background.loop.call_soon_threadsafe(stop.set)
        task.result(60)
        background.close()
        tally["seconds"] = round(time.monotonic() - began)
        print(f"\nhostile records: {dict(sorted(tally.items()))}")


async def _event() -> asyncio.Event:
    return asyncio.Event()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)
@given(batch=st.lists(hostile_records(), min_size=1, max_size=8))
@example(batch=EVERY_PROJECTION)
# The services run in another thread while examples are drawn, and use ``random`` there.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # a failing batch's repr
def test_every_hostile_record_is_applied_or_dead_lettered_and_partitions_advance(
    running: Running, batch: list[Hostile]
) -> None:
    _feed(running, batch)


@settings(
    max_examples=max(EXAMPLES // 5, 3),
    deadline=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=list(HealthCheck),
)
@given(batch=st.lists(abroad_outcome_records(), min_size=1, max_size=6))
@example(batch=[_plain(t, topic) for t, topic in ABROAD_OUTCOMES.items()])
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_hostile_records_of_the_hard_cases_abroad_are_applied_or_dead_lettered(
    running: Running, batch: list[Hostile]
) -> None:
    _feed(running, batch)


def test_each_broken_hard_case_is_dead_lettered_naming_its_field(running: Running) -> None:
    """Every projection that reads a hard case refuses it broken, with the field in the reason."""
    batch = [_broken(t, path, value) for t, path, value in ABROAD_BREAKS]
    fates = _feed(running, batch)
    readers = {"homeward-aftercare-cases", "homeward-reporting-facts"}
    for (event_type, path, _), record in zip(ABROAD_BREAKS, batch, strict=True):
        mine = [f for f in fates if f.record.headers == record.headers]
        refused = {running.stack.short(f.group) for f in mine if f.outcome == "dead-lettered"}
        assert readers <= refused, (event_type, path, [(f.group, f.outcome) for f in mine])
        if event_type != "placement.visa-refused":
            assert "homeward-deployment-candidates" in refused, (event_type, path)
        assert all(f.outcome in ("dead-lettered", "ignored") for f in mine)
        for fate in mine:
            if fate.dead_letter is not None:
                reason = fate.dead_letter["dlq_reason"].decode()
                assert event_type in reason, reason
                assert path[0] in reason, reason


def _feed(running: Running, batch: list[Hostile]) -> list[Any]:
    """Sends the batch, waits until every partition advanced past it, and checks each record
    was applied or dead-lettered; counts the outcomes in the module's tally. Returns the fates."""
    stack = running.stack

    async def send_and_settle() -> list[Any]:
        sent: list[Sent] = [
            await stack.send(stack.topic(h.topic), h.value, h.headers, key=h.key) for h in batch
        ]
        deadline = time.monotonic() + 60
        while not await stack.all_committed_past(sent):
            if time.monotonic() > deadline:
                raise AssertionError(f"a partition did not advance: {await stack.behind(sent)}")
            await asyncio.sleep(0.1)
        return await stack.fates(sent)

    fates = running.background.run(send_and_settle())

    lost = [f for f in fates if f.outcome == "lost"]
    assert not lost, f"neither applied nor dead-lettered: {lost[:3]}"
    assert all(f.committed_past for f in fates)
    running.tally["examples"] += 1
    running.tally["records"] += len(batch)
    running.tally.update(f"{stack.short(f.group)}: {f.outcome}" for f in fates)
    running.tally.update(f.outcome for f in fates)
    return fates


def test_every_projection_was_fed_and_refused_some(running: Running) -> None:
    """The examples above reached all nine projections, and broke some of their records."""
    groups = {
        "homeward-intake-journey-ends",
        "homeward-intake-transfer-list",
        "homeward-intake-licence-register",
        "homeward-intake-legal-holds",
        "homeward-aftercare-cases",
        "homeward-aftercare-incidents",
        "homeward-reporting-facts",
        "homeward-training-candidates",
        "homeward-deployment-candidates",
    }
    if {key.split(": ")[0] for key in running.tally if ": " in key} != groups:
        # run alone, after only some of the tests above, or they ran in another worker
        _feed(
            running, [*EVERY_PROJECTION, *(_at_time(h, HOSTILE_TIMES[0]) for h in EVERY_PROJECTION)]
        )
    fed = {key.split(": ")[0] for key in running.tally if ": " in key}
    assert fed == groups
    assert running.tally["dead-lettered"] > 0
    assert running.tally["applied"] > 0


def test_a_merge_into_the_worker_itself_is_dead_lettered_by_every_mover(running: Running) -> None:
    """A worker.merged naming the worker as its own survivor would have the views that move a
    merged record's history move it to the same record, hear the move, and move it again."""
    worker = WORKERS[0]
    history = [_plain("worker.registered", Topic.INTAKE, worker),
               _plain("worker.departed", Topic.DEPLOYMENT, worker)]  # fmt: skip
    data = {**SAMPLES["worker.merged"], "worker_id": worker, "survivor_id": worker}
    headers = headers_of("worker.merged", str(uuid.uuid4()), worker)
    merged = Hostile(Topic.INTAKE, json.dumps(data).encode(), headers, worker.encode())
    fates = [f for f in _feed(running, [*history, merged]) if f.record.headers == headers]
    refused = {running.stack.short(f.group): f for f in fates if f.outcome == "dead-lettered"}
    movers = {
        "homeward-training-candidates",
        "homeward-deployment-candidates",
        "homeward-aftercare-cases",
    }
    assert movers <= set(refused), [(f.group, f.outcome) for f in fates]
    for group in movers:
        dead_letter = refused[group].dead_letter
        assert dead_letter is not None
        assert "survivor_id is the worker itself" in dead_letter["dlq_reason"].decode()


def test_an_event_on_another_services_topic_is_dead_lettered_naming_its_topic(
    running: Running,
) -> None:
    """A worker.merged claiming ``ce_source: intake`` but published on aftercare's topic would
    have passed the movers' source check: a type is trusted only on its catalogue topic."""
    worker, survivor = str(uuid.uuid4()), str(uuid.uuid4())
    history = [_plain(event_type, topic, w) for w in (worker, survivor)
               for event_type, topic in (("worker.registered", Topic.INTAKE),
                                         ("worker.departed", Topic.DEPLOYMENT))]  # fmt: skip
    data = {**SAMPLES["worker.merged"], "worker_id": worker, "survivor_id": survivor}
    headers = headers_of("worker.merged", str(uuid.uuid4()), worker)
    forged = Hostile(Topic.AFTERCARE, json.dumps(data).encode(), headers, worker.encode())
    fates = [f for f in _feed(running, [*history, forged]) if f.record.headers == headers]
    outcomes = {running.stack.short(f.group): f for f in fates}
    readers = {"homeward-aftercare-cases", "homeward-reporting-facts"}  # read aftercare's topic
    assert readers <= set(outcomes), [(f.group, f.outcome) for f in fates]
    for group in readers:
        assert outcomes[group].outcome == "dead-lettered", (group, outcomes[group].outcome)
        dead_letter = outcomes[group].dead_letter
        assert dead_letter is not None
        reason = dead_letter["dlq_reason"].decode()
        assert "worker.merged arrived on" in reason, reason
        assert Topic.INTAKE in reason, reason


def test_two_workers_merged_into_each_other_stop_moving_and_are_dead_lettered(
    running: Running,
) -> None:
    """worker.merged A into B and B into A would have the views that move a merged record's
    history move it A to B to A without end; the moves stop, dead-lettered naming the cycle."""
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    history = [_plain(event_type, topic, worker) for worker in (a, b)
               for event_type, topic in (("worker.registered", Topic.INTAKE),
                                         ("worker.departed", Topic.DEPLOYMENT))]  # fmt: skip
    merges = []
    for worker, survivor in ((a, b), (b, a)):
        data = {**SAMPLES["worker.merged"], "worker_id": worker, "survivor_id": survivor}
        headers = headers_of("worker.merged", str(uuid.uuid4()), worker)
        merges.append(Hostile(Topic.INTAKE, json.dumps(data).encode(), headers, worker.encode()))
    # As the services publish them: aftercare keeps a merged record's events from intake.
    batch = [_from_its_producer(record) for record in [*history, *merges]]
    _feed(running, batch)
    moves, reasons = running.background.run(_once_quiet(running.stack, {a, b}))
    # Aftercare moves each deployment.records-moved heard about a merged record on too.
    assert 0 < len(moves) <= 32, Counter(moves)
    for group in ("homeward-deployment-candidates", "homeward-aftercare-cases"):
        assert any("cycle of merges" in r for r in reasons.get(group, [])), (group, reasons)


def _from_its_producer(record: Hostile) -> Hostile:
    """The record with ``ce_source`` naming the service that publishes to its topic."""
    source = record.topic.split(".")[1].encode()
    headers = [(n, source if n == "ce_source" else v) for n, v in record.headers]
    return Hostile(record.topic, record.value, headers, record.key)


async def _once_quiet(
    stack: ViewStack, workers: set[str]
) -> tuple[list[str], dict[str, list[str]]]:
    """Waits until every group has committed to the end of every topic it reads, and stays
    there; returns the records-moved types sent about the workers, and each group's dead-letter
    reasons about them."""
    assert stack.producer is not None
    topics = [stack.topic(t) for t in TOPICS]
    reader = AIOKafkaConsumer(bootstrap_servers=stack.kafka, enable_auto_commit=False)
    await reader.start()
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in [*topics, *map(dead_letter_topic, topics)]
            for p in await stack.producer.partitions_for(topic)
        ]
        reader.assign(partitions)
        deadline, quiet = time.monotonic() + 60, 0
        while quiet < 3:
            if time.monotonic() > deadline:
                raise AssertionError("the moves did not stop")
            ends = await reader.end_offsets(partitions)
            committed = await stack.committed()
            caught_up = all(
                committed[group].get(tp, 0) >= ends[tp]
                for group, read in stack.topics_of.items()
                for tp in partitions
                if tp.topic in read
            )
            quiet = quiet + 1 if caught_up else 0
            await asyncio.sleep(0.2)
        await reader.seek_to_beginning()
        moves: list[str] = []
        reasons: dict[str, list[str]] = {}
        while any([await reader.position(tp) < end for tp, end in ends.items()]):
            for records in (await reader.getmany(timeout_ms=200)).values():
                for record in records:
                    if record.key is None or record.key.decode() not in workers:
                        continue
                    headers = {name: value.decode() for name, value in record.headers}
                    if "dlq_reason" in headers:
                        group = stack.short(headers["dlq_consumer_group"])
                        reasons.setdefault(group, []).append(headers["dlq_reason"])
                    elif headers.get("ce_type", "").endswith("records-moved"):
                        moves.append(headers["ce_type"])
        return moves, reasons
    finally:
        await reader.stop()
