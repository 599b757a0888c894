"""Missing or absconded, found again; a death abroad and a closure with no return; an employer
change moving the expected return. Pure: the case folded from its events in any order."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.aftercare.domain.case import JourneyStage, WorkerCase, fold
from services.aftercare.domain.checkins import workers_without_contact
from services.aftercare.domain.hard_cases import (
    RecordDeathAbroad,
    Repatriation,
    ReportMissing,
    ResumeContact,
    record_death,
    report_missing,
    resume_contact,
)
from services.aftercare.domain.reintegration import (
    CloseCase,
    RecordReturn,
    close_case,
    record_return,
)
from services.aftercare.domain.timeline import public_timeline
from shared.contracts import aftercare as ac
from shared.contracts.common import Market, Sector
from shared.contracts.deployment import SalaryTerms, WorkerEmployerChanged
from shared.errors import ConflictError, FieldError, InvalidFieldsError
from tests.aftercare.builders import T0, abroad, entry, own

DAY = timedelta(days=1)
NOW = T0 + 200 * DAY
MISSING = ReportMissing(
    kind=ac.MissingKind.MISSING,
    last_contact_at=T0 + 150 * DAY,
    steps_taken=["called the employer", " called the employer ", "told the embassy"],
    reported_by="officer-1",
)
DEATH = RecordDeathAbroad(
    died_on=(T0 + 190 * DAY).date(),
    repatriation=Repatriation(
        arrangement=ac.RepatriationArrangement.REMAINS,
        expected_on=(T0 + 205 * DAY).date(),
        cost_bearers=[ac.CostBearer.EMPLOYER, ac.CostBearer.EMPLOYER],
    ),
    family_support=[ac.FamilySupport.INSURANCE_CLAIM, ac.FamilySupport.FUNERAL_ALLOWANCE],
    recorded_by="officer-1",
)


def missing_case() -> WorkerCase:
    case = abroad()
    return own(case, [report_missing(case, MISSING, now=NOW)], NOW)


def dead_case() -> WorkerCase:
    case = abroad()
    return own(case, [record_death(case, DEATH, now=NOW)], NOW)


def test_a_missing_worker_stays_abroad_and_on_the_list_of_silent_workers() -> None:
    case = missing_case()
    journey = case.require_case()
    assert journey.stage is JourneyStage.ABROAD
    assert journey.missing is not None
    assert journey.missing.steps_taken == ["called the employer", "told the embassy"]
    summary = case.summary()
    assert (summary.missing_kind, summary.missing_since) == ("missing", T0 + 150 * DAY)
    gaps = workers_without_contact([summary], now=NOW, max_days=30)
    assert [g.worker_id for g in gaps] == [case.worker_id]
    with pytest.raises(ConflictError, match="already reported missing"):
        report_missing(case, MISSING, now=NOW)


def test_contact_resumed_ends_the_search_and_counts_as_contact() -> None:
    case = missing_case()
    with pytest.raises(FieldError) as early:
        resume_contact(case, ResumeContact(contacted_at=T0 + 149 * DAY, recorded_by="o"), now=NOW)
    assert early.value.field == "contacted_at"
    found = resume_contact(
        case, ResumeContact(contacted_at=NOW - DAY, notes="Safe.", recorded_by="o"), now=NOW
    )
    case = own(case, [found], NOW)
    summary = case.summary()
    assert (summary.missing_kind, summary.last_contact_at) == (None, NOW - DAY)
    with pytest.raises(ConflictError, match="not reported missing"):
        resume_contact(case, ResumeContact(contacted_at=NOW, recorded_by="o"), now=NOW)
    again = report_missing(case, MISSING.model_copy(update={"last_contact_at": NOW}), now=NOW)
    assert again.kind is ac.MissingKind.MISSING  # gone again: a second report


def test_a_missing_report_names_a_wrong_last_contact() -> None:
    case = abroad()
    for moment in (NOW + DAY, T0 - DAY):
        with pytest.raises(FieldError) as error:
            report_missing(case, MISSING.model_copy(update={"last_contact_at": moment}), now=NOW)
        assert error.value.field == "last_contact_at"


def test_a_death_abroad_ends_the_journey_and_the_case_closes_as_deceased_only() -> None:
    case = dead_case()
    journey = case.require_case()
    assert journey.stage is JourneyStage.DIED_ABROAD
    assert journey.death is not None
    assert journey.death.repatriation.cost_bearers == [ac.CostBearer.EMPLOYER]
    assert case.summary().died_on == DEATH.died_on
    assert workers_without_contact([case.summary()], now=NOW, max_days=0) == []
    back = RecordReturn(returned_on=NOW.date(), reason="repatriation", recorded_by="o")
    with pytest.raises(ConflictError, match="only a worker abroad can return"):
        record_return(case, back, now=NOW)
    with pytest.raises(ConflictError, match="closes as deceased"):
        close_case(case, CloseCase(reason="lost_contact", closed_by="o"), now=NOW)
    closed = close_case(case, CloseCase(reason="deceased", closed_by="o"), now=NOW)
    case = own(case, [closed], NOW)
    assert case.require_case().stage is JourneyStage.CLOSED
    assert case.require_case().returned is None


def test_deceased_is_refused_while_the_worker_is_still_abroad() -> None:
    with pytest.raises(ConflictError, match="record the death abroad before"):
        close_case(abroad(), CloseCase(reason="deceased", closed_by="o"), now=NOW)


def test_a_death_report_names_its_wrong_days() -> None:
    case = abroad()
    late = DEATH.model_copy(update={"died_on": (NOW + DAY).date()})
    with pytest.raises(FieldError) as error:
        record_death(case, late, now=NOW)
    assert error.value.field == "died_on"
    early_home = DEATH.model_copy(
        update={
            "died_on": (T0 - DAY).date(),
            "repatriation": Repatriation(
                arrangement=ac.RepatriationArrangement.BURIED_ABROAD, expected_on=date(2026, 2, 1)
            ),
        }
    )
    with pytest.raises(InvalidFieldsError) as errors:
        record_death(case, early_home, now=NOW)
    assert [e.field for e in errors.value.errors] == ["died_on", "repatriation.expected_on"]


def test_an_employer_change_moves_the_expected_return_and_the_employer() -> None:
    case = abroad()
    change = WorkerEmployerChanged(
        worker_id=case.worker_id,
        placement_id="placement-1",
        job_order_id="order-1",
        enterprise_id="enterprise-1",
        country=Market.JAPAN,
        previous_employer="Aichi Denshi K.K.",
        employer="Gifu Seimitsu K.K.",
        sector=Sector.MECHANICS,
        salary=SalaryTerms(monthly_salary=1, salary_currency="JPY", monthly_salary_vnd=1),
        changed_on=(T0 + 100 * DAY).date(),
        previous_end=date(2029, 1, 5),
        contract_end=date(2028, 6, 30),
        reason="factory closed",
        recorded_at=T0 + 101 * DAY,
    )
    case = fold(
        case.worker_id,
        [*case.timeline, entry(change, time=T0 + 101 * DAY, source="deployment")],
    )
    summary = case.summary()
    assert (summary.employer, summary.expected_return) == ("Gifu Seimitsu K.K.", date(2028, 6, 30))
    assert case.require_case().employer_changes == [change]
    assert "Changed employer" in public_timeline(case.timeline)[-1].summary


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_hard_cases_fold_the_same_in_any_arrival_order(rng: random.Random) -> None:
    case = missing_case()
    found = resume_contact(case, ResumeContact(contacted_at=NOW, recorded_by="o"), now=NOW)
    case = own(case, [found], NOW + DAY)
    died = record_death(case, DEATH.model_copy(update={"died_on": NOW.date()}), now=NOW)
    case = own(case, [died], NOW + 2 * DAY)
    entries = list(case.timeline)
    rng.shuffle(entries)
    shuffled = fold(case.worker_id, entries)
    assert shuffled.summary() == case.summary()
    assert shuffled.require_case().stage is JourneyStage.DIED_ABROAD
