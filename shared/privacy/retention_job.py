"""The retention job: finds the records past their period in each service's store, and
deletes them or hands their workers to the erasure path (``shared.privacy.retention``).

A dry run finds the same records and changes nothing. Dead letters are the broker's to delete
(``homeward retention run`` sets their topics' ``retention.ms``); events are kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from shared.logging import get_logger
from shared.persistence import Collection
from shared.persistence.stores import Store
from shared.privacy.retention import EVERY_SERVICE, RETENTION, Disposal, RetentionRule

log = get_logger(__name__)
Eraser = Callable[[str, str], Awaitable[bool]]
"""Erases a worker's personal data: ``(worker_id, reason)``; False if it may not yet (a legal
hold), so the next run tries again."""
SHOWN = 20
"""How many ids of each kind the report lists (the count is always whole)."""


@dataclass
class Due:
    """What one rule found in one service's store, and what was done with it."""

    rule: RetentionRule
    service: str
    ids: list[str] = field(default_factory=list)
    done: int = 0
    pending: str | None = None

    @property
    def count(self) -> int:
        """How many records are past their period."""
        return len(self.ids)

    def as_row(self) -> dict[str, Any]:
        """The report's row: the rule, the service, how many, which (first ids) and what
        was done."""
        return {
            "record": self.rule.record,
            "service": self.service,
            "where": self.rule.where,
            "kept": self.rule.period,
            "disposal": self.rule.disposal.value,
            "due": self.count,
            "done": self.done,
            "ids": self.ids[:SHOWN],
            "pending": self.pending,
        }


def _moment(value: Any) -> datetime | None:
    """A stored moment (a BSON date or an ISO string), aware in UTC; None if absent."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _dig(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


async def _older(
    collection: Collection, moment_field: str, cutoff: datetime, where: dict[str, Any] | None = None
) -> list[str]:
    """Ids of the documents whose moment is before the cut-off (read in Python: some stores
    keep the moment as an ISO string, others as a date)."""
    found = await collection.find(where or {}, {"_id": 1, moment_field: 1})
    older = []
    for document in found:
        moment = _moment(_dig(document, moment_field))
        if moment is not None and moment < cutoff:
            older.append(str(document["_id"]))
    return sorted(older)


async def _import_files(store: Store, cutoff: datetime) -> list[str]:
    """Files whose every import finished before the cut-off."""
    latest: dict[str, datetime | None] = {}
    for job in await store.collection("import_jobs").find({}, {"sha256": 1, "finished_at": 1}):
        digest = job.get("sha256")
        if not isinstance(digest, str):
            continue
        finished = _moment(job.get("finished_at"))
        if digest in latest and (latest[digest] is None or finished is None):
            latest[digest] = None  # an import of it still runs
        else:
            known = latest.get(digest)
            latest[digest] = finished if known is None or (finished and finished > known) else known
    stored = {str(d["_id"]) for d in await store.collection("import_files").find({}, {"_id": 1})}
    return sorted(
        digest
        for digest, finished in latest.items()
        if digest in stored and finished is not None and finished < cutoff
    )


async def _finished_imports(store: Store, cutoff: datetime) -> list[str]:
    return await _older(store.collection("import_jobs"), "finished_at", cutoff)


async def _never_sent_withdrawn(store: Store, cutoff: datetime) -> list[str]:
    """Workers withdrawn before the cut-off, on their first journey, none of it ended abroad."""
    workers = await store.collection("workers").find(
        {"status": "withdrawn"}, {"_id": 1, "status_history": 1, "journey": 1}
    )
    ended = {str(d["_id"]) for d in await store.collection("journey_ends").find({}, {"_id": 1})}
    due = []
    for worker in workers:
        history = worker.get("status_history") or []
        withdrawn_at = _moment(history[-1].get("at")) if history else None
        first_journey = worker.get("journey", 1) == 1
        if withdrawn_at and withdrawn_at < cutoff and first_journey and worker["_id"] not in ended:
            due.append(str(worker["_id"]))
    return due


async def _closed_cases(store: Store, cutoff: datetime) -> list[str]:
    """Cases closed before the cut-off whose worker is not erased yet."""
    not_erased = {"erased": {"$ne": True}}
    return await _older(store.collection("cases"), "summary.closed_at", cutoff, not_erased)


async def find_due(rule: RetentionRule, service: str, store: Store, now: datetime) -> list[str]:
    """The ids of one service's records past the rule's period (none for kept records)."""
    cutoff = rule.cutoff(now)
    if cutoff is None or rule.disposal in (Disposal.TOPIC, Disposal.KEEP):
        return []
    if rule.where == "import_files":
        return await _import_files(store, cutoff)
    if rule.where == "import_rows":
        return await _finished_imports(store, cutoff)  # the jobs whose rows go
    if rule.where == "workers":
        return await _never_sent_withdrawn(store, cutoff)
    if rule.where == "cases":
        return await _closed_cases(store, cutoff)
    moment = MOMENT_FIELDS[rule.where]
    # a date field is read through its index; an ISO string field is compared in Python
    where = {moment: {"$lt": cutoff}} if moment in DATE_FIELDS else None
    return await _older(store.collection(rule.where), moment, cutoff, where)


MOMENT_FIELDS = {
    "idempotency_keys": "claimed_at",
    "webhook_deliveries": "created_at",
    "audit": "at",
    "emergency_access": "granted_at",
}
DATE_FIELDS = frozenset({"claimed_at", "at", "granted_at"})


ERASURE_UNAVAILABLE = "erasure is not available here: the workers are listed for it"


async def _dispose(
    rule: RetentionRule,
    store: Store,
    ids: list[str],
    eraser: Eraser | None,
    unavailable: str = ERASURE_UNAVAILABLE,
) -> tuple[int, str | None]:
    if rule.disposal is Disposal.ERASE:
        if eraser is None:
            return 0, unavailable
        reason = f"retention: {rule.record}, {rule.period}"
        erased = [await _erased(eraser, worker_id, reason) for worker_id in ids]
        held = len(ids) - sum(erased)
        return sum(erased), (f"{held} held (a legal hold applies): tried again next run"
                             if held else None)  # fmt: skip
    if rule.where == "import_rows":
        rows = store.collection("import_rows")
        return sum([await rows.delete_where({"job_id": job_id}) for job_id in ids]), None
    collection = store.collection(rule.where)
    deleted = 0
    for doc_id in ids:
        deleted += await collection.delete(doc_id)
    return deleted, None


async def _erased(eraser: Eraser, worker_id: str, reason: str) -> bool:
    """Whether the worker was erased; a failure of one worker's erasure leaves the others
    to go on (tried again on the next run)."""
    try:
        return await eraser(worker_id, reason)
    except Exception as exc:
        log.warning("retention erasure failed", worker_id=worker_id, error=type(exc).__name__)
        return False


def rules_of(service: str) -> list[RetentionRule]:
    """The rules that apply to a service's store."""
    return [r for r in RETENTION if r.service in (service, EVERY_SERVICE)]


