"""Erasure at intake (in memory), its legal holds, and the views forgetting an erased worker
whatever the order their events arrive in (pure folds)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare.handlers import CaseProjection as CaseView
from services.deployment.domain.candidates import apply_candidate_event
from services.deployment.handlers import CandidateProjection as DeploymentView
from services.intake import store
from services.intake.domain.erasure import EraseWorker
from services.intake.handlers import LegalHoldProjection
from services.intake.models import WorkerView
from services.intake.service import IntakeService
from services.training.domain import project_candidate
from services.training.handlers import CandidateProjection as TrainingView
from shared.actor import acted_by
from shared.consumer import Projection, ReceivedEvent
from shared.contracts.aftercare import IncidentReported, IncidentStatus, IncidentStatusChanged
from shared.contracts.intake import (
    ErasureGrounds,
    WorkerErased,
    WorkerRegistered,
    WorkerWithdrawn,
)
from shared.errors import ConflictError
from shared.events.envelope import new_event
from shared.outbox import SET_ASIDE, set_aside_record
from shared.persistence.stores import memory_store
from shared.privacy.erasure_pass import ERASURE_DUE
from tests.intake.support import person
from tests.intake.test_use_cases_in_memory import Clock, NoNameIndex
from tests.training.builders import registered

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ERASED = WorkerErased(
    worker_id="w-1", grounds=ErasureGrounds.NOT_RECRUITED, erased_by="qlt", erased_at=NOW
)


class Keys:
    """The key store's erase, remembering whose key went."""

    def __init__(self) -> None:
        self.erased: list[str] = []

    async def erase(self, owner: str) -> bool:
        self.erased.append(owner)
        return True


class Holds:
    def __init__(self) -> None:
        self.open: dict[str, list[str]] = {}

    async def open_incidents(self, worker_id: str) -> list[str]:
        return self.open.get(worker_id, [])


@pytest.fixture
async def intake() -> tuple[IntakeService, Keys, Holds, Any]:
    memory = memory_store()
    await store.prepare(memory)
    keys, holds = Keys(), Holds()
    service = IntakeService(
        store.workers(memory, "test.", lambda: None),
        store.DuplicateReviews(memory),
        NoNameIndex(),  # type: ignore[arg-type]
        Clock(),
        journey_ends=store.JourneyEndsView(memory),
        keys=keys,
        holds=holds,  # type: ignore[arg-type]
        set_aside=memory.collection(SET_ASIDE),
    )
    return service, keys, holds, memory


def _erase() -> EraseWorker:
    return acted_by(EraseWorker.model_validate({"grounds": "worker_request"}), "qlt-01")


async def test_erasure_destroys_the_key_and_keeps_only_ids_and_statistics(intake) -> None:
    from services.intake.domain.registration import RegisterWorker

    service, keys, _, memory = intake
    body = person(3)
    command = acted_by(RegisterWorker.model_validate(body), "cb-01")
    await service.register_worker(command, "w-1")
    erased = await service.erase_worker("w-1", _erase())
    assert keys.erased == ["w-1"]
    for field in ("phone", "family_contact", "ethnicity", "match_keys"):
        assert erased.get(field) is None
    assert (erased["full_name"], erased["name_prefixes"]) == ("", [])
    assert WorkerView.of(erased).worker_id == "w-1"  # the API can still show the record
    assert body["national_id"] not in str(erased)
    assert erased["date_of_birth"] == f"{body['date_of_birth'][:4]}-01-01"
    assert erased["gender"] == body["gender"]
    assert erased["locality"]["commune_code"] == body["locality"]["commune_code"]
    outbox = memory.database[store.WORKERS].find_one({"_id": "w-1"})["outbox"]
    assert outbox[-1]["type"] == "worker.erased"
    again = await service.erase_worker("w-1", _erase())  # no second event
    assert memory.database[store.WORKERS].find_one({"_id": "w-1"})["event_seq"] == 2
    assert again["erased_at"] == erased["erased_at"]
    with pytest.raises(ConflictError, match="erased"):
        await service.withdraw_worker("w-1", _withdrawal())


