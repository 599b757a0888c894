"""Dead letters replayed to one consumer group: the header that says which, and the check."""

from __future__ import annotations

from aiokafka import ConsumerRecord

REPLAY_GROUP_HEADER = "homeward_replay_for_group"
"""Set by ``homeward dlq replay``: the consumer group that refused the record, and the only
group that may apply the replay."""


def meant_for_another_group(record: ConsumerRecord[bytes, bytes], group_id: str) -> bool:
    """Whether the record is a dead letter replayed for a consumer group other than this one."""
    replayed_for = replay_group_of(record)
    return replayed_for is not None and replayed_for != group_id.encode()


def replay_group_of(record: ConsumerRecord[bytes, bytes]) -> bytes | None:
    """The consumer group a replayed dead letter is meant for (as its header holds it); None
    for a record that is not a replay."""
    for name, value in record.headers:
        if name == REPLAY_GROUP_HEADER:
            return bytes(value)
    return None
