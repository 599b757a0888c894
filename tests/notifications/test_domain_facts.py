"""The facts fold converges whatever the arrival order, and the rules read it as meant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.notifications.domain.facts import WorkerFacts, heard
from services.notifications.domain.rules import RULE_PURPOSES, RuleParameters, findings
from shared.consent import fold_consent
from shared.contracts import aftercare as ac
from shared.contracts.common import ConsentPurpose, Locality
from shared.contracts.intake import ConsentWithdrawn
from shared.contracts.notifications import AlertKind
from shared.events.catalogue import EventPayload
from tests.aftercare.support import departure, registration

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def check_in(at: datetime) -> ac.WorkerCheckedIn:
    return ac.WorkerCheckedIn(
        worker_id="w-1",
        placement_id="placement-1",
        check_in_id=f"c-{at.isoformat()}",
        contact=ac.ContactParty.WORKER,
        channel=ac.ContactChannel.PHONE,
        wellbeing=ac.Wellbeing.GOOD,
        contacted_at=at,
        recorded_by="officer-1",
        recorded_at=at,
    )


def returned(at: datetime) -> ac.WorkerReturned:
    return ac.WorkerReturned(
        worker_id="w-1", returned_on=at.date(), reason=ac.ReturnReason.CONTRACT_COMPLETED,
        recorded_at=at,
    )  # fmt: skip


def corrected_home(at: datetime, commune: str) -> EventPayload:
    registered = registration("w-1", at)
    locality = Locality(province_code="14", commune_code=commune)
    return registered.model_copy(update={"locality": locality, "registered_at": at})


EVENTS: list[EventPayload] = [
    corrected_home(T0 - 300 * DAY, "04036"),
    corrected_home(T0 - 100 * DAY, "04040"),
    departure("w-1", T0, date(2029, 1, 1)),
    check_in(T0 + 10 * DAY),
    check_in(T0 + 40 * DAY),
    ac.ContractExtended(
        worker_id="w-1", placement_id="placement-1", previous_end=date(2029, 1, 1),
        new_end=date(2030, 1, 1), extended_by="officer-1", extended_at=T0 + 20 * DAY,
    ),
    returned(T0 + 400 * DAY),
]  # fmt: skip


def fold(events: list[EventPayload]) -> WorkerFacts:
    facts = WorkerFacts(worker_id="w-1")
    for event in events:
        facts = heard(facts, event)
    return facts


@settings(max_examples=60, deadline=None)
@given(st.permutations(EVENTS))
def test_the_fold_converges_whatever_the_order(events: list[EventPayload]) -> None:
    assert fold(events) == fold(EVENTS)


def test_the_fold_keeps_the_latest_of_each_fact() -> None:
    facts = fold(EVENTS)
    assert (facts.province_code, facts.commune_code) == ("14", "04040")
    assert facts.last_contact_at == T0 + 40 * DAY
    assert facts.contract_end == date(2030, 1, 1)
    assert not facts.abroad


def test_a_worker_back_home_has_no_silence_and_a_plan_ends_the_wait() -> None:
    now = T0 + 500 * DAY
    kinds = {f.kind.value for f in findings([fold(EVENTS)], {}, now, RuleParameters())}
    assert kinds == {"no_reintegration_plan"}
    planned = ac.ReintegrationPlanned(
        worker_id="w-1", placement_id="placement-1", plans=[], assessed_by="officer-1",
        assessed_at=T0 + 450 * DAY,
    )  # fmt: skip
    assert findings([fold([*EVENTS, planned])], {}, now, RuleParameters()) == []


def test_abroad_and_silent_the_no_contact_alert_names_no_person() -> None:
    facts = fold(EVENTS[:4])
    [finding] = findings([facts], {}, T0 + 60 * DAY, RuleParameters(no_contact_days=45))
    assert finding.alert_id == f"no_contact:w-1:{(T0 + 10 * DAY).isoformat()}"
    assert finding.reason.startswith("no contact for 50 days (limit 45)")
    assert "Linh" not in finding.reason


def test_consent_withdrawn_for_aftercare_stops_reminders_about_the_worker() -> None:
    facts = fold(EVENTS[:4])

    def withdrawing(purpose: ConsentPurpose, sequence: int) -> WorkerFacts:
        event = ConsentWithdrawn(
            worker_id="w-1",
            purposes=[purpose],
            withdrawn_purposes=[purpose],
            withdrawn_by="cb",
            withdrawn_at=T0,
        )
        return facts.model_copy(
            update={"consent": fold_consent(facts.consent, event, sequence=sequence)}
        )

    later, rules = T0 + 60 * DAY, RuleParameters(no_contact_days=45)
    assert findings([withdrawing(ConsentPurpose.STATISTICS, 7)], {}, later, rules)
    assert findings([withdrawing(ConsentPurpose.AFTERCARE, 7)], {}, later, rules) == []
    assert set(RULE_PURPOSES) == set(AlertKind)
