"""Transfers between communes and referrals: the pure rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.transfers import (
    MAX_NOTICE,
    AcceptTransfer,
    RecordReferralOutcome,
    ReferWorker,
    RefuseTransfer,
    RequestTransfer,
    Transfer,
    TransferStatus,
    accept_transfer,
    approve_transfer,
    record_referral_outcome,
    refer_worker,
    refuse_transfer,
    request_transfer,
)
from shared.contracts.common import Locality
from shared.contracts.intake import ReferralAgency, ReferralOutcome
from shared.errors import ConflictError, InvalidFieldsError
from tests.intake.samples import NOW, OFFICER, SIN_THAU, TODAY, registered

NEIGHBOUR = Locality(province_code="51", commune_code="21025")
RECEIVER = "cb-receiving"


def requested(to: Locality = NEIGHBOUR, days_ahead: int = 1) -> Transfer:
    command = RequestTransfer(
        to_locality=to,
        effective_date=TODAY + timedelta(days=days_ahead),
        reason="family moved",
        requested_by=OFFICER,
    )
    transfer, _ = request_transfer(
        registered(), [], command, transfer_id="t1", today=TODAY, now=NOW
    )
    return transfer


def fields_named(error: InvalidFieldsError) -> set[str]:
    return {e.field for e in error.errors}


@given(st.integers(min_value=-3000, max_value=3000))
def test_the_effective_date_is_from_today_to_a_year_ahead(days_ahead: int) -> None:
    allowed = 0 <= days_ahead <= MAX_NOTICE.days
    if allowed:
        assert requested(days_ahead=days_ahead).effective_date == TODAY + timedelta(days_ahead)
    else:
        with pytest.raises(InvalidFieldsError) as refused:
            requested(days_ahead=days_ahead)
        assert fields_named(refused.value) == {"effective_date"}


def test_a_transfer_names_another_commune_that_exists() -> None:
    for commune in ("21307", "99999"):
        with pytest.raises(InvalidFieldsError) as refused:
            requested(Locality(province_code="51", commune_code=commune))
        assert fields_named(refused.value) == {"to_locality.commune_code"}


def test_one_transfer_waits_at_a_time_and_dates_move_forward() -> None:
    first = requested()
    command = RequestTransfer(
        to_locality=NEIGHBOUR, effective_date=TODAY, reason="again", requested_by=OFFICER
    )
    with pytest.raises(ConflictError):
        request_transfer(registered(), [first], command, transfer_id="t2", today=TODAY, now=NOW)
    done = first.model_copy(update={"status": TransferStatus.ACCEPTED})
    with pytest.raises(InvalidFieldsError) as refused:
        request_transfer(registered(), [done], command, transfer_id="t2", today=TODAY, now=NOW)
    assert fields_named(refused.value) == {"effective_date"}


def test_an_acceptance_after_the_effective_date_would_change_the_past() -> None:
    transfer = requested(days_ahead=1)
    accept = AcceptTransfer(accepted_by=RECEIVER)
    on_the_day = TODAY + timedelta(days=1)
    accepted, event = accept_transfer(registered(), transfer, accept, today=on_the_day, now=NOW)
    assert accepted.status is TransferStatus.ACCEPTED
    assert (event.to_locality, event.effective_date) == (NEIGHBOUR, on_the_day)
    with pytest.raises(ConflictError, match="effective date has passed"):
        accept_transfer(
            registered(), transfer, accept, today=on_the_day + timedelta(days=1), now=NOW
        )
    with pytest.raises(ConflictError, match="decided"):
        accept_transfer(registered(), accepted, accept, today=TODAY, now=NOW)
    refused, _ = refuse_transfer(
        transfer, RefuseTransfer(reason="no", refused_by=RECEIVER), now=NOW
    )
    with pytest.raises(ConflictError, match="decided"):
        accept_transfer(registered(), refused, accept, today=TODAY, now=NOW)


def test_between_provinces_the_transfer_waits_for_someone_else_to_approve() -> None:
    transfer = requested(Locality.model_validate(SIN_THAU))
    assert transfer.needs_approval
    accept = AcceptTransfer(accepted_by=RECEIVER)
    with pytest.raises(ConflictError, match="approval"):
        accept_transfer(registered(), transfer, accept, today=TODAY, now=NOW)
    with pytest.raises(ConflictError, match="requester"):
        approve_transfer(transfer, OFFICER)
    approved = approve_transfer(transfer, "checker-province")
    accepted, _ = accept_transfer(registered(), approved, accept, today=TODAY, now=NOW)
    assert accepted.status is TransferStatus.ACCEPTED
    with pytest.raises(ConflictError):
        approve_transfer(requested(), "checker-province")  # within a province: nothing to approve


def test_a_referral_gets_one_outcome() -> None:
    command = ReferWorker(
        agency=ReferralAgency.JOB_CENTRE, agency_name="TTDVVL", reason="job", referred_by=OFFICER
    )
    referral, event = refer_worker(registered(), command, referral_id="r1", now=NOW)
    assert (event.agency, referral.outcome) == (ReferralAgency.JOB_CENTRE, None)
    outcome = RecordReferralOutcome(outcome=ReferralOutcome.SERVED, recorded_by=OFFICER)
    done, recorded = record_referral_outcome(referral, outcome, now=NOW)
    assert (done.outcome, recorded.outcome) == (ReferralOutcome.SERVED, ReferralOutcome.SERVED)
    with pytest.raises(ConflictError):
        record_referral_outcome(done, outcome, now=NOW)
