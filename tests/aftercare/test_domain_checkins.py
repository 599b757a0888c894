"""Check-ins with workers abroad, and the list of those nobody has reached for too long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from services.aftercare.domain.case import CaseSummary, JourneyStage, WorkerCase, add_events
from services.aftercare.domain.checkins import (
    RecordCheckIn,
    record_check_in,
    workers_without_contact,
)
from shared.consent import ConsentWithdrawnError
from shared.contracts import aftercare as ac
from shared.contracts.common import ConsentPurpose
from shared.contracts.intake import ConsentWithdrawn
from shared.errors import ConflictError, FieldError
from tests.aftercare.builders import T0, abroad, entry, heard, own, registered

WORKER_ID = "worker-1"

DAY = timedelta(days=1)
NOW = T0 + 100 * DAY


def check_in(**overrides: object) -> RecordCheckIn:
    fields: dict[str, object] = {
        "contact": "family",
        "channel": "zalo",
        "wellbeing": "concerns",
        "contacted_at": T0 + 90 * DAY,
        "notes": "Mother says the dormitory is cold; worker asked for a call.",
        "recorded_by": "officer-1",
    }
    fields.update(overrides)
    return RecordCheckIn.model_validate(fields)


def test_a_check_in_is_recorded_against_the_open_case() -> None:
    case = abroad()

    event = record_check_in(case, check_in(), check_in_id="c-1", now=NOW)

    assert event.placement_id == "placement-1"
    assert (event.contact, event.channel, event.wellbeing) == (
        ac.ContactParty.FAMILY,
        ac.ContactChannel.ZALO,
        ac.Wellbeing.CONCERNS,
    )
    assert event.recorded_at == NOW
    journey = own(case, [event], NOW).require_case()
    assert journey.last_contact_at == T0 + 90 * DAY
    assert journey.latest_wellbeing == ac.Wellbeing.CONCERNS
    assert [c.check_in_id for c in journey.check_ins] == ["c-1"]


@pytest.mark.parametrize(
    ("contacted_at", "reason"),
    [
        (NOW + timedelta(minutes=1), "is in the future"),
        (T0 - timedelta(minutes=1), "is before the worker departed"),
    ],
)
def test_a_contact_time_outside_the_stay_abroad_names_the_field(
    contacted_at: datetime, reason: str
) -> None:
    with pytest.raises(FieldError) as raised:
        record_check_in(abroad(), check_in(contacted_at=contacted_at), check_in_id="c", now=NOW)

    assert (raised.value.field, raised.value.reason) == ("contacted_at", reason)


def test_a_contact_time_without_a_time_zone_is_refused_by_the_command() -> None:
    with pytest.raises(ValidationError) as raised:
        check_in(contacted_at=datetime(2026, 3, 1, 9, 0))  # naive on purpose

    assert raised.value.errors()[0]["loc"] == ("contacted_at",)


def test_no_check_in_before_the_worker_departed() -> None:
    case = heard("worker-1", registered("worker-1", T0))

    with pytest.raises(ConflictError):
        record_check_in(case, check_in(), check_in_id="c", now=NOW)


def test_no_check_in_on_a_closed_case() -> None:
    case = abroad()
    closed = own(
        case,
        [
            ac.WorkerReturned(
                worker_id="worker-1",
                placement_id="placement-1",
                returned_on=(T0 + 50 * DAY).date(),
                reason=ac.ReturnReason.EARLY_TERMINATION,
                recorded_at=T0 + 50 * DAY,
            ),
            ac.CaseClosed(
                worker_id="worker-1",
                placement_id="placement-1",
                reason=ac.ClosureReason.DECLINED_SUPPORT,
                closed_by="officer-1",
                closed_at=T0 + 51 * DAY,
            ),
        ],
        T0 + 51 * DAY,
    )

    with pytest.raises(ConflictError) as raised:
        record_check_in(closed, check_in(), check_in_id="c", now=NOW)
    assert raised.value.reason == "the case is closed"


def summary(
    worker_id: str,
    *,
    departed: datetime,
    last_contact: datetime | None = None,
    stage: JourneyStage = JourneyStage.ABROAD,
) -> CaseSummary:
    return CaseSummary(
        worker_id=worker_id,
        stage=stage,
        departed_at=departed,
        last_contact_at=last_contact,
        commune_code="04036",
    )


def test_workers_without_contact_are_listed_oldest_silence_first() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    cases = [
        summary("recent", departed=now - 200 * DAY, last_contact=now - 5 * DAY),
        summary("quiet", departed=now - 200 * DAY, last_contact=now - 45 * DAY),
        summary("never", departed=now - 60 * DAY),
        summary("quietest", departed=now - 300 * DAY, last_contact=now - 90 * DAY),
        summary("home", departed=now - 900 * DAY, stage=JourneyStage.RETURNED),
    ]

    gaps = workers_without_contact(cases, now=now, max_days=30)

    assert [g.worker_id for g in gaps] == ["quietest", "never", "quiet"]
    assert [g.days_without_contact for g in gaps] == [90, 60, 45]
    assert gaps[1].last_contact_at is None
    assert gaps[1].silent_since == now - 60 * DAY


def test_exactly_the_limit_is_not_yet_too_long() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    at_limit = summary("at-limit", departed=now - 100 * DAY, last_contact=now - 30 * DAY)
    past_limit = summary(
        "past", departed=now - 100 * DAY, last_contact=now - 30 * DAY - timedelta(seconds=1)
    )

    gaps = workers_without_contact([at_limit, past_limit], now=now, max_days=30)

    assert [g.worker_id for g in gaps] == ["past"]


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="max_days"):
        workers_without_contact([], now=NOW, max_days=-1)


def test_the_list_reads_the_case_summary() -> None:
    case: WorkerCase = abroad(departed_at=T0)

    gaps = workers_without_contact([case.summary()], now=T0 + 40 * DAY, max_days=30)

    assert [(g.worker_id, g.days_without_contact, g.commune_code) for g in gaps] == [
        ("worker-1", 40, "04036")
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),
            st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
            st.sampled_from(list(JourneyStage)),
        ),
        max_size=25,
    ),
    st.integers(min_value=0, max_value=120),
)
def test_the_list_holds_exactly_the_silent_workers_abroad_in_order(
    rows: list[tuple[int, int | None, JourneyStage]], max_days: int
) -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    cases = [
        summary(
            f"w{i:02d}",
            departed=now - ago * DAY,
            last_contact=None if contact_ago is None else now - min(contact_ago, ago) * DAY,
            stage=stage,
        )
        for i, (ago, contact_ago, stage) in enumerate(rows)
    ]

    gaps = workers_without_contact(cases, now=now, max_days=max_days)

    expected = {
        c.worker_id
        for c in cases
        if c.stage == JourneyStage.ABROAD
        and c.departed_at is not None
        and (now - (c.last_contact_at or c.departed_at)).days > max_days
    }
    assert {g.worker_id for g in gaps} == expected
    assert [g.silent_since for g in gaps] == sorted(g.silent_since for g in gaps)
    assert all(g.days_without_contact > max_days for g in gaps)


def test_consent_withdrawn_for_aftercare_stops_check_ins_and_outreach_not_incidents() -> None:
    withdrawal = ConsentWithdrawn(
        worker_id=WORKER_ID,
        purposes=[ConsentPurpose.AFTERCARE],
        withdrawn_purposes=[ConsentPurpose.AFTERCARE],
        withdrawn_by="cb",
        withdrawn_at=T0,
    )
    case = add_events(abroad(WORKER_ID), [entry(withdrawal, time=T0, source="intake")])
    with pytest.raises(ConsentWithdrawnError) as refused:
        record_check_in(case, check_in(), check_in_id="c-1", now=NOW)
    assert refused.value.details == {"withdrawn_purpose": "aftercare"}
    summary_of = case.summary()
    assert summary_of.aftercare_consented is False
    assert workers_without_contact([summary_of], now=NOW, max_days=30) == []
    assert workers_without_contact([abroad(WORKER_ID).summary()], now=NOW, max_days=30)
