"""Reading Homeward's topics the way kcat does: by partition and offset, without a group."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncGenerator, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeAlias

import typer
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.partitioner import DefaultPartitioner

from shared.events.envelope import (
    DATASCHEMA_PATTERN,
    EventEnvelope,
    UndecodableEventError,
    from_kafka,
)
from tools.cli.config import Connection

Record: TypeAlias = ConsumerRecord[bytes, bytes]
PERSONAL_KEYS = frozenset({"phone", "family_contact", "national_id", "id_number", "email"})
MASK = "•••"


@dataclass(frozen=True)
class Start:
    """Where reading starts: ``beginning``, ``end``, an ``offset`` per partition, or a time."""

    kind: str = "end"
    offset: int = 0
    since: datetime | None = None

    @classmethod
    def parse(cls, from_beginning: bool, offset: int | None, since: str | None) -> Start:
        if since:
            return cls("time", since=parse_since(since))
        if offset is not None:
            return cls("offset", offset=offset)
        return cls("beginning" if from_beginning else "end")


def parse_since(text: str) -> datetime:
    """An ISO time, or a duration back from now: ``90s``, ``15m``, ``2h``, ``3d``. Raises
    ValueError for a time that is none of these, or that a store cannot hold (beyond the years
    1 to 9999 in UTC: ``9999-12-31T23:59:59-01:00``, ``99999999999d`` ago)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    try:
        if text[-1:] in units and text[:-1].isdigit():
            return datetime.now(UTC) - timedelta(seconds=int(text[:-1]) * units[text[-1]])
        moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        moment.astimezone(UTC)  # a moment past year 9999 (or before year 1) in UTC overflows
        return moment
    except OverflowError:
        raise ValueError(f"{text} is beyond the years 1 to 9999") from None


def consumer(conn: Connection, **extra: Any) -> AIOKafkaConsumer:
    """A group-less consumer: reading never moves a service's committed offsets."""
    return AIOKafkaConsumer(
        **conn.kafka_options(),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        client_id="homeward-cli",
        **extra,
    )


async def start_consumer(kafka: AIOKafkaConsumer) -> None:
    """Starts a consumer; one that cannot reach the broker is closed, not left to the GC."""
    try:
        await kafka.start()
    except BaseException:
        await stop(kafka)
        raise


async def stop(kafka: AIOKafkaConsumer) -> None:
    """Stops a consumer; yields first, or aiokafka cancels a task that never ran and raises."""
    await asyncio.sleep(0)
    await kafka.stop()


async def partitions_of(kafka: AIOKafkaConsumer, topics: Iterable[str]) -> list[TopicPartition]:
    """Every partition of the topics that exist (a missing topic has none)."""
    cluster = await cluster_metadata(kafka)
    found: list[TopicPartition] = []
    for topic in topics:
        for partition in sorted(cluster.partitions_for_topic(topic) or ()):
            found.append(TopicPartition(topic, partition))
    return found


async def cluster_metadata(kafka: AIOKafkaConsumer) -> Any:
    """Fresh metadata of every topic.

    ``consumer.topics()`` fetches it but keeps it to itself, and ``partitions_for_topic`` only
    knows the topics the consumer was already told about; so ask the client directly.
    """
    return await kafka._client.fetch_all_metadata()


def partition_of_key(key: str, partitions: int) -> int:
    """The partition the default producer partitioner (murmur2) puts a key in."""
    every = list(range(partitions))
    partition: int = DefaultPartitioner()(key.encode(), every, every)
    return partition


