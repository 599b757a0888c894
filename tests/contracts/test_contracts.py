"""The event contracts: generated documents up to date, old versions still readable."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import BaseModel

from shared.events.catalogue import CATALOGUE, EventCatalogue, EventPayload, UnknownEventError
from shared.events.envelope import (
    EventEnvelope,
    InvalidEventError,
    decode_payload,
    from_kafka,
    new_event,
    to_kafka,
)
from shared.events.topics import Topic
from tools import contracts

SAMPLES = sorted(contracts.SAMPLES.glob("*.json"))


def test_docs_events_md_and_schemas_match_the_code() -> None:
    for path, content in contracts.planned_files().items():
        assert path.exists(), f"{path} missing: run python -m tools.contracts write"
        assert path.read_text(encoding="utf-8") == content, (
            f"{path.name} is out of date: run python -m tools.contracts write"
        )


def test_every_published_version_has_a_stored_sample() -> None:
    stored = {p.name for p in SAMPLES}
    for spec in contracts.published_specs():
        assert f"{spec.type}.v{spec.version}.json" in stored


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_stored_samples_are_read_by_todays_readers(sample: Path) -> None:
    stored = json.loads(sample.read_text(encoding="utf-8"))
    spec = CATALOGUE.spec(stored["type"], stored["version"])
    envelope = EventEnvelope(
        id="00000000-0000-4000-8000-000000000001",
        type=spec.type,
        source=spec.producer,
        time=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        subject="w-1",
        dataschema=spec.dataschema,
        sequence=1,
        correlationid="c-1",
        data=stored["data"],
    )
    key, value, headers = to_kafka(envelope)
    payload = decode_payload(from_kafka(value, headers))
    assert isinstance(payload, CATALOGUE.current(spec.type).payload)
    assert key == b"w-1"


def test_a_reader_ignores_fields_it_does_not_know() -> None:
    spec = CATALOGUE.current("worker.withdrawn")
    data = {
        "worker_id": "w-1",
        "reason": "family",
        "withdrawn_at": "2026-01-01T00:00:00+00:00",
        "a_field_from_the_future": {"x": 1},
    }
    envelope = EventEnvelope(
        id="e",
        type=spec.type,
        source="intake",
        time=datetime.now(UTC),
        subject="w-1",
        dataschema=spec.dataschema,
        sequence=1,
        correlationid="c",
        data=data,
    )
    payload = decode_payload(envelope)
    assert payload.model_dump()["worker_id"] == "w-1"
    assert "a_field_from_the_future" not in payload.model_dump()


def test_an_old_version_is_upcast_to_the_current_model() -> None:
    catalogue = EventCatalogue()

    @catalogue.register("sample.happened", 1, topic=Topic.INTAKE, producer="intake")
    class HappenedV1(EventPayload):
        """First version: one name field."""

        worker_id: str
        name: str

    def split_name(data: dict) -> dict:
        family, _, given = data.pop("name").partition(" ")
        return {**data, "family_name": family, "given_name": given}

    @catalogue.register(
        "sample.happened", 2, topic=Topic.INTAKE, producer="intake", upcast_from_previous=split_name
    )
    class HappenedV2(EventPayload):
        """Second version: the name split in two (a breaking change, so a new version)."""

        worker_id: str
        family_name: str
        given_name: str

    old = EventEnvelope(
        id="e",
        type="sample.happened",
        source="intake",
        time=datetime.now(UTC),
        subject="w",
        dataschema="urn:homeward:schema:sample.happened:v1",
        sequence=1,
        correlationid="c",
        data={"worker_id": "w", "name": "Đinh Thị Linh"},
    )
    payload = decode_payload(old, catalogue)
    assert isinstance(payload, HappenedV2)
    assert (payload.family_name, payload.given_name) == ("Đinh", "Thị Linh")


def test_registering_a_new_version_without_an_upcaster_is_refused() -> None:
    catalogue = EventCatalogue()

    @catalogue.register("sample.done", 1, topic=Topic.INTAKE, producer="intake")
    class DoneV1(EventPayload):
        worker_id: str

    with pytest.raises(ValueError, match="upcaster"):

        @catalogue.register("sample.done", 2, topic=Topic.INTAKE, producer="intake")
        class DoneV2(EventPayload):
            worker_id: str


def test_unknown_types_and_bad_payloads_are_invalid_events_naming_the_field() -> None:
    with pytest.raises(UnknownEventError):
        CATALOGUE.spec("worker.teleported", 1)
    spec = CATALOGUE.current("worker.withdrawn")
    bad = EventEnvelope(
        id="e",
        type=spec.type,
        source="intake",
        time=datetime.now(UTC),
        subject="w",
        dataschema=spec.dataschema,
        sequence=1,
        correlationid="c",
        data={"worker_id": "w", "withdrawn_at": "not a time"},
    )
    with pytest.raises(InvalidEventError) as error:
        decode_payload(bad)
    assert "reason: Field required" in str(error.value)
    assert "not a time" not in str(error.value)


def test_new_event_fills_the_cloudevents_attributes() -> None:
    class Probe(BaseModel):
        pass

    payload_type = CATALOGUE.current("worker.reopened").payload
    payload = payload_type.model_validate(
        {"worker_id": "w-9", "reopened_at": "2026-02-01T00:00:00+00:00"}
    )
    event = new_event(
        payload,
        event_id="id-1",
        subject="w-9",
        sequence=4,
        source="intake",
        time=datetime(2026, 2, 1, tzinfo=UTC),
        correlation_id="corr",
    )
    _, _, headers = to_kafka(event)
    names = {name for name, _ in headers}
    assert {
        "ce_id",
        "ce_type",
        "ce_source",
        "ce_subject",
        "ce_time",
        "ce_dataschema",
        "ce_sequence",
        "ce_correlationid",
        "ce_specversion",
        "content-type",
    } <= names
    assert event.version == 1
    assert Probe() is not None