async def test_erasing_a_survivor_erases_every_record_merged_into_it(intake) -> None:
    """A merged duplicate is the same person: erasing the survivor erases it too (its key,
    its name and national ID), and a legal hold on it refuses the whole erasure first."""
    from services.intake.domain.registration import RegisterWorker

    service, keys, holds, memory = intake
    bodies = {w: person(n) for n, w in ((5, "w-5"), (6, "w-6"), (7, "w-7"))}
    for worker_id, body in bodies.items():
        await service.register_worker(acted_by(RegisterWorker.model_validate(body), "c"), worker_id)
    workers = memory.database[store.WORKERS]
    # w-7 was merged into w-6, and w-6 into w-5 (as decided reviews leave them)
    for merged, survivor in (("w-7", "w-6"), ("w-6", "w-5")):
        workers.update_one({"_id": merged}, {"$set": {"merged_into": survivor, "status": "merged"}})
        workers.update_one({"_id": survivor}, {"$push": {"merged_from": merged}})
    holds.open["w-7"] = ["i-1"]
    with pytest.raises(ConflictError, match="w-7, merged into this one") as refused:
        await service.erase_worker("w-5", _erase())
    assert refused.value.details["holds"] == ["an incident abroad is still open"]
    assert keys.erased == []  # nothing erased while any record of the person is held

    holds.open.clear()
    await service.erase_worker("w-5", _erase())
    assert sorted(keys.erased) == ["w-5", "w-6", "w-7"]
    for worker_id, body in bodies.items():
        record = await service.get_worker(worker_id)  # the record, its outbox apart
        assert record["erased_at"] is not None, worker_id
        assert body["national_id"] not in str(record)
        assert body["full_name"] not in str(record)
        assert workers.find_one({"_id": worker_id})["outbox"][-1]["type"] == "worker.erased"


def _withdrawal() -> Any:
    from services.intake.domain.worker import WithdrawWorker

    return acted_by(WithdrawWorker.model_validate({"reason": "moved away"}), "cb-01")


async def test_erasure_is_refused_while_an_incident_is_open(intake) -> None:
    from services.intake.domain.registration import RegisterWorker

    service, keys, holds, _ = intake
    await service.register_worker(acted_by(RegisterWorker.model_validate(person(4)), "c"), "w-2")
    holds.open["w-2"] = ["i-1"]
    with pytest.raises(ConflictError, match="incident abroad is still open") as refused:
        await service.erase_worker("w-2", _erase())
    assert refused.value.details == {"holds": "an incident abroad is still open"}
    assert keys.erased == []


async def test_the_retention_job_erases_a_worker_past_retention_unless_held(intake) -> None:
    from services.intake.domain.registration import RegisterWorker
    from shared.privacy.retention_job import _dispose, rules_of

    service, keys, holds, memory = intake
    for n, worker_id in ((5, "w-5"), (6, "w-6")):
        command = acted_by(RegisterWorker.model_validate(person(n)), "c")
        await service.register_worker(command, worker_id)
    holds.open["w-6"] = ["i-9"]
    [rule] = [r for r in rules_of("intake") if r.where == "workers"]
    done, pending = await _dispose(rule, memory, ["w-5", "w-6"], service.erase_past_retention)
    assert (done, keys.erased) == (1, ["w-5"])
    assert pending == "1 held (a legal hold applies): tried again next run"
    erased = memory.database[store.WORKERS].find_one({"_id": "w-5"})
    assert erased["full_name"] == ""
    assert erased["outbox"][-1]["type"] == "worker.erased"
    assert erased["outbox"][-1]["data"]["erased_by"] == "retention-job"
    assert memory.database[store.WORKERS].find_one({"_id": "w-6"})["full_name"] != ""


def _received(payload: Any, sequence: int, time: datetime) -> ReceivedEvent:
    envelope = new_event(
        payload,
        event_id=f"e-{sequence}",
        subject=payload.worker_id,
        sequence=sequence,
        source="aftercare",
        time=time,
        correlation_id="c",
    )
    return ReceivedEvent(envelope, payload, None)


