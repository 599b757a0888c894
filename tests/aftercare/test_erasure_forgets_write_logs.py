"""An erased worker's notes leave aftercare's insert-only write logs, stored answers and
approvals, on the real store: the raw documents are read back and scanned.

The case view forgets an erased worker as soon as it hears ``worker.erased``; the write logs
(``case_writes``, ``incident_writes``) keep every change the API made, so the erasure job
rewrites them, through the write primitive, with every personal field withheld.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.aftercare import store
from services.aftercare.app import aftercare_service
from services.aftercare.approvals import handle_approvals
from services.aftercare.domain import checkins, incidents
from services.aftercare.domain.erasure import forgotten_case_change
from services.aftercare.handlers import CaseProjection
from services.aftercare.service import AftercareService
from shared import approval_desk
from shared.approvals import Approval, ApprovalAction, ApprovalStatus
from shared.auth.principal import Role
from shared.consumer import ReceivedEvent
from shared.contracts.intake import ErasureGrounds, WorkerErased
from shared.events.envelope import EventEnvelope, decode_payload, new_event
from shared.idempotency import Answer, IdempotencyKeys
from shared.outbox import SET_ASIDE, set_aside_record
from shared.persistence import Document, Update
from shared.persistence.kinds import kind_of
from shared.persistence.stores import Store, open_store
from shared.privacy.erasure_pass import erasure_mark
from tests.aftercare.builders import abroad

PREFIX = "test."
NOW = datetime.now(UTC)
DAY = timedelta(days=1)
ERASED = {"erased": True, **erasure_mark(True)}
"""What the case view's projection writes on hearing ``worker.erased``."""
NOTE = "Chị Hoa nói chủ nhà giữ hộ chiếu, gọi lại số 0987 654 321."
DESCRIPTION = "Bị thương ở tay tại xưởng dập, đang nằm viện Gunma."
STATUS_NOTE = "Đã gọi cho anh trai Lò Văn Pắn."
OTHER_NOTE = "Khỏe, gửi tiền về đều."


@pytest.fixture
async def on(store_client: AsyncMongoClient[dict[str, Any]], unique: str) -> Store:
    database = store_client[f"{unique}_aftercare"]
    on = open_store(database, kind_of(database))
    await store.prepare(on)
    await approval_desk.prepare(on)
    return on


@pytest.fixture
def service(on: Store) -> AftercareService:
    service = aftercare_service(on, PREFIX)
    desk = approval_desk.ApprovalDesk(
        "aftercare", approval_desk.ApprovalQueue(on), approval_desk.ApprovalRules(on)
    )
    handle_approvals(desk, service)
    service.stored_answers = IdempotencyKeys.of(on)
    service.set_aside = on.collection(SET_ASIDE)
    return service


async def _abroad(on: Store, worker_id: str) -> None:
    case = abroad(worker_id, NOW - 100 * DAY, (NOW + 300 * DAY).date())
    await on.collection(store.CASES).insert(
        {"_id": worker_id, "version": 1, **store.case_state(case)}
    )


def _check_in(notes: str) -> checkins.RecordCheckIn:
    return checkins.RecordCheckIn.model_validate(
        {"contact": "family", "channel": "phone", "wellbeing": "concerns", "notes": notes,
         "contacted_at": NOW - DAY, "recorded_by": "officer-1"}
    )  # fmt: skip


async def _held_about(on: Store, worker_id: str, note: str) -> None:
    """What aftercare's API leaves about a worker: a check-in, an incident moved on with a
    note, an answer kept for a retry, and a closure waiting for a second person."""
    await service_of(on).record_check_in(worker_id, _check_in(note), f"ci-{worker_id}")
    report = incidents.ReportIncident.model_validate(
        {"category": "injury_or_illness", "severity": "high", "description": DESCRIPTION,
         "reported_by": "officer-1"}
    )  # fmt: skip
    incident = await service_of(on).report_incident(worker_id, report, f"inc-{worker_id}")
    moved = incidents.ChangeIncidentStatus.model_validate(
        {"status": "in_progress", "note": STATUS_NOTE, "changed_by": "officer-2"}
    )
    await service_of(on).change_incident_status(incident.incident_id, moved)

    async def create(_: str | None) -> Answer:
        return Answer(201, {"worker_id": worker_id, "notes": note})

    await IdempotencyKeys.of(on).run("record_check_in", f"key-{worker_id}", {"n": 1}, create)
    waiting = Approval(
        approval_id=f"ap-{worker_id}", actions=[ApprovalAction.CASE_CLOSE], kind="case.close",
        target_id=worker_id, worker_id=worker_id, province_code="14",
        change={"notes": note}, changed_fields=["notes"], basis={"changes": 1},
        requested_by="officer-1", requested_role=Role.AFTERCARE_OFFICER, requested_at=NOW,
        request_reason=note,
    )  # fmt: skip
    await approval_desk.ApprovalQueue(on).add(waiting)
    # the relay set one of the check-in's events aside (the broker refused it), whole
    [change] = await on.collection(store.CASE_WRITES).find({"key": worker_id}, limit=1)
    entry = change["outbox"][0]
    await on.collection(SET_ASIDE).insert(
        set_aside_record(store.CASE_WRITES, change["_id"], entry, "refused", NOW)
    )


def service_of(on: Store) -> AftercareService:
    return aftercare_service(on, PREFIX)


async def _raw(
    client: AsyncMongoClient[dict[str, Any]], unique: str, worker_id: str
) -> dict[str, str]:
    """Every stored document about the worker, as the store holds it, by collection."""
    database = client[f"{unique}_aftercare"]
    found = {}
    for name in (store.CASE_WRITES, store.INCIDENT_WRITES, "idempotency_keys", "approvals"):
        documents = await database[name].find({"worker_id": worker_id}).to_list()
        found[name] = str(documents)
    set_aside = await database[SET_ASIDE].find({"entry.subject": worker_id}).to_list()
    found[SET_ASIDE] = str(set_aside)
    return found


