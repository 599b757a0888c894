"""Fault run: load the four services with a generated history and API writes, while killing
each service in turn (SIGKILL), restarting Kafka and restarting the store; then check.

    uv run python -m benchmarks.faults --workers 4000      # ~100k events, a private stack

Runs on a Kafka and store of its own (``scripts/infra.sh`` in ``.local/faults-<id>``, free
ports), so restarting them disturbs nothing else. It prints each thing it did, when, and what
it found afterwards:

- every view equals the fold of the events on its topics (``tools.generator.verify``): no event
  lost, none applied twice (each view document's ``applied`` ids are exactly its events');
- every registration the API answered 2xx is in intake and in every view;
- every generated event is on its topic;
- the dead-letter topics hold only the deliberately bad records.

``tests/scale/test_faults.py`` runs the same thing shortened (a few thousand events).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from benchmarks.common import bearer_headers
from shared.events.envelope import EventEnvelope
from shared.events.topics import Topic, dead_letter_topic
from shared.settings import ServiceSettings
from shared.store import Document
from shared.wiring import data_keys
from tests.support.infrastructure import ROOT, PrivateStack
from tests.support.services import SERVICES, ServiceProcess, free_port, settings_env
from tools.generator import Publisher, Scope, bad_records, generate
from tools.generator.publish import BadRecord, PublishReport, with_bad_records
from tools.generator.requests import registration_body
from tools.generator.verify import (
    ViewCheck,
    check_view,
    expected_views,
    read_topics,
    sealed_reader,
    view_specs,
)

LOGS = ROOT / ".local" / "test-logs"
PROVINCE = "40"


@dataclass
class FaultReport:
    """What the run did and found."""

    actions: list[str] = field(default_factory=list)
    published: int = 0
    publish_retries: int = 0
    registrations_answered: int = 0
    registrations_failed: int = 0
    checks: list[ViewCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dead_letters: Counter[str] = field(default_factory=Counter)
    converged_s: float = 0.0
    # (seconds, documents with unsent events, answered registrations not on the topic) when
    # the views first agreed with the topics before the outboxes were empty
    early: tuple[float, int, int] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and all(c.ok for c in self.checks)

    def lines(self) -> list[str]:
        out = ["what was done:", *(f"  {a}" for a in self.actions), "what was found:"]
        out.append(
            f"  events published: {self.published:,} (chunks re-sent: {self.publish_retries})"
        )
        out.append(
            f"  registrations answered 2xx: {self.registrations_answered}, "
            f"not answered or refused: {self.registrations_failed}"
        )
        if self.early is not None:
            out.append(
                f"  at {self.early[0]:.1f} s every view already equalled the fold of the topics "
                f"while {self.early[1]} documents still held unsent events and "
                f"{self.early[2]} answered registrations were not yet on the topic"
            )
        out.append(
            f"  at rest (outboxes empty), views equal the fold of their events after "
            f"{self.converged_s:.1f} s:"
        )
        for check in self.checks:
            state = "ok" if check.ok else "DIFFERS"
            out.append(
                f"    {check.label:<22} {check.documents:>7,} documents "
                f"({check.expected_documents:,} expected), {check.events_applied:>9,} events "
                f"applied once each: {state}"
            )
            out += [f"      {p}" for p in check.problems]
        out.append(f"  dead letters: {'none' if not self.dead_letters else ''}")
        out += [f"    {k}: {v}" for k, v in sorted(self.dead_letters.items())]
        out += [f"  PROBLEM: {p}" for p in self.problems]
        out.append("  RESULT: " + ("every invariant holds" if self.ok else "invariants broken"))
        return out


class Run:
    """One fault run: services, the load, the faults, the checks."""

    def __init__(
        self, stack: PrivateStack, workers: int, rate: float, say: Callable[[str], None]
    ) -> None:
        self.stack = stack
        self.prefix = f"f{uuid.uuid4().hex[:8]}"
        self.workers = workers
        self.rate = rate
        self.say = say
        self.report = FaultReport()
        self.started = time.monotonic()
        self.timeline: list[tuple[float, str]] = []
        self.bad_records = list(bad_records(17, 3))
        self.answered: dict[str, float] = {}  # worker id -> when intake answered 2xx (run clock)
        self.headers = bearer_headers("homeward-fault-run")
        LOGS.mkdir(parents=True, exist_ok=True)
        kafka, mongo = stack.kafka_bootstrap_servers, stack.mongodb_url
        self.processes = {
            service: ServiceProcess(
                service,
                settings_env(service, self.prefix, kafka, mongo),
                stack_port(),
                LOGS / f"{self.prefix}-{service}.log",
            )
            for service in SERVICES
        }

    def clock(self) -> float:
        """Seconds since the run started."""
        return time.monotonic() - self.started

    def note(self, text: str) -> None:
        self.timeline.append((self.clock(), text))
        line = f"[{self.clock():6.1f} s] {text}"
        self.report.actions.append(line)
        self.say(line)

    async def run(self, pause_s: float = 2.0, converge_s: float = 120.0) -> FaultReport:
        events: list[EventEnvelope | BadRecord] = list(
            with_bad_records(
                generate(17, Scope.province(PROVINCE, self.workers)),
                self.bad_records,
                max(1, self.workers * 8),
            )
        )
        generated = [e for e in events if isinstance(e, EventEnvelope)]
        self.note(f"generated {len(generated):,} events of {self.workers:,} workers + 3 bad")
        try:
            await self._load_and_faults(events, pause_s)
            await self._converge(converge_s)
            await self._final_checks(generated)
        finally:  # whatever failed, no service outlives the run
            await asyncio.gather(*(asyncio.to_thread(p.stop) for p in self.processes.values()))
        return self.report

    async def _load_and_faults(
        self, events: Sequence[EventEnvelope | BadRecord], pause_s: float
    ) -> None:
        for process in self.processes.values():
            process.start()
        await asyncio.gather(*(p.wait_ready(120) for p in self.processes.values()))
        self.note("four services up (uvicorn processes)")
        stop = asyncio.Event()
        publishing = asyncio.create_task(self._publish(events))
        registering = asyncio.create_task(self._register(stop))
        try:
            await self._faults(pause_s)
            await publishing
            self.note(f"all {len(events):,} records acknowledged by Kafka")
        finally:
            stop.set()
            await registering
            if not publishing.done():
                publishing.cancel()
                await asyncio.gather(publishing, return_exceptions=True)
        self.note(
            f"registrations stopped: {len(self.answered)} answered 2xx, "
            f"{self.report.registrations_failed} not"
        )
        self.report.registrations_answered = len(self.answered)

    async def _publish(self, events: Sequence[EventEnvelope | BadRecord]) -> None:
        chunk_size = max(50, int(self.rate))
        report = PublishReport()
        publisher: Publisher | None = None
        retired: list[Publisher] = []  # closed at the end: a producer's stop waits for Kafka
        started = time.monotonic()
        try:
            for start in range(0, len(events), chunk_size):
                chunk = events[start : start + chunk_size]
                while True:
                    try:
                        if publisher is None:
                            publisher = Publisher(
                                self.stack.kafka_bootstrap_servers, f"{self.prefix}."
                            )
                            await publisher.__aenter__()
                        await publisher.publish(chunk, report=report)
                        break
                    except Exception as exc:  # Kafka is down: re-send the chunk (same event ids)
                        self.report.publish_retries += 1
                        self.say(f"  publisher: {type(exc).__name__}, re-sending a chunk")
                        if publisher is not None:
                            retired.append(publisher)
                        publisher = None
                        await asyncio.sleep(1)
                self.report.published = start + len(chunk)
                if self.rate > 0:
                    ahead = self.report.published / self.rate - (time.monotonic() - started)
                    if ahead > 0:
                        await asyncio.sleep(ahead)
        finally:
            for old in [*retired, *([publisher] if publisher else [])]:
                with contextlib.suppress(Exception):  # stop() marks it closed before it flushes
                    await asyncio.wait_for(old.__aexit__(), 60)

    async def _register(self, stop: asyncio.Event) -> None:
        url = self.processes["intake"].url
        index = 0
        async with httpx.AsyncClient(base_url=url, headers=self.headers, timeout=10) as client:
            while not stop.is_set():
                index += 1
                body = registration_body(17, index, PROVINCE)
                try:
                    response = await client.post("/workers", json=body)
                    if 200 <= response.status_code < 300:
                        self.answered[response.json()["worker_id"]] = self.clock()
                    else:
                        self.report.registrations_failed += 1
                except httpx.HTTPError:
                    self.report.registrations_failed += 1
                await asyncio.sleep(0.2)

    async def _faults(self, pause_s: float) -> None:
        await asyncio.sleep(pause_s)
        for service, process in self.processes.items():
            process.kill()
            self.note(f"SIGKILL {service}")
            await asyncio.sleep(pause_s / 2)
            process.start()
            self.note(f"{service} restarted")
            await asyncio.sleep(pause_s)
        await asyncio.to_thread(self.stack.run, "kafka-stop")
        self.note("Kafka stopped")
        await asyncio.sleep(pause_s)
        await asyncio.to_thread(self.stack.run, "kafka-start")
        self.note("Kafka started again")
        await asyncio.sleep(pause_s)
        await asyncio.to_thread(self.stack.run, "store-crash")
        self.note("store crashed (PostgreSQL aborted in immediate mode, FerretDB SIGKILLed)")
        await asyncio.sleep(pause_s)
        await asyncio.to_thread(self.stack.run, "store-start")
        self.note("store started again (PostgreSQL crash recovery, FerretDB)")
        await asyncio.gather(*(p.wait_ready(180) for p in self.processes.values()))
        self.note("every service ready again")

    async def _checks(self, client: AsyncMongoClient[dict]) -> list[ViewCheck]:
        prefix = f"{self.prefix}."
        specs = view_specs(prefix)
        records = await read_topics(self.stack.kafka_bootstrap_servers, sorted(
            {prefix + t for s in specs for t in s.topics}))  # fmt: skip
        self.records = records
        settings = ServiceSettings(
            mongodb_url=self.stack.mongodb_url, key_store_database=f"{self.prefix}_keys"
        )
        keys = data_keys(settings, client)
        checks = []
        for s in specs:
            opener = await sealed_reader(s, records, prefix, keys)
            expected = expected_views(s, records, prefix, opener)
            checks.append(await check_view(s, client[f"{self.prefix}_{s.service}"], expected))
        return checks

    async def _pending_outboxes(self, client: AsyncMongoClient[dict]) -> int:
        """Documents, in every service's database, whose outbox still holds unsent events."""
        pending = 0
        for service in SERVICES:
            database = client[f"{self.prefix}_{service}"]
            for name in await database.list_collection_names():
                pending += await database[name].count_documents({"outbox_pending": True})
        return pending

    def _registered_on_topic(self) -> dict[str, tuple[int, int]]:
        """Worker id -> (partition, offset) of its ``worker.registered`` on intake's topic."""
        return {
            r.key.decode(): (r.partition, r.offset)
            for r in self.records.get(f"{self.prefix}.{Topic.INTAKE}", [])
            if r.key and dict(r.headers).get("ce_type") == b"worker.registered"
        }

    async def _converge(self, timeout_s: float) -> None:
        """Waits until the run is at rest (every outbox sent, every answered registration on
        its topic) and every view equals the fold of its events; then checks the answers."""
        started = time.monotonic()
        client: AsyncMongoClient[dict] = AsyncMongoClient(self.stack.mongodb_url, tz_aware=True)
        # The services' settings (settings_env) prefix their groups as they prefix topics.
        lag = ConsumerLag(self.stack.kafka_bootstrap_servers, f"{self.prefix}.", f"{self.prefix}.")
        await lag.start()
        try:
            while True:
                pending = await self._pending_outboxes(client)
                behind = await lag.behind()
                if behind and time.monotonic() - started < timeout_s:
                    # Folding every topic costs more than the consumers' work on a big run:
                    # compare only once they have read what the topics hold.
                    await asyncio.sleep(2)
                    continue
                checks = await self._checks(client)  # the topics are read after the outboxes
                unpublished = self.answered.keys() - self._registered_on_topic().keys()
                at_rest = pending == 0 and not unpublished
                if all(c.ok for c in checks) and not at_rest and self.report.early is None:
                    # Views agree with the topics while events still wait in outboxes: a check
                    # that stopped here would call those registrations lost.
                    self.report.early = (time.monotonic() - started, pending, len(unpublished))
                if (at_rest and all(c.ok for c in checks)) or (
                    time.monotonic() - started >= timeout_s
                ):
                    break
                await asyncio.sleep(1)
            self.report.checks = checks
            self.report.converged_s = time.monotonic() - started
            if pending:
                self.report.problems.append(
                    f"{pending} documents still had unsent events after {timeout_s:.0f} s"
                )
            await self._registrations_reflected(client)
        finally:
            await lag.stop()
            await client.close()
        self.note("views checked against the events on the topics")

    async def _registrations_reflected(self, client: AsyncMongoClient[dict]) -> None:
        """Every registration answered 2xx is in intake, on its topic and in every view; for
        one that is not, says where it was lost."""
        on_topic = self._registered_on_topic()
        ids = list(self.answered)
        workers = client[f"{self.prefix}_intake"]["workers"]
        stored = {d["_id"]: d for d in await workers.find(
            {"_id": {"$in": ids}},
            {"outbox_pending": 1, "outbox_sent": 1, "event_seq": 1, "outbox.sequence": 1},
        ).to_list(None)}  # fmt: skip
        views = {
            s.label: {d["_id"] for d in await client[f"{self.prefix}_{s.service}"][s.collection]
                      .find({"_id": {"$in": ids}}, {"_id": 1}).to_list(None)}
            for s in view_specs()
            if s.collection != "incidents"
        }  # fmt: skip
        for worker_id, answered_at in self.answered.items():
            missing_in = [label for label, found in views.items() if worker_id not in found]
            if worker_id in stored and worker_id in on_topic and not missing_in:
                continue
            where = self._where_lost(stored.get(worker_id), on_topic.get(worker_id), missing_in)
            self.report.problems.append(
                f"registration {worker_id}, answered 2xx at {answered_at:.1f} s "
                f"({self._moment(answered_at)}): {where}"
            )

    @staticmethod
    def _where_lost(
        document: Document | None, position: tuple[int, int] | None, missing_in: list[str]
    ) -> str:
        """Where a registration answered 2xx went missing: the store, the outbox, the relay,
        Kafka or a consumer."""
        if document is None:
            lost = "NOT IN INTAKE'S STORE: the acknowledged insert was lost by the store"
            return lost + (f" (yet on the topic at {position})" if position else "")
        outbox = (
            f"intake document: event_seq {document.get('event_seq')}, outbox_sent "
            f"{document.get('outbox_sent')}, outbox_pending {document.get('outbox_pending')}, "
            f"outbox sequences {[e.get('sequence') for e in document.get('outbox', [])]}"
        )
        if position is None and document.get("outbox_pending"):
            return f"STILL IN INTAKE'S OUTBOX, never published by the relay; {outbox}"
        if position is None:
            return (
                "MARKED SENT BUT NOT ON THE TOPIC: the relay marked an event Kafka did not "
                f"acknowledge, or Kafka lost an acknowledged one; {outbox}"
            )
        return (
            f"on the topic (partition {position[0]}, offset {position[1]}) but MISSING IN "
            f"{', '.join(missing_in)}: lost by that consumer"
        )

    def _moment(self, at: float) -> str:
        """Which fault the run was in at that moment: the last action before it."""
        before = [text for when, text in self.timeline if when <= at]
        return f"after '{before[-1]}'" if before else "before the first action"

    async def _final_checks(self, generated: list[EventEnvelope]) -> None:
        on_topics = {
            dict(r.headers).get("ce_id", b"").decode()
            for records in self.records.values()
            for r in records
        }
        lost = [e.id for e in generated if e.id not in on_topics]
        if lost:
            self.report.problems.append(f"{len(lost)} generated events not on their topics")
        # A deliberately bad record is known by its key: a chunk re-sent after a Kafka failure
        # can put one on the topic twice, at an offset the publisher never heard of.
        bad_keys = {e.key: e.flaw for e in self.bad_records}
        groups: dict[bytes, set[str]] = {key: set() for key in bad_keys}
        for topic in Topic:
            name = dead_letter_topic(f"{self.prefix}.{topic}")
            records = (await read_topics(self.stack.kafka_bootstrap_servers, [name]))[name]
            for record in records:
                headers = dict(record.headers)
                source = (
                    headers["dlq_source_topic"].decode().removeprefix(f"{self.prefix}."),
                    int(headers["dlq_source_partition"]),
                    int(headers["dlq_source_offset"]),
                )
                group = headers["dlq_consumer_group"].decode()
                key = record.key or b""
                if key not in bad_keys:
                    self.report.problems.append(f"dead letter not deliberately bad: {source}")
                    continue
                self.report.dead_letters[f"{key.decode()} ({bad_keys[key]}) by {group}"] += 1
                groups[key].add(group)
        for key, by in groups.items():  # three groups read intake's topic: each dead-letters it
            if len(by) < 3:
                self.report.problems.append(f"bad record {key.decode()} not dead-lettered")


