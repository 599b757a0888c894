"""Consultations: recorded with their channel, topics, markets and outcome."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from services.intake.domain.consent import WithdrawConsent, withdraw_consent
from services.intake.domain.consultations import (
    ConsultationChannel,
    ConsultationOutcome,
    ConsultationTopic,
    RecordConsultation,
    consultation_history,
    record_consultation,
)
from services.intake.domain.worker import WorkerStatus
from shared.consent import ConsentWithdrawnError
from shared.contracts.common import Market
from shared.errors import ConflictError, FieldError
from tests.intake.samples import NOW, registered


def consultation(**overrides: object) -> RecordConsultation:
    fields: dict[str, object] = {
        "held_on": "2025-10-20",
        "channel": "job_fair",
        "officer": "Trần Thị Hoa (Quảng Ngãi employment service centre)",
        "topics": ["markets", "costs", "preferential_loans"],
        "markets_discussed": ["JP", "KR"],
        "outcome": "wants_to_go",
        "notes": "interested in garment work in Japan",
    }
    fields.update(overrides)
    return RecordConsultation.model_validate(fields)


def test_recording_a_consultation() -> None:
    recorded, [event] = record_consultation(
        registered(), consultation(), consultation_id="c-1", now=NOW
    )
    assert recorded.consultation_id == "c-1"
    assert recorded.worker_id == "w-linh"
    assert recorded.channel is ConsultationChannel.JOB_FAIR
    assert recorded.topics == [
        ConsultationTopic.MARKETS,
        ConsultationTopic.COSTS,
        ConsultationTopic.PREFERENTIAL_LOANS,
    ]
    assert recorded.recorded_at == NOW
    assert event.consultation_id == "c-1"
    assert event.markets_discussed == [Market.JAPAN, Market.KOREA]
    assert event.outcome is ConsultationOutcome.WANTS_TO_GO
    assert "notes" not in event.model_dump()


@pytest.mark.parametrize("channel", list(ConsultationChannel))
def test_every_channel(channel: ConsultationChannel) -> None:
    recorded, _ = record_consultation(
        registered(), consultation(channel=channel.value), consultation_id="c", now=NOW
    )
    assert recorded.channel is channel


def test_channels_are_those_of_the_issue() -> None:
    assert {c.value for c in ConsultationChannel} == {
        "job_fair",
        "commune_conference",
        "centre_visit",
        "phone",
        "online",
    }


def test_repeats_are_dropped() -> None:
    recorded, _ = record_consultation(
        registered(),
        consultation(topics=["costs", "costs"], markets_discussed=["TW", "TW", "JP"]),
        consultation_id="c",
        now=NOW,
    )
    assert recorded.topics == [ConsultationTopic.COSTS]
    assert recorded.markets_discussed == [Market.TAIWAN, Market.JAPAN]


def test_a_future_date_is_refused() -> None:
    with pytest.raises(FieldError) as refused:
        record_consultation(
            registered(), consultation(held_on="2025-11-04"), consultation_id="c", now=NOW
        )
    assert (refused.value.field, refused.value.reason) == ("held_on", "is in the future")


def test_today_in_vietnam_is_not_the_future() -> None:
    recorded, _ = record_consultation(
        registered(), consultation(held_on="2025-11-03"), consultation_id="c", now=NOW
    )
    assert recorded.held_on == date(2025, 11, 3)


def test_a_date_before_birth_is_refused() -> None:
    with pytest.raises(FieldError, match="birth"):
        record_consultation(
            registered(), consultation(held_on="1990-01-01"), consultation_id="c", now=NOW
        )


@pytest.mark.parametrize(
    "overrides",
    [
        {"topics": []},
        {"channel": "carrier_pigeon"},
        {"outcome": "maybe"},
        {"markets_discussed": ["XX"]},
        {"unknown": 1},
    ],
)
def test_malformed_consultations(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        consultation(**overrides)


def test_not_for_a_merged_record() -> None:
    merged = registered().model_copy(update={"status": WorkerStatus.MERGED, "merged_into": "w-x"})
    with pytest.raises(ConflictError):
        record_consultation(merged, consultation(), consultation_id="c", now=NOW)


def test_consent_withdrawn_for_case_management_stops_consultations() -> None:
    withdrawing = WithdrawConsent(purposes=["case_management"], withdrawn_by="cb")
    worker, _ = withdraw_consent(registered(), withdrawing, now=NOW)
    with pytest.raises(ConsentWithdrawnError) as refused:
        record_consultation(worker, consultation(), consultation_id="c", now=NOW)
    assert refused.value.details == {"withdrawn_purpose": "case_management"}


def test_history_is_most_recent_first() -> None:
    worker = registered()
    first, _ = record_consultation(
        worker, consultation(held_on="2025-09-01"), consultation_id="c-1", now=NOW
    )
    second, _ = record_consultation(
        worker,
        consultation(held_on="2025-10-15", channel="phone"),
        consultation_id="c-2",
        now=NOW,
    )
    third, _ = record_consultation(
        worker,
        consultation(held_on="2025-10-15", channel="centre_visit"),
        consultation_id="c-3",
        now=NOW + timedelta(minutes=1),
    )
    history = consultation_history([first, third, second])
    assert [c.consultation_id for c in history] == ["c-3", "c-2", "c-1"]
