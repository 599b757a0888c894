"""Consent as a record at intake: purposes, notice version, given again, withdrawn per purpose."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.intake.domain.consent import (
    KEPT_CHANGES,
    GiveConsent,
    WithdrawConsent,
    give_consent,
    require_consent,
    withdraw_consent,
)
from services.intake.domain.worker import Worker, register_worker
from shared.consent import (
    ALL_PURPOSES,
    CURRENT_NOTICE_VERSION,
    ConsentStanding,
    ConsentWithdrawnError,
    fold_consent,
)
from shared.contracts.common import ConsentPurpose
from shared.contracts.intake import ConsentGiven, ConsentWithdrawn
from shared.errors import ConflictError, InvalidFieldsError
from tests.intake.samples import NOW, OFFICER, registered, registration

LATER = NOW + timedelta(days=3)
P = ConsentPurpose


def test_a_registration_consents_to_every_purpose_under_the_current_notice() -> None:
    worker, events = register_worker(
        registration(), worker_id="w-1", registered_by=OFFICER, now=NOW
    )
    assert worker.consent.purposes == [p.value for p in ALL_PURPOSES]
    assert worker.consent.notice_version == CURRENT_NOTICE_VERSION
    assert worker.consent.recorded_by == OFFICER
    assert [e.event_type for e in events] == ["worker.registered"]


def test_a_registration_for_fewer_purposes_says_so_in_an_event() -> None:
    consent = {"recorded_at": "2025-11-03T08:00:00+07:00", "purposes": ["training", "statistics"]}
    worker, events = register_worker(
        registration(consent=consent), worker_id="w-1", registered_by=OFFICER, now=NOW
    )
    assert worker.consent.purposes == ["training", "statistics"]
    given_event = events[-1]
    assert isinstance(given_event, ConsentGiven)
    assert given_event.purposes == [P.TRAINING, P.STATISTICS]


def test_a_record_kept_before_purposes_reads_as_consent_to_every_purpose() -> None:
    stored = registered().model_dump(mode="json")
    stored["consent"] = {"recorded_by": OFFICER, "recorded_at": "2025-11-03T01:00:00Z"}
    worker = Worker.model_validate(stored)
    assert worker.consent.purposes == [p.value for p in ALL_PURPOSES]
    assert worker.consent.notice_version is None
    require_consent(worker, P.TRAINING)


def test_withdrawing_a_purpose_keeps_the_others_and_names_every_withdrawn_one() -> None:
    worker = registered()
    command = WithdrawConsent(purposes=["training"], withdrawn_by="cb-1")
    worker, [first] = withdraw_consent(worker, command, now=NOW)
    command = WithdrawConsent(purposes=["aftercare", "training"], withdrawn_by="cb-1", reason="x")
    worker, [second] = withdraw_consent(worker, command, now=LATER)
    assert worker.consent.purposes == ["case_management", "placement", "statistics"]
    assert first.withdrawn_purposes == [P.TRAINING]
    assert second.purposes == [P.AFTERCARE]  # training was already withdrawn
    assert second.withdrawn_purposes == [P.TRAINING, P.AFTERCARE]
    assert [(c.kind, c.purposes, c.by) for c in worker.consent_history] == [
        ("withdrawn", ["training"], "cb-1"),
        ("withdrawn", ["aftercare"], "cb-1"),
    ]
    with pytest.raises(ConsentWithdrawnError) as refused:
        require_consent(worker, P.AFTERCARE)
    assert refused.value.details == {"withdrawn_purpose": "aftercare"}


def test_withdrawing_only_purposes_already_withdrawn_is_a_conflict() -> None:
    worker, _ = withdraw_consent(
        registered(), WithdrawConsent(purposes=["training"], withdrawn_by="cb-1"), now=NOW
    )
    with pytest.raises(ConflictError):
        withdraw_consent(worker, WithdrawConsent(purposes=["training"], withdrawn_by="cb"), now=NOW)


def test_giving_consent_again_records_the_notice_and_who_took_it() -> None:
    worker, _ = withdraw_consent(
        registered(), WithdrawConsent(purposes=["training", "placement"], withdrawn_by="a"), now=NOW
    )
    command = GiveConsent(purposes=["training"], notice_version="2026-02", given_by="cb-2")
    worker, [event] = give_consent(worker, command, now=LATER)
    assert worker.consent.purposes == ["training"]
    assert (worker.consent.notice_version, worker.consent.recorded_by) == ("2026-02", "cb-2")
    assert worker.consent.recorded_at == LATER
    assert event.event_type == "consent.given"
    assert worker.consent_history[-1].kind == "given"


def test_repeated_consent_calls_keep_a_bounded_history_of_the_latest_changes() -> None:
    worker = registered()
    withdraw = WithdrawConsent(purposes=["training"], withdrawn_by="a")
    give = GiveConsent(purposes=[p.value for p in ConsentPurpose], given_by="cb-2")
    for i in range(KEPT_CHANGES + 30):
        worker, _ = withdraw_consent(worker, withdraw, now=NOW + timedelta(seconds=2 * i))
        worker, _ = give_consent(worker, give, now=NOW + timedelta(seconds=2 * i + 1))
    assert len(worker.consent_history) == KEPT_CHANGES
    assert worker.consent_history[-1].kind == "given"
    assert worker.consent_history[-1].at == NOW + timedelta(seconds=2 * (KEPT_CHANGES + 29) + 1)


@pytest.mark.parametrize("purposes", [["training", "gossip", "ads"], []])
def test_unknown_or_no_purposes_are_refused_naming_them(purposes: list[str]) -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        withdraw_consent(
            registered(), WithdrawConsent(purposes=purposes, withdrawn_by="cb"), now=NOW
        )
    [error] = refused.value.errors
    assert error.field == "purposes"
    assert all(bad in error.reason for bad in purposes if bad != "training")


def test_a_registration_with_an_unknown_purpose_is_refused() -> None:
    consent = {"recorded_at": "2025-11-03T08:00:00+07:00", "purposes": ["marketing"]}
    with pytest.raises(InvalidFieldsError) as refused:
        register_worker(registration(consent=consent), worker_id="w", registered_by="o", now=NOW)
    assert [e.field for e in refused.value.errors] == ["consent.purposes"]
    assert "marketing" in refused.value.errors[0].reason


_EVENTS = st.lists(
    st.one_of(
        st.builds(
            lambda ps: ConsentGiven(
                worker_id="w", purposes=ps, notice_version="v", given_by="o", given_at=NOW
            ),
            st.lists(st.sampled_from(ALL_PURPOSES), unique=True),
        ),
        st.builds(
            lambda ps, rest: ConsentWithdrawn(
                worker_id="w",
                purposes=ps,
                withdrawn_purposes=rest,
                withdrawn_by="o",
                withdrawn_at=NOW,
            ),
            st.lists(st.sampled_from(ALL_PURPOSES), unique=True, min_size=1),
            st.lists(st.sampled_from(ALL_PURPOSES), unique=True),
        ),
    ),
    max_size=6,
)


@given(_EVENTS, st.randoms())
def test_a_service_folds_consent_to_the_latest_event_in_any_order(
    events: list[ConsentGiven | ConsentWithdrawn], shuffler: random.Random
) -> None:
    numbered = list(enumerate(events, start=1))
    in_order = ConsentStanding()
    for sequence, event in numbered:
        in_order = fold_consent(in_order, event, sequence=sequence)
    shuffler.shuffle(numbered)
    shuffled = ConsentStanding()
    for sequence, event in numbered + numbered[:2]:
        shuffled = fold_consent(shuffled, event, sequence=sequence)
    assert shuffled == in_order
