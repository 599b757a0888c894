"""The worker's case: registration, versioned corrections, withdrawal and reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.registration import RegisterWorker, local_date
from services.intake.domain.worker import (
    WORKER_TRANSITIONS,
    CorrectWorker,
    IllegalTransitionError,
    ReopenWorker,
    Transition,
    WithdrawWorker,
    Worker,
    WorkerStatus,
    correct_worker,
    duplicate_key,
    field_changes,
    next_status,
    register_worker,
    reopen_worker,
    withdraw_worker,
)
from shared.contracts.common import HouseholdStatus
from shared.contracts.intake import WorkerRegistered
from shared.errors import ConflictError, InvalidFieldsError
from tests.intake.samples import HOAN_KIEM, NOW, OFFICER, SIN_THAU, cccd, registered, registration

LATER = NOW + timedelta(days=30)
EDITOR = "cb-quangngai-02"


def test_registering_returns_the_record_and_its_event() -> None:
    worker, events = register_worker(
        registration(), worker_id="w-1", registered_by=OFFICER, now=NOW
    )
    assert worker.worker_id == "w-1"
    assert worker.status is WorkerStatus.REGISTERED
    assert worker.revision == 1
    assert worker.registered_at == NOW
    assert worker.name_folded == "dinh thi linh"
    assert "lin" in worker.name_prefixes
    assert worker.duplicate_key == "dinh thi linh|1999-04-12|21307"
    assert worker.phone == "+84912345678"
    [event] = events
    assert isinstance(event, WorkerRegistered)
    assert event.worker_id == "w-1"
    assert event.full_name == "Đinh Thị Linh"
    assert event.registered_at == NOW
    assert event.support.subproject2
    assert event.support.preferential_loan
    assert "national_id" not in event.model_dump()
    assert worker.national_id not in event.model_dump_json()


def test_an_invalid_registration_returns_nothing() -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        register_worker(
            registration(date_of_birth="2010-01-01"),
            worker_id="w-1",
            registered_by=OFFICER,
            now=NOW,
        )
    assert [(e.field, e.reason) for e in refused.value.errors] == [
        ("date_of_birth", "the worker must be 18 or older when registered")
    ]


def test_record_survives_a_round_trip_through_its_document() -> None:
    worker = registered()
    document = {"_id": "w-linh", "version": 3, "outbox": [], **worker.model_dump(mode="json")}
    assert Worker.model_validate(document) == worker


def test_duplicate_key_folds_the_name() -> None:
    assert duplicate_key("ĐINH  thị LINH", registration().date_of_birth, "21307") == (
        "dinh thi linh|1999-04-12|21307"
    )


def test_a_correction_records_who_when_and_what_changed() -> None:
    worker = registered()
    command = CorrectWorker(
        corrected_by=EDITOR,
        reason="household recertified by the commune",
        household_status=HouseholdStatus.NEAR_POOR,
        phone="0362 123 456",
    )
    corrected, [event] = correct_worker(worker, command, now=LATER)
    assert corrected.household_status is HouseholdStatus.NEAR_POOR
    assert corrected.phone == "+84362123456"
    assert corrected.revision == 2
    [revision] = corrected.revisions
    assert revision.number == 2
    assert revision.by == EDITOR
    assert revision.at == LATER
    assert revision.reason == "household recertified by the commune"
    assert {(c.field, c.old, c.new) for c in revision.changes} == {
        ("household_status", "poor", "near_poor"),
        ("phone", "+84912345678", "+84362123456"),
    }
    assert event.revision == 2
    assert event.changed_fields == ["household_status", "phone"]
    assert event.household_status is HouseholdStatus.NEAR_POOR
    assert event.corrected_by == EDITOR
    assert event.corrected_at == LATER
    assert "national_id" not in event.model_dump()


def test_locality_changes_are_recorded_per_code_and_rederive_the_keys() -> None:
    worker = registered()
    corrected, [event] = correct_worker(
        worker, CorrectWorker(corrected_by=EDITOR, locality=SIN_THAU), now=LATER
    )
    fields = [c.field for c in corrected.revisions[-1].changes]
    assert fields == [
        "locality.province_code",
        "locality.commune_code",
        "locality.former_province_code",
        "locality.former_district_code",
        "locality.former_commune_code",
    ]
    assert corrected.duplicate_key.endswith("|03158")
    assert event.changed_fields == ["locality"]


def test_a_name_correction_rederives_search_fields() -> None:
    corrected, _ = correct_worker(
        registered(), CorrectWorker(corrected_by=EDITOR, full_name="Đinh Thị Lình"), now=LATER
    )
    assert corrected.full_name == "Đinh Thị Lình"
    assert corrected.name_folded == "dinh thi linh"
    corrected, _ = correct_worker(
        corrected, CorrectWorker(corrected_by=EDITOR, full_name="Đinh Thị Loan"), now=LATER
    )
    assert corrected.name_folded == "dinh thi loan"
    assert "loa" in corrected.name_prefixes
    assert "lin" not in corrected.name_prefixes
    assert corrected.revision == 3
    assert [r.number for r in corrected.revisions] == [2, 3]


def test_a_correction_that_changes_nothing_is_a_no_op() -> None:
    worker = registered()
    same, events = correct_worker(
        worker, CorrectWorker(corrected_by=EDITOR, phone="0912.345.678"), now=LATER
    )
    assert same == worker
    assert events == []


def test_an_optional_field_can_be_cleared() -> None:
    corrected, [event] = correct_worker(
        registered(), CorrectWorker(corrected_by=EDITOR, phone=None), now=LATER
    )
    assert corrected.phone is None
    assert event.changed_fields == ["phone"]


def test_a_required_field_cannot_be_cleared() -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        correct_worker(registered(), CorrectWorker(corrected_by=EDITOR, full_name=None), now=LATER)
    assert [e.field for e in refused.value.errors] == ["full_name"]


def test_the_corrected_record_is_validated_again() -> None:
    worker = registered()
    with pytest.raises(InvalidFieldsError) as refused:
        correct_worker(worker, CorrectWorker(corrected_by=EDITOR, gender="male"), now=LATER)
    assert [e.field for e in refused.value.errors] == ["gender"]  # the CCCD says female
    fixed, _ = correct_worker(
        worker,
        CorrectWorker(corrected_by=EDITOR, gender="male", national_id=cccd("1999-04-12", "male")),
        now=LATER,
    )
    assert fixed.gender.value == "male"


def test_the_age_rule_applies_at_the_registration_date() -> None:
    worker = registered()
    born = (local_date(NOW).replace(year=local_date(NOW).year - 18) + timedelta(days=1)).isoformat()
    command = CorrectWorker(
        corrected_by=EDITOR, date_of_birth=born, national_id=cccd(born, "female")
    )
    with pytest.raises(InvalidFieldsError) as refused:
        correct_worker(worker, command, now=NOW + timedelta(days=400))
    assert [e.field for e in refused.value.errors] == ["date_of_birth"]


def test_a_correction_refuses_unknown_fields() -> None:
    with pytest.raises(ValueError, match="extra"):
        CorrectWorker.model_validate({"corrected_by": EDITOR, "status": "withdrawn"})


def test_field_changes_compare_values_not_objects() -> None:
    worker = registered()
    assert field_changes(worker.details(), worker.details()) == []
    other = registered(locality=HOAN_KIEM, full_name="Nguyễn Ngọc Toàn")
    assert [c.field for c in field_changes(worker.details(), other.details())][:2] == [
        "full_name",
        "locality.province_code",
    ]


def test_withdraw_then_reopen() -> None:
    worker = registered()
    withdrawn, [left] = withdraw_worker(
        worker, WithdrawWorker(reason="family needs her at home", withdrawn_by=EDITOR), now=LATER
    )
    assert withdrawn.status is WorkerStatus.WITHDRAWN
    assert left.reason == "family needs her at home"
    assert left.withdrawn_at == LATER
    reopened, [back] = reopen_worker(
        withdrawn,
        ReopenWorker(reopened_by=EDITOR, reason="ready to go"),
        now=LATER + timedelta(days=1),
    )
    assert reopened.status is WorkerStatus.REGISTERED
    assert back.reason == "ready to go"
    assert [(c.transition, c.status, c.by) for c in reopened.status_history] == [
        (Transition.WITHDRAW, WorkerStatus.WITHDRAWN, EDITOR),
        (Transition.REOPEN, WorkerStatus.REGISTERED, EDITOR),
    ]


def test_withdrawing_twice_is_a_conflict() -> None:
    withdrawn, _ = withdraw_worker(
        registered(), WithdrawWorker(reason="moved", withdrawn_by=EDITOR), now=LATER
    )
    with pytest.raises(IllegalTransitionError) as refused:
        withdraw_worker(withdrawn, WithdrawWorker(reason="again", withdrawn_by=EDITOR), now=LATER)
    assert refused.value.details == {
        "state": "withdrawn",
        "transition": "withdraw",
        "what": "worker's case",
    }


def test_reopening_an_open_case_is_a_conflict() -> None:
    with pytest.raises(IllegalTransitionError):
        reopen_worker(registered(), ReopenWorker(reopened_by=EDITOR), now=LATER)


def test_a_merged_record_refuses_everything() -> None:
    merged = registered().model_copy(
        update={"status": WorkerStatus.MERGED, "merged_into": "w-survivor"}
    )
    for attempt in (
        lambda: withdraw_worker(merged, WithdrawWorker(reason="x", withdrawn_by=EDITOR), now=LATER),
        lambda: reopen_worker(merged, ReopenWorker(reopened_by=EDITOR), now=LATER),
        lambda: correct_worker(merged, CorrectWorker(corrected_by=EDITOR, phone=None), now=LATER),
    ):
        with pytest.raises(ConflictError) as refused:
            attempt()
        assert refused.value.details["survivor_id"] == "w-survivor"


def test_a_withdrawn_case_can_still_be_corrected() -> None:
    withdrawn, _ = withdraw_worker(
        registered(), WithdrawWorker(reason="moved", withdrawn_by=EDITOR), now=LATER
    )
    corrected, [_] = correct_worker(
        withdrawn, CorrectWorker(corrected_by=EDITOR, education="vocational"), now=LATER
    )
    assert corrected.status is WorkerStatus.WITHDRAWN
    assert corrected.education == "vocational"


@given(st.lists(st.sampled_from([Transition.WITHDRAW, Transition.REOPEN]), max_size=12))
def test_withdraw_and_reopen_follow_the_table(transitions: list[Transition]) -> None:
    worker = registered()
    status = WorkerStatus.REGISTERED
    moment = NOW
    applied = []
    for transition in transitions:
        moment += timedelta(hours=1)
        expected = WORKER_TRANSITIONS.get((status, transition))
        events: list[object]
        try:
            if transition is Transition.WITHDRAW:
                worker, withdrawn = withdraw_worker(
                    worker, WithdrawWorker(reason="r", withdrawn_by=EDITOR), now=moment
                )
                events = list(withdrawn)
            else:
                worker, reopened = reopen_worker(
                    worker, ReopenWorker(reopened_by=EDITOR), now=moment
                )
                events = list(reopened)
        except IllegalTransitionError:
            assert expected is None
            continue
        assert expected is not None
        status = expected
        applied.append(transition)
        assert worker.status is status
        assert len(events) == 1
    assert [c.transition for c in worker.status_history] == applied
    assert [c.status for c in worker.status_history[-1:]] == [status] * bool(applied)


@given(st.sampled_from(list(WorkerStatus)), st.sampled_from(list(Transition)))
def test_next_status_is_the_table_or_a_conflict(
    status: WorkerStatus, transition: Transition
) -> None:
    if (status, transition) in WORKER_TRANSITIONS:
        assert next_status(status, transition) is WORKER_TRANSITIONS[(status, transition)]
    else:
        with pytest.raises(IllegalTransitionError):
            next_status(status, transition)


def test_merged_is_final() -> None:
    assert not [key for key in WORKER_TRANSITIONS if key[0] is WorkerStatus.MERGED]


details = st.fixed_dictionaries(
    {},
    optional={
        "household_status": st.sampled_from([h.value for h in HouseholdStatus]),
        "phone": st.sampled_from([None, "0912345678", "0362123456", "+84 981 234 567"]),
        "education": st.sampled_from([None, "primary", "university"]),
        "desired_markets": st.lists(st.sampled_from(["JP", "KR", "TW", "DE"]), max_size=3),
        "full_name": st.sampled_from(["Đinh Thị Linh", "Đinh Thị Lình", "Hà Thị Mai"]),
    },
)


@given(st.lists(details, max_size=6))
def test_revisions_count_only_real_changes(corrections: list[dict[str, object]]) -> None:
    worker = registered()
    moment = NOW
    for changes in corrections:
        moment += timedelta(minutes=5)
        before = worker
        worker, events = correct_worker(
            worker, CorrectWorker.model_validate({"corrected_by": EDITOR, **changes}), now=moment
        )
        if events:
            assert worker.revision == before.revision + 1
            assert worker.revisions[-1].changes
        else:
            assert worker == before
    assert worker.revision == 1 + len(worker.revisions)
    assert [r.number for r in worker.revisions] == list(range(2, worker.revision + 1))


def test_registration_command_round_trips() -> None:
    command = registration()
    assert RegisterWorker.model_validate(command.model_dump(mode="json")) == command


def test_registered_moment_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        register_worker(
            registration(), worker_id="w", registered_by=OFFICER, now=datetime(2025, 1, 1)
        )
    assert registered(now=datetime(2025, 11, 4, tzinfo=UTC)).registered_at.tzinfo is not None