def _incident_events() -> list[ReceivedEvent]:
    reported = IncidentReported(
        worker_id="w-1", placement_id="p", incident_id="i-1", ticket="HW-1",
        category="injury_or_illness", severity="high", respond_by=NOW, resolve_by=NOW,
        reported_by="a", reported_at=NOW,
    )  # fmt: skip

    def changed(to: IncidentStatus, before: IncidentStatus) -> IncidentStatusChanged:
        return IncidentStatusChanged(
            worker_id="w-1", incident_id="i-1", ticket="HW-1", from_status=before,
            to_status=to, changed_by="a", changed_at=NOW,
        )  # fmt: skip

    working = changed(IncidentStatus.IN_PROGRESS, IncidentStatus.OPEN)
    resolved = changed(IncidentStatus.RESOLVED, IncidentStatus.IN_PROGRESS)
    return [
        _received(reported, 1, NOW),
        _received(working, 2, NOW + timedelta(1)),
        _received(resolved, 3, NOW + timedelta(2)),
    ]


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(3)), st.integers(1, 3))
def test_the_legal_hold_view_converges_in_any_order(order: list[int], heard: int) -> None:
    events = _incident_events()[:heard]
    projection = LegalHoldProjection()
    state = None
    for index in [i for i in order if i < heard]:
        state = projection.apply(state, events[index]).state
    assert state is not None
    assert state["incidents"]["i-1"]["open"] is (heard < 3)


@settings(max_examples=20, deadline=None)
@given(st.booleans())
def test_training_and_deployment_forget_the_name_whether_erasure_comes_first(first: bool) -> None:
    events: list[WorkerRegistered | WorkerErased] = [registered("w-1"), ERASED]
    if first:
        events.reverse()
    trainee, candidate = None, None
    for sequence, event in enumerate(events, 1):
        position: dict[str, Any] = {"event_id": f"e{sequence}", "sequence": sequence, "time": NOW}
        trainee = project_candidate(trainee, event, **position)
        candidate = apply_candidate_event(candidate, "w-1", event, sequence)
    assert trainee is not None
    assert trainee.profile is not None
    assert trainee.profile.full_name == ""
    assert trainee.profile.date_of_birth == date(2001, 1, 1)
    assert candidate is not None
    assert candidate.profile is not None
    assert (candidate.profile.full_name, candidate.ethnicity) == ("", None)
    assert candidate.profile.gender.value == "female"


async def test_erasure_withholds_her_registration_set_aside_by_the_relay(intake) -> None:
    """The broker refused her registration and the relay set it aside whole: the erasure
    withholds its personal fields, so a replay publishes them withheld."""
    from services.intake.domain.registration import RegisterWorker

    service, _, _, memory = intake
    body = person(7)
    await service.register_worker(acted_by(RegisterWorker.model_validate(body), "c"), "w-7")
    outbox = memory.database[store.WORKERS].find_one({"_id": "w-7"})["outbox"]
    set_aside = memory.collection(SET_ASIDE)
    await set_aside.insert(set_aside_record("workers", "w-7", outbox[0], "too large", NOW))
    await service.erase_worker("w-7", _erase())
    [kept] = await set_aside.find({})
    assert body["full_name"] not in str(kept)
    assert body["phone"].replace(" ", "")[1:] not in str(kept)
    assert kept["entry"]["data"]["full_name"] == ""
    assert kept["entry"]["data"]["gender"] == body["gender"]  # statistics stay


def test_every_view_marks_an_erasure_due_on_every_event_after_it() -> None:
    """Training's, deployment's and aftercare's views mark an erasure due when they first
    hear it (their erasure pass then finishes it), and due again on an event that follows the
    pass's done mark (its write may have raced the erasure: the next pass forgets it)."""
    withdrawn = WorkerWithdrawn(worker_id="w-1", reason="family", withdrawn_at=NOW)
    events = [registered("w-1"), ERASED, withdrawn]
    received = [_received(payload, n, NOW) for n, payload in enumerate(events, 1)]
    projections: list[Projection] = [TrainingView(""), DeploymentView(""), CaseView("")]
    for projection in projections:
        state = None
        for event in received[:2]:
            state = projection.apply(state, event).state
        assert state is not None
        assert state[ERASURE_DUE] is True, projection
        done = projection.apply({**state, ERASURE_DUE: False}, received[2]).state
        assert done is not None
        assert done[ERASURE_DUE] is True, projection
        assert ERASURE_DUE not in (projection.apply(None, received[0]).state or {})
