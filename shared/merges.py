"""Rules every service keeps when a merged duplicate's records move onto the survivor's.

A move (``*.records-moved``) carries the trail of records it passed through: a survivor merged
since forwards it with its own id added. A merge, or a move, that would send records back
round a cycle of merges (A into B and B into A, or longer) is refused, so hostile records on a
topic cannot keep the moves going forever; the reasons name record ids only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

MAX_TRAIL = 16
"""The most records a move may pass through before it is refused as a cycle."""
MERGER = "intake"
"""The one producer whose ``worker.merged`` moves records: intake, through its approvals."""


def refused_merge(
    worker_id: str, survivor_id: str, merged_in: Collection[str], source: str = MERGER
) -> str | None:
    """Returns why a merge of ``worker_id`` into ``survivor_id`` must not be applied: a producer
    other than intake (``source``), the worker itself, or a survivor already recorded as merged
    into the worker (``merged_in``); None when it may be."""
    if source != MERGER:
        return f"source {source!r} is not {MERGER!r}, which merges records"
    if survivor_id == worker_id:
        return "survivor_id is the worker itself"
    if survivor_id in merged_in:
        return f"cycle of merges: {survivor_id} was merged into {worker_id}"
    return None


def refused_move(worker_id: str, survivor_id: str, trail: Sequence[str]) -> str | None:
    """Returns why a move of ``worker_id``'s records onto ``survivor_id`` must not be applied:
    the worker itself, a survivor the records already passed through, or a trail past
    ``MAX_TRAIL``; None when it may be."""
    if survivor_id == worker_id:
        return "survivor_id is the worker itself"
    if survivor_id in trail:
        return f"cycle of merges: {' -> '.join([*trail, worker_id, survivor_id])}"
    if len(trail) >= MAX_TRAIL:
        return f"moved through more than {MAX_TRAIL} records: {' -> '.join([*trail, worker_id])}"
    return None


def onward_trail(trail: Sequence[str], worker_id: str) -> list[str]:
    """Returns the trail of a move forwarded on from ``worker_id``'s record."""
    return [*trail, worker_id]
