"""Every field of an event payload that holds personal data is marked personal."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

import shared.contracts  # noqa: F401  (registers every payload)
from shared.events.catalogue import CATALOGUE
from shared.privacy.personal import (
    personal_fields,
    personal_fields_by_type,
    withheld_data,
    withheld_value,
)
from tools import contracts

IDENTIFYING = re.compile(
    r"(^|_)(full_name|phone|national_id|date_of_birth|birth|address|family_contact)($|_)"
)
"""Names of fields that identify a person or reach them."""
FREE_TEXT = re.compile(r"(^|_)(note|notes|reason|detail|details|description|summary|steps_taken)$")
"""Names of fields an officer writes freely: what they write is about the worker."""
NOT_PERSONAL = {
    ("worker.referred", "agency_name"): "the name of an agency, not of a person",
    ("enterprise.licence-changed", "name"): "the name of a sending enterprise",
    ("enterprise.licence-changed", "reason"): "why an enterprise's licence changed",
    (
        "training.records-moved",
        "enrolments",
    ): "courses, attendance, results: codes; the certificate numbers are marked inside",
    ("training.records-moved", "assessments"): "scores of a course or employer: no free text",
}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        return any(_is_text(arg) for arg in typing.get_args(annotation))
    return False


def _holds_personal_data(name: str, annotation: Any) -> bool:
    if IDENTIFYING.search(name) or (FREE_TEXT.search(name) and _is_text(annotation)):
        return True
    inner_origins = [typing.get_origin(arg) for arg in typing.get_args(annotation)]
    if typing.get_origin(annotation) is list and dict in inner_origins:
        return True  # whole events carried as data (records moved between cases)
    return any(
        _holds_personal_data(inner, field.annotation)
        for model in _models_in(annotation)
        for inner, field in model.model_fields.items()
    )


def test_every_field_holding_personal_data_is_marked() -> None:
    unmarked = []
    for (event_type, version), spec in sorted(CATALOGUE.specs.items()):
        marked = set(personal_fields(spec.payload))
        for name, field in spec.payload.model_fields.items():
            if (event_type, name) in NOT_PERSONAL or name in marked:
                continue
            if _holds_personal_data(name, field.annotation):
                unmarked.append(f"{event_type} v{version}: {name}")
    assert unmarked == []


def test_the_worker_registration_marks_names_birth_contacts_and_ethnic_group() -> None:
    fields = personal_fields_by_type()[("worker.registered", 1)]
    assert set(fields) == {"full_name", "date_of_birth", "ethnicity", "phone", "family_contact"}


def test_statistical_attributes_the_reports_count_stay_unmarked() -> None:
    fields = set(personal_fields_by_type()[("worker.registered", 1)])
    kept = {"gender", "ethnic_minority", "household_status", "locality", "registered_at"}
    assert fields.isdisjoint(kept)


def test_every_personal_field_has_a_value_that_stands_for_it_withheld() -> None:
    for (event_type, _), spec in CATALOGUE.specs.items():
        sample = contracts.sample_of(spec)["data"]
        for name in personal_fields(spec.payload):
            if "." in name:
                continue  # a path inside a field: checked whole below
            data = {**sample, name: withheld_value(spec.payload, name)}
            payload = spec.payload.model_validate(data)
            assert payload.model_dump(mode="json")[name] == withheld_value(spec.payload, name)
        spec.payload.model_validate(withheld_data(event_type, sample))


def test_certificate_numbers_are_marked_wherever_they_travel() -> None:
    by_type = personal_fields_by_type()
    assert by_type[("worker.certified", 1)] == ("certificate.number",)
    assert by_type[("worker.trained", 1)] == ("certificates.number",)
    assert by_type[("worker.case-imported", 1)] == ("certificates.number",)
    assert by_type[("training.records-moved", 1)] == ("enrolments.certificate.number",)
    enrolments = [
        {"enrolment_id": "e-1", "certificate": {"number": "NN-2026-0042", "kind": "language"}},
        {"enrolment_id": "e-2", "certificate": None},
    ]
    moved: dict[str, Any] = {
        "worker_id": "w-2", "survivor_id": "w-1", "assessments": [], "enrolments": enrolments
    }  # fmt: skip
    withheld = withheld_data("training.records-moved", moved)
    assert withheld["enrolments"][0]["certificate"] == {"number": "", "kind": "language"}
    assert withheld["enrolments"][1] == moved["enrolments"][1]
    assert moved["enrolments"][0]["certificate"]["number"] == "NN-2026-0042"  # not changed