async def test_erasure_withholds_every_note_in_the_write_logs_answers_and_approvals(
    on: Store,
    service: AftercareService,
    store_client: AsyncMongoClient[dict[str, Any]],
    unique: str,
) -> None:
    for worker in ("w-erased", "w-kept"):
        await _abroad(on, worker)
    await _held_about(on, "w-erased", NOTE)
    await _held_about(on, "w-kept", OTHER_NOTE)
    before = await _raw(store_client, unique, "w-erased")
    assert all(
        NOTE in before[name] for name in ("case_writes", "idempotency_keys", "approvals", SET_ASIDE)
    )
    assert DESCRIPTION in before["incident_writes"]
    assert STATUS_NOTE in before["incident_writes"]

    assert await service.forget_erased() == []  # nobody erased yet: nothing changes
    await on.collection(store.CASES).put("w-erased", Update(set=ERASED))
    assert await service.forget_erased() == ["w-erased"]

    after = await _raw(store_client, unique, "w-erased")
    for name, text in after.items():
        for secret in (NOTE, DESCRIPTION, STATUS_NOTE, "0987 654 321"):
            assert secret not in text, f"{name} still holds it"
    assert after["idempotency_keys"] == "[]"  # a retry runs again and finds the case erased
    approvals = store_client[f"{unique}_aftercare"]["approvals"]
    [approval] = await approvals.find({"worker_id": "w-erased"}).to_list()
    assert (approval["status"], approval["change"]) == (ApprovalStatus.STALE.value, {})
    changes = await on.collection(store.CASE_WRITES).find({"worker_id": "w-erased"})
    assert changes
    assert all(c["outbox_pending"] for c in changes)
    assert all(e["data"]["notes"] is None for c in changes for e in c["outbox"])
    assert all(e["data"]["notes"] is None for c in changes for e in c["entries"])

    kept = await _raw(store_client, unique, "w-kept")
    assert OTHER_NOTE in kept["case_writes"]
    assert DESCRIPTION in kept["incident_writes"]
    assert await service.forget_erased() == []  # finished once: the marker skips it


async def test_a_relay_marking_a_change_meanwhile_is_not_overwritten(on: Store) -> None:
    """The relay marks a change sent (and empties its outbox) between the erasure job's read
    and its write: the job's write is refused, it reads again and withholds what is left."""
    await _abroad(on, "w-1")
    await service_of(on).record_check_in("w-1", _check_in(NOTE), "ci-1")
    writes = store.WriteLog(on, store.CASE_WRITES, PREFIX, lambda: None)
    collection = writes.collection
    read = collection.get
    relay_passes: list[bool] = []

    async def read_then_relay(doc_id: Any, fields: Any = None) -> Document | None:
        document = await read(doc_id, fields)
        if document is not None and not relay_passes:
            sent = Update(set={"outbox": [], "outbox_pending": False}, max={"outbox_sent": 1})
            relay_passes.append(await collection.advance(doc_id, document["version"], sent))
        return document

    collection.get = read_then_relay  # type: ignore[method-assign]
    assert await writes.forget("w-1", forgotten_case_change) == 1
    assert relay_passes == [True]
    [change] = await on.collection(store.CASE_WRITES).find({"worker_id": "w-1"})
    assert (change["outbox"], change["outbox_pending"]) == ([], False)  # the relay's mark stays
    assert change["entries"][0]["data"]["notes"] is None
    assert NOTE not in str(change)


async def _hear(on: Store, envelope: EventEnvelope) -> None:
    """The case view's consumer folds one event into the view."""
    cases = on.collection(store.CASES)
    view = await cases.get(envelope.subject)
    assert view is not None
    heard = ReceivedEvent(envelope, decode_payload(envelope), None)
    folded = CaseProjection(PREFIX).apply(view, heard).state
    assert folded is not None
    fields = {k: v for k, v in folded.items() if k not in ("_id", "version")}
    assert await cases.advance(envelope.subject, view["version"], Update(set=fields))


async def test_a_check_in_landing_after_the_pass_is_withheld_by_the_next(
    on: Store, service: AftercareService
) -> None:
    """A check-in read the case before its worker was erased, and its change lands after the
    erasure pass finished them: the case view hearing its event marks the erasure due again,
    so the next pass withholds its note too."""
    await _abroad(on, "w-1")
    erased = WorkerErased(
        worker_id="w-1", grounds=ErasureGrounds.NOT_RECRUITED, erased_by="qlt", erased_at=NOW
    )
    erasure = new_event(erased, event_id="e-erased", subject="w-1", sequence=9, source="intake",
                        time=NOW, correlation_id="c")  # fmt: skip
    append = service.case_writes.append

    async def erased_and_finished_meanwhile(*args: Any, **kwargs: Any) -> bool:
        await _hear(on, erasure)
        assert await service.forget_erased() == ["w-1"]
        return await append(*args, **kwargs)

    service.case_writes.append = erased_and_finished_meanwhile  # type: ignore[method-assign]
    await service.record_check_in("w-1", _check_in(NOTE), "ci-late")
    [change] = await on.collection(store.CASE_WRITES).find({"worker_id": "w-1"})
    assert NOTE in str(change)

    await _hear(on, EventEnvelope.model_validate(change["outbox"][0]))
    assert await service.forget_erased() == ["w-1"]
    [change] = await on.collection(store.CASE_WRITES).find({"worker_id": "w-1"})
    assert NOTE not in str(change)