async def enforce(
    stores: Mapping[str, Store],
    now: datetime,
    *,
    dry_run: bool,
    eraser: Eraser | None = None,
    unavailable: str = ERASURE_UNAVAILABLE,
) -> list[Due]:
    """Finds every record past its period in the given services' stores and, unless a dry
    run, deletes it or hands its worker to ``eraser``; returns what each rule found.

    ``unavailable``: why workers due for erasure are only listed, when there is no eraser."""
    report = []
    for service, store in stores.items():
        for rule in rules_of(service):
            if rule.disposal in (Disposal.TOPIC, Disposal.KEEP):
                continue
            due = Due(rule, service, await find_due(rule, service, store, now))
            if due.ids and not dry_run:
                due.done, due.pending = await _dispose(rule, store, due.ids, eraser, unavailable)
            elif due.ids and rule.disposal is Disposal.ERASE and eraser is None:
                due.pending = unavailable
            report.append(due)
    return report


async def enforce_periodically(
    service: str,
    store: Store,
    interval_s: float,
    clock: Callable[[], datetime],
    eraser: Eraser | None = None,
) -> None:
    """Enforces the service's own rules every ``interval_s`` (first after one interval) until
    cancelled; several replicas may run it: a record deleted twice is deleted once."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            for due in await enforce({service: store}, clock(), dry_run=False, eraser=eraser):
                if due.count:
                    log.info(
                        "retention applied",
                        record=due.rule.record,
                        due=due.count,
                        done=due.done,
                        pending=bool(due.pending),
                    )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the store is away: try again next time
            log.warning("retention job failed", error=type(exc).__name__)
