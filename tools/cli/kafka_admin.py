"""Consumer groups and offsets, read with aiokafka's admin client."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from tools.cli.config import Connection
from tools.cli.streams import consumer, start_consumer, stop

GROUP_PREFIX = "homeward-"


@dataclass(frozen=True)
class GroupState:
    """A consumer group as the broker sees it."""

    group: str
    state: str
    members: int


@dataclass(frozen=True)
class PartitionLag:
    """One partition of one group: committed offset, end offset, lag."""

    service: str
    group: str
    topic: str
    partition: int
    committed: int | None
    end: int

    @property
    def lag(self) -> int:
        return self.end - (self.committed or 0)


def admin(conn: Connection) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(**conn.kafka_options(), client_id="homeward-cli-admin")


def service_of(group: str, prefix: str = "") -> str:
    """``homeward-training-candidates`` -> ``training`` (after the deployment's ``prefix``)."""
    if not group.startswith(prefix + GROUP_PREFIX):
        return "?"
    parts = group.removeprefix(prefix).split("-")
    return parts[1] if len(parts) > 2 else "?"


async def homeward_groups(client: AIOKafkaAdminClient, prefix: str = "") -> list[str]:
    """The deployment's consumer groups: named ``<prefix>homeward-...``."""
    listed = await client.list_consumer_groups()
    return sorted({g[0] for g in listed if str(g[0]).startswith(prefix + GROUP_PREFIX)})


async def group_states(client: AIOKafkaAdminClient, groups: Iterable[str]) -> list[GroupState]:
    """State (Stable, Empty...) and member count of each group."""
    found: list[GroupState] = []
    wanted = list(groups)
    if not wanted:
        return found
    for group in wanted:
        # One group per request: aiokafka 0.14 cannot decode some DescribeGroups answers of a
        # Kafka 4 broker ("Buffer underrun decoding string"); one such group must not hide the
        # others' state, nor make the broker look down.
        try:
            responses = await client.describe_consumer_groups([group])
        except Exception:
            found.append(GroupState(group, "unknown", -1))
            continue
        for response in responses:
            found.extend(_groups_of(response))
    return found


def _groups_of(response: Any) -> list[GroupState]:
    found: list[GroupState] = []
    for group in getattr(response, "groups", ()):
        # (error_code, group_id, state, protocol_type, protocol, members[, authorized_ops])
        found.append(GroupState(str(group[1]), str(group[2]), len(group[5])))
    return found


async def lags(conn: Connection, topics: set[str]) -> list[PartitionLag]:
    """Committed and end offsets of every Homeward group on the given topics."""
    client = admin(conn)
    try:
        await client.start()
        committed: dict[tuple[str, TopicPartition], int | None] = {}
        for group in await homeward_groups(client, conn.group_prefix):
            offsets = await client.list_consumer_group_offsets(group)
            for tp, meta in offsets.items():
                if tp.topic in topics:
                    committed[(group, tp)] = meta.offset if meta.offset >= 0 else None
    finally:
        await client.close()
    if not committed:
        return []
    kafka = consumer(conn)
    await start_consumer(kafka)
    try:
        ends = await kafka.end_offsets(sorted({tp for _, tp in committed}))
    finally:
        await stop(kafka)
    return sorted(
        (
            PartitionLag(
                service_of(group, conn.group_prefix),
                group,
                tp.topic,
                tp.partition,
                offset,
                ends[tp],
            )
            for (group, tp), offset in committed.items()
        ),
        key=lambda p: (p.service, p.group, p.topic, p.partition),
    )