class ConsumerLag:
    """How many records the views' consumer groups have still to read."""

    def __init__(self, bootstrap: str, prefix: str, group_prefix: str = "") -> None:
        self.admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        self.consumer: AIOKafkaConsumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
        self.groups = {
            f"{group_prefix}homeward-{s.service}-{s.projection.name}": [
                prefix + t for t in s.topics
            ]
            for s in view_specs(prefix)
        }

    async def start(self) -> None:
        await self.admin.start()
        await self.consumer.start()

    async def stop(self) -> None:
        await self.consumer.stop()
        await self.admin.close()

    async def behind(self) -> int:
        """Records on the views' topics not yet committed by the group that reads them."""
        total = 0
        for group, topics in self.groups.items():
            await self.consumer._client.force_metadata_update()  # aiokafka has no public call
            partitions = [
                TopicPartition(topic, p)
                for topic in topics
                for p in self.consumer.partitions_for_topic(topic) or ()
            ]
            ends = await self.consumer.end_offsets(partitions)
            committed = await self.admin.list_consumer_group_offsets(group)
            for tp, end in ends.items():
                done = committed.get(tp)
                total += end - (done.offset if done is not None and done.offset >= 0 else 0)
        return total


# Ports other stacks on this machine use by convention: the dev stack, the test stack, and the
# private stacks of other engineers' runs. A private fault stack never takes one of them.
RESERVED_PORTS = frozenset(
    {9092, 9093, 27017, 39092, 39093, 37017, 51092, 51093, 53017}
    | set(range(52092, 52100))
    | set(range(54017, 54020))
)


