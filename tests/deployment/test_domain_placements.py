"""Placements: shortlisted to departed or cancelled, never over-filling, blocked by suspension."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from services.deployment.domain import (
    TRANSITIONS,
    IllegalTransitionError,
    LicenceNotValidError,
    Placement,
    PlacementBlockedError,
    PlacementChange,
    PositionsFilledError,
    add_months,
    apply_candidate_event,
    blocked_reason,
    cancel,
    close_job_order,
    depart,
    grant_visa,
    reinstate_licence,
    revoke_licence,
    select,
    shortlist,
    sign_contract,
    suspend_licence,
    take_position,
)
from services.deployment.domain import placements as flow
from services.deployment.domain.errors import ConflictError, FieldError, InvalidFieldsError
from services.deployment.domain.matching import worker_reasons
from shared.consent import ConsentWithdrawnError
from shared.contracts.common import ConsentPurpose, Market, Sector
from shared.contracts.deployment import (
    JobOrderCloseReason,
    PlacementCancelled,
    PlacementContractSigned,
    PlacementSelected,
    PlacementShortlisted,
    PlacementState,
    PlacementVisaRefused,
    WorkerDeparted,
)
from shared.contracts.intake import ConsentWithdrawn, WorkerMerged, WorkerWithdrawn
from tests.deployment.builders import (
    NOW,
    TODAY,
    candidate,
    enterprise,
    job_order,
    placement_at,
)

ORDER_OF_STATES = [
    "shortlisted",
    "selected",
    "contract_signed",
    "visa_applied",
    "visa_granted",
    "departed",
]


def context(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "order": job_order(),
        "enterprise": enterprise(),
        "today": TODAY,
        "now": NOW,
    }
    values.update(overrides)
    return values


def test_shortlisting_copies_the_orders_terms_and_announces_it() -> None:
    change = shortlist("pl-1", candidate=candidate(), **context())
    placement = change.placement
    assert placement.state is PlacementState.SHORTLISTED
    assert (placement.worker_id, placement.job_order_id, placement.enterprise_id) == (
        "w-1",
        "jo-1",
        "ent-1",
    )
    assert (placement.country, placement.employer, placement.sector) == (
        Market.JAPAN,
        "Shizuoka Denshi K.K.",
        Sector.ELECTRONICS,
    )
    assert placement.salary.vnd_equivalent == 30_600_000
    assert change.positions_delta == 0
    assert isinstance(change.event, PlacementShortlisted)
    assert change.event.placement_id == "pl-1"
    assert change.event.shortlisted_at == NOW


def test_a_worker_who_does_not_fit_is_not_shortlisted_and_the_error_says_why() -> None:
    order = job_order(requirements={"language_level": "JLPT-N3", "gender": "male"})
    with pytest.raises(ConflictError) as error:
        shortlist("pl-1", candidate=candidate(level="JLPT-N5"), **context(order=order))
    assert error.value.details["unmet"] == ["gender", "language_level"]
    assert "gender, language_level" in error.value.reason


def test_a_worker_is_shortlisted_once_per_order_until_that_placement_ends() -> None:
    first = placement_at("shortlisted")
    with pytest.raises(ConflictError, match="already has an open placement"):
        shortlist("pl-2", candidate=candidate(), worker_placements=[first], **context())
    ended = cancel(first, reason="employer interview failed", now=NOW).placement
    again = shortlist("pl-2", candidate=candidate(), worker_placements=[ended], **context())
    assert again.placement.id == "pl-2"


def test_the_happy_path_ends_in_worker_departed_with_the_contract_and_salary() -> None:
    order = job_order(contract_term_months=36)
    ctx = context(order=order)
    placement = shortlist("pl-1", candidate=candidate(), **ctx).placement
    selected = select(placement, **ctx)
    assert isinstance(selected.event, PlacementSelected)
    assert selected.positions_delta == 1
    signed = sign_contract(
        selected.placement, signed_on=TODAY, contract_start=date(2026, 1, 31), **ctx
    )
    assert isinstance(signed.event, PlacementContractSigned)
    assert signed.placement.contract_end == date(2029, 1, 31)  # start plus the 36-month term
    applied = flow.apply_for_visa(signed.placement, applied_on=TODAY, **ctx)
    granted = grant_visa(applied.placement, granted_on=TODAY, **ctx)
    leaving = datetime(2025, 12, 2, 23, 55, tzinfo=NOW.tzinfo)
    departed = depart(granted.placement, departed_at=leaving, **ctx)

    assert departed.placement.state is PlacementState.DEPARTED
    assert departed.placement.is_final
    assert departed.placement.holds_position
    assert [s.state for s in departed.placement.history] == ORDER_OF_STATES
    event = departed.event
    assert isinstance(event, WorkerDeparted)
    assert event.model_dump(mode="json") == {
        "worker_id": "w-1",
        "placement_id": "pl-1",
        "country": "JP",
        "employer": "Shizuoka Denshi K.K.",
        "sector": "electronics",
        "enterprise_id": "ent-1",
        "job_order_id": "jo-1",
        "contract_start": "2026-01-31",
        "contract_end": "2029-01-31",
        "monthly_salary": 180000.0,
        "salary_currency": "JPY",
        "monthly_salary_vnd": 30600000,
        "departed_at": "2025-12-02T23:55:00Z",
        "journey": 1,
    }
    second = granted.placement.model_copy(update={"journey": 2})
    again = depart(second, departed_at=leaving, **ctx).event
    assert isinstance(again, WorkerDeparted)
    assert again.journey == 2  # the journey the placement was made on


@pytest.mark.parametrize("state", ORDER_OF_STATES)
def test_every_jump_not_in_the_table_is_a_conflict_naming_both_states(state: str) -> None:
    placement = placement_at(state)
    ctx = context()
    attempts: dict[str, Callable[[], PlacementChange]] = {
        "selected": lambda: select(placement, **ctx),
        "contract_signed": lambda: sign_contract(
            placement, signed_on=TODAY, contract_start=date(2026, 1, 15), **ctx
        ),
        "visa_applied": lambda: flow.apply_for_visa(placement, applied_on=TODAY, **ctx),
        "visa_granted": lambda: grant_visa(placement, granted_on=TODAY, **ctx),
        "departed": lambda: depart(placement, departed_at=NOW, **ctx),
    }
    for target, attempt in attempts.items():
        if PlacementState(target) in TRANSITIONS[placement.state]:
            continue
        with pytest.raises(IllegalTransitionError) as error:
            attempt()
        assert error.value.details == {"what": "placement", "from_state": state, "to_state": target}
        assert error.value.reason == f"placement cannot go from {state} to {target}"


def test_shortlisted_cannot_jump_to_departed() -> None:
    with pytest.raises(IllegalTransitionError, match="from shortlisted to departed"):
        depart(placement_at("shortlisted"), departed_at=NOW, **context())


@pytest.mark.parametrize("state", ORDER_OF_STATES[:-1])
def test_any_open_placement_may_be_cancelled_and_frees_a_held_position(state: str) -> None:
    placement = placement_at(state)
    change = cancel(placement, reason="  visa refused  ", now=NOW)
    assert change.placement.state is PlacementState.CANCELLED
    assert change.placement.cancelled_from == state
    assert change.placement.cancel_reason == "visa refused"
    assert change.positions_delta == (-1 if state != "shortlisted" else 0)
    assert isinstance(change.event, PlacementCancelled)
    assert (change.event.from_state, change.event.reason) == (state, "visa refused")


@pytest.mark.parametrize("final", ["departed", "cancelled"])
def test_a_final_placement_cannot_be_cancelled(final: str) -> None:
    placement = placement_at("departed") if final == "departed" else _cancelled()
    with pytest.raises(IllegalTransitionError, match=f"from {final} to cancelled"):
        cancel(placement, reason="late", now=NOW)


def _cancelled() -> Placement:
    return cancel(placement_at("selected"), reason="family", now=NOW).placement


def test_a_cancellation_needs_a_reason() -> None:
    with pytest.raises(FieldError) as error:
        cancel(placement_at("selected"), reason="   ", now=NOW)
    assert error.value.field == "reason"


def test_the_last_position_goes_to_one_worker_only() -> None:
    order = job_order(positions=1)
    first = placement_at("shortlisted", order=order, worker=candidate("w-1"), placement_id="a")
    second = placement_at("shortlisted", order=order, worker=candidate("w-2"), placement_id="b")
    change = select(first, **context(order=order))
    order = take_position(order)  # what the store's conditional update records
    with pytest.raises(PositionsFilledError, match="all 1 positions"):
        select(second, **context(order=order))
    assert blocked_reason(second, enterprise=enterprise(), order=order, today=TODAY) == (
        "no positions left on the job order"
    )
    assert (
        blocked_reason(change.placement, enterprise=enterprise(), order=order, today=TODAY) is None
    )


def test_a_worker_holds_one_position_at_a_time() -> None:
    held = placement_at("contract_signed", order=job_order("jo-a"), placement_id="pl-a")
    other = placement_at("shortlisted", order=job_order("jo-b"), placement_id="pl-b")
    with pytest.raises(ConflictError, match="already holds a position"):
        select(other, worker_placements=[held, other], **context(order=job_order("jo-b")))


def test_a_suspension_blocks_every_open_placement_and_says_so_on_each() -> None:
    sender, _ = suspend_licence(enterprise(), "deposit not paid", TODAY, NOW)
    order = job_order()
    reason = "enterprise licence 123/LĐTBXH-GP suspended since 2025-12-02: deposit not paid"
    for state in ORDER_OF_STATES[:-1]:
        placement = placement_at(state, order=order)
        assert blocked_reason(placement, enterprise=sender, order=order, today=TODAY) == reason
    granted = placement_at("visa_granted", order=order)
    with pytest.raises(PlacementBlockedError) as error:
        depart(granted, departed_at=NOW, **context(enterprise=sender))
    assert error.value.blocked_reason == reason
    assert error.value.details == {"placement_id": "pl-1", "blocked_reason": reason}
    # A cancellation is still allowed, and a departed or cancelled placement is never blocked.
    assert cancel(granted, reason="enterprise suspended", now=NOW).positions_delta == -1
    departed = placement_at("departed", order=order)
    assert blocked_reason(departed, enterprise=sender, order=order, today=TODAY) is None


def test_after_reinstatement_the_placement_departs() -> None:
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    granted = placement_at("visa_granted")
    with pytest.raises(PlacementBlockedError):
        depart(granted, departed_at=NOW, **context(enterprise=suspended))
    active, _ = reinstate_licence(suspended, TODAY, NOW)
    assert blocked_reason(granted, enterprise=active, order=job_order(), today=TODAY) is None
    assert depart(granted, departed_at=NOW, **context(enterprise=active)).placement.is_final


def test_a_revoked_or_expired_licence_blocks_too() -> None:
    revoked, _ = revoke_licence(enterprise(), "fraud", TODAY, NOW)
    selected = placement_at("selected")
    assert "revoked on 2025-12-02: fraud" in (
        blocked_reason(selected, enterprise=revoked, order=job_order(), today=TODAY) or ""
    )
    later = date(2028, 1, 2)
    assert blocked_reason(selected, enterprise=enterprise(), order=job_order(), today=later) == (
        "enterprise licence 123/LĐTBXH-GP expired on 2028-01-01"
    )


def test_shortlisting_needs_a_valid_licence_and_a_recruiting_order() -> None:
    suspended, _ = suspend_licence(enterprise(), "inspection", TODAY, NOW)
    with pytest.raises(PlacementBlockedError, match="suspended"):
        shortlist("pl-1", candidate=candidate(), **context(enterprise=suspended))
    late = date(2026, 4, 1)
    with pytest.raises(PlacementBlockedError, match="deadline 2026-03-31 has passed"):
        shortlist("pl-1", candidate=candidate(), **context(today=late))
    assert not issubclass(PlacementBlockedError, LicenceNotValidError)


def test_a_withdrawn_worker_or_a_withdrawn_order_blocks_the_placement() -> None:
    worker = candidate()
    gone = apply_candidate_event(
        worker, "w-1", WorkerWithdrawn(worker_id="w-1", reason="family", withdrawn_at=NOW), 2
    )
    selected = placement_at("selected")
    ctx = context()
    with pytest.raises(PlacementBlockedError, match="worker withdrew"):
        sign_contract(selected, signed_on=TODAY, contract_start=TODAY, candidate=gone, **ctx)
    withdrawn, _ = close_job_order(job_order(), JobOrderCloseReason.WITHDRAWN, NOW)
    assert blocked_reason(selected, enterprise=enterprise(), order=withdrawn, today=TODAY) == (
        "job order closed (withdrawn)"
    )
    filled, _ = close_job_order(job_order(), JobOrderCloseReason.FILLED, NOW)
    assert blocked_reason(selected, enterprise=enterprise(), order=filled, today=TODAY) is None


def test_consent_withdrawn_for_placement_stops_new_placements_not_signed_contracts() -> None:
    objecting = apply_candidate_event(
        candidate(),
        "w-1",
        ConsentWithdrawn(
            worker_id="w-1",
            purposes=[ConsentPurpose.PLACEMENT],
            withdrawn_purposes=[ConsentPurpose.PLACEMENT],
            withdrawn_by="cb",
            withdrawn_at=NOW,
        ),
        3,
    )
    with pytest.raises(ConsentWithdrawnError) as refused:
        shortlist("pl-1", candidate=objecting, **context())
    assert refused.value.details == {"withdrawn_purpose": "placement"}
    with pytest.raises(ConsentWithdrawnError):
        select(placement_at("shortlisted"), candidate=objecting, **context())
    active = next(
        r for r in worker_reasons(job_order(), objecting, TODAY) if r.requirement == "active"
    )
    assert (active.met, active.detail) == (False, "withdrew consent to placement")
    # a contract already signed goes on: the law's basis is the contract (docs/privacy.md)
    signed = placement_at("contract_signed")
    assert blocked_reason(signed, enterprise=enterprise(), order=job_order(), today=TODAY) is None


def test_contract_dates_name_the_field_that_is_wrong() -> None:
    selected = placement_at("selected")
    ctx = context()
    with pytest.raises(InvalidFieldsError) as error:
        sign_contract(
            selected,
            signed_on=TODAY + timedelta(days=1),
            contract_start=TODAY,
            contract_end=TODAY,
            **ctx,
        )
    assert [e.field for e in error.value.errors] == ["signed_on", "contract_start", "contract_end"]
    with pytest.raises(FieldError, match="within 72 months") as single:
        sign_contract(
            selected,
            signed_on=TODAY,
            contract_start=date(2026, 1, 1),
            contract_end=date(2032, 1, 2),
            **ctx,
        )
    assert single.value.field == "contract_end"
    ok = sign_contract(
        selected,
        signed_on=TODAY,
        contract_start=date(2026, 1, 1),
        contract_end=date(2032, 1, 1),
        **ctx,
    )
    assert ok.placement.contract_end == date(2032, 1, 1)


def test_visa_and_departure_dates_keep_their_order() -> None:
    ctx = context()
    signed = placement_at("contract_signed")
    with pytest.raises(FieldError) as error:
        flow.apply_for_visa(signed, applied_on=TODAY - timedelta(days=1), **ctx)
    assert (error.value.field, error.value.reason) == (
        "applied_on",
        "must not be before signed_on (2025-12-02)",
    )
    applied = placement_at("visa_applied")
    with pytest.raises(FieldError, match="future") as error:
        grant_visa(applied, granted_on=TODAY + timedelta(days=1), **ctx)
    assert error.value.field == "granted_on"
    granted = placement_at("visa_granted")
    with pytest.raises(FieldError) as error:
        depart(granted, departed_at=NOW - timedelta(days=2), **ctx)
    assert error.value.field == "departed_at"


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 15), 36, date(2029, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 12, 1), 72, date(2032, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_falls_to_the_months_end(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


def test_a_worker_who_left_on_another_placement_is_not_selected() -> None:
    shortlisted = placement_at("shortlisted")
    away = apply_candidate_event(candidate(), "w-1", departed_elsewhere(), 1)
    assert away.abroad
    with pytest.raises(PlacementBlockedError, match="abroad on another placement"):
        select(shortlisted, candidate=away, **context())


def departed_elsewhere() -> WorkerDeparted:
    return WorkerDeparted(
        worker_id="w-1",
        placement_id="pl-other",
        country=Market.KOREA,
        employer="Hyundai Heavy Industries",
        sector=Sector.WELDING,
        enterprise_id="eps",
        job_order_id="jo-other",
        contract_start=TODAY,
        contract_end=date(2029, 12, 1),
        monthly_salary=2_100_000,
        salary_currency="KRW",
        monthly_salary_vnd=38_000_000,
        departed_at=NOW - timedelta(days=1),
    )


def test_a_merged_worker_record_blocks_its_open_placements() -> None:
    merge = WorkerMerged(worker_id="w-1", survivor_id="w-2", review_id="r-1", merged_at=NOW)
    duplicate = apply_candidate_event(candidate(), "w-1", merge, 3)
    selected = placement_at("selected")
    reason = blocked_reason(
        selected, enterprise=enterprise(), order=job_order(), today=TODAY, candidate=duplicate
    )
    assert reason == "worker record merged into w-2"


def test_a_refused_visa_ends_the_placement_and_gives_its_position_back() -> None:
    applied = placement_at("visa_applied")
    change = flow.refuse_visa(
        applied, refused_on=TODAY, reason="  quota withdrawn ", today=TODAY, now=NOW
    )
    refused = change.placement
    assert (refused.state, refused.is_final, refused.holds_position) == (
        PlacementState.VISA_REFUSED,
        True,
        False,
    )
    assert (refused.visa_refused_on, refused.visa_refusal_reason) == (TODAY, "quota withdrawn")
    assert change.positions_delta == -1
    assert isinstance(change.event, PlacementVisaRefused)
    assert (change.event.applied_on, change.event.refused_on) == (TODAY, TODAY)
    assert change.event.reason == "quota withdrawn"
    assert blocked_reason(refused, enterprise=enterprise(), order=job_order(), today=TODAY) is None


@pytest.mark.parametrize("state", ["shortlisted", "selected", "contract_signed", "visa_granted"])
def test_only_a_filed_application_can_be_refused(state: str) -> None:
    with pytest.raises(IllegalTransitionError, match=f"from {state} to visa_refused"):
        flow.refuse_visa(
            placement_at(state), refused_on=TODAY, reason="quota", today=TODAY, now=NOW
        )


def test_a_refusal_after_departure_says_the_worker_already_left() -> None:
    with pytest.raises(ConflictError) as error:
        flow.refuse_visa(
            placement_at("departed"), refused_on=TODAY, reason="late", today=TODAY, now=NOW
        )
    assert "already left on a granted visa" in error.value.reason
    assert error.value.details == {"from_state": "departed", "to_state": "visa_refused"}


def test_a_refusal_names_its_wrong_day_or_empty_reason() -> None:
    applied = placement_at("visa_applied")
    for day, reason, field in [
        (TODAY + timedelta(days=1), "quota", "refused_on"),
        (TODAY - timedelta(days=1), "quota", "refused_on"),
        (TODAY, "  ", "reason"),
    ]:
        with pytest.raises(FieldError) as error:
            flow.refuse_visa(applied, refused_on=day, reason=reason, today=TODAY, now=NOW)
        assert error.value.field == field