async def read(
    conn: Connection,
    topics: Iterable[str],
    start: Start,
    *,
    follow: bool,
    key: str | None = None,
    idle_exit_s: float | None = None,
) -> AsyncGenerator[Record, None]:
    """Yields records of the topics from ``start``; without ``follow``, stops at today's end.

    With a ``key`` (a worker id) only the partition that key hashes to is read.
    """
    kafka = consumer(conn)
    await start_consumer(kafka)
    try:
        assignment = await partitions_of(kafka, topics)
        if key is not None:
            by_topic: dict[str, int] = {}
            for tp in assignment:
                by_topic[tp.topic] = by_topic.get(tp.topic, 0) + 1
            assignment = [
                tp for tp in assignment if tp.partition == partition_of_key(key, by_topic[tp.topic])
            ]
        if not assignment:
            return
        kafka.assign(assignment)
        ends: dict[TopicPartition, int] = await kafka.end_offsets(assignment)
        await _seek(kafka, assignment, start, ends)
        remaining = {tp for tp in assignment if await kafka.position(tp) < ends[tp]}
        if not follow and not remaining:
            return
        last_record_at = time.monotonic()
        while True:
            batch = await kafka.getmany(timeout_ms=200, max_records=500)
            for tp, records in batch.items():
                for record in records:
                    last_record_at = time.monotonic()
                    yield record
                if not follow and records and records[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
            if not follow:
                # A partition whose end was a transaction marker or compacted never yields it.
                for tp in list(remaining):
                    if await kafka.position(tp) >= ends[tp]:
                        remaining.discard(tp)
                if not remaining:
                    return
            elif idle_exit_s is not None and time.monotonic() - last_record_at > idle_exit_s:
                return
    finally:
        await stop(kafka)


async def _seek(
    kafka: AIOKafkaConsumer,
    assignment: list[TopicPartition],
    start: Start,
    ends: dict[TopicPartition, int],
) -> None:
    if start.kind == "end":
        for tp in assignment:
            kafka.seek(tp, ends[tp])
    elif start.kind == "beginning":
        await kafka.seek_to_beginning(*assignment)
    elif start.kind == "offset":
        firsts = await kafka.beginning_offsets(assignment)
        for tp in assignment:
            kafka.seek(tp, min(max(start.offset, firsts[tp]), ends[tp]))
    else:
        assert start.since is not None
        stamp = int(start.since.timestamp() * 1000)
        found = await kafka.offsets_for_times(dict.fromkeys(assignment, stamp))
        for tp in assignment:
            hit = found.get(tp)
            kafka.seek(tp, hit.offset if hit is not None else ends[tp])


def decode(record: Record) -> tuple[EventEnvelope | None, str | None]:
    """The record's envelope, or None and why it cannot be read."""
    try:
        return from_kafka(record.value, record.headers), None
    except UndecodableEventError as exc:
        return None, str(exc)


def mask(value: Any) -> Any:
    """The value with every personal field (phones, family contact, IDs) replaced by a mask."""
    if isinstance(value, dict):
        return {
            k: (MASK if _personal(k) and v not in (None, "", [], {}) else mask(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def _version(envelope: EventEnvelope) -> int | None:
    match = DATASCHEMA_PATTERN.match(envelope.dataschema)
    return int(match["version"]) if match else None


def _personal(key: str) -> bool:
    lowered = key.lower()
    return lowered in PERSONAL_KEYS or "phone" in lowered


def describe(record: Record, show_personal: bool = False) -> dict[str, Any]:
    """One record as a JSON-ready dict: where it is, its CloudEvents attributes, its data."""
    envelope, problem = decode(record)
    row: dict[str, Any] = {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": datetime.fromtimestamp(record.timestamp / 1000, UTC).isoformat(),
        "key": record.key.decode(errors="replace") if record.key else None,
    }
    headers = {name: raw.decode(errors="replace") for name, raw in record.headers}
    for name, text in headers.items():
        if name.startswith("dlq_"):
            row[name] = text
    if envelope is None:
        row["undecodable"] = problem
        try:
            data = json.loads(record.value or b"")
        except ValueError:
            data = None
        row["data"] = data if show_personal else mask(data)
        return row
    row.update(
        id=envelope.id,
        type=envelope.type,
        version=_version(envelope),
        source=envelope.source,
        subject=envelope.subject,
        time=envelope.time.isoformat(),
        sequence=envelope.sequence,
        correlationid=envelope.correlationid,
        causationid=envelope.causationid,
        data=envelope.data if show_personal else mask(envelope.data),
    )
    return row


async def with_timeout(awaitable: Any, seconds: float) -> Any:
    """Awaits with a deadline; a broker or store that does not answer is an answer too."""
    return await asyncio.wait_for(awaitable, seconds)


# How far before its claim a crashed replay's record is looked for (clocks of two hosts).
RESUME_MARGIN = timedelta(minutes=5)
# How long a replay may stay "sending" before another replay takes it for crashed.
STALE_CLAIM_S = 60.0
StaleAfter = Annotated[
    float,
    typer.Option(
        "--stale-after",
        min=0,
        help="Seconds after which a replay still 'sending' counts as crashed and is resumed",
    ),
]
"""The replay commands' option: how old a claim must be before it is taken for crashed."""


async def sent_before(
    conn: Connection, topic: str, key: str | None, header: tuple[str, bytes], claimed_at: datetime
) -> str | None:
    """Where a replay claimed at ``claimed_at`` and interrupted already put its record on
    ``topic`` (the record with ``key`` carrying ``header``), if it did."""
    since = Start("time", since=claimed_at - RESUME_MARGIN)
    found: str | None = None
    records = read(conn, [topic], since, follow=False, key=key)
    async with contextlib.aclosing(records):
        async for record in records:
            if found is None and header in record.headers:
                found = f"{record.topic}:{record.partition}:{record.offset}"
    return found