def stack_port() -> int:
    """A free port outside the reserved ones."""
    while (port := free_port()) in RESERVED_PORTS:
        pass
    return port


@contextlib.contextmanager
def private_stack(name: str) -> Iterator[PrivateStack]:
    """A Kafka and store of the run's own, removed afterwards."""
    stack = PrivateStack(ROOT / ".local" / name, stack_port(), stack_port(), stack_port())
    try:
        stack.run("up")  # inside: a start that failed half-way is torn down too
        yield stack
    finally:
        stack.run("kill")  # its state is removed next: no clean shutdown to wait for
        shutil.rmtree(stack.state, ignore_errors=True)


async def main(workers: int, rate: float, pause_s: float, converge_s: float = 1800) -> bool:
    # The outages are deliberate: the client's reconnect errors would bury the report.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    with private_stack(f"faults-{uuid.uuid4().hex[:6]}") as stack:
        print(f"private stack: Kafka {stack.kafka_bootstrap_servers}, store {stack.mongodb_url}")
        run = Run(stack, workers, rate, lambda line: print(line, flush=True))
        report = await run.run(pause_s=pause_s, converge_s=converge_s)
    print("\n".join(report.lines()))
    return report.ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=4000, help="~25 events each")
    parser.add_argument("--rate", type=float, default=1000, help="events/s published")
    parser.add_argument("--pause", type=float, default=10, help="seconds between faults")
    parser.add_argument(
        "--converge", type=float, default=1800, help="seconds the services get to come to rest"
    )
    args = parser.parse_args()
    ok = asyncio.run(main(args.workers, args.rate, args.pause, args.converge))
    raise SystemExit(0 if ok else 1)
