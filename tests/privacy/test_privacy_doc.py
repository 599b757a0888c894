"""docs/privacy.md is the inventory the code gives, and the inventory names real view fields."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from services.aftercare.domain.case import WorkerCase
from services.deployment.domain.candidates import Candidate
from services.deployment.domain.placements import Placement
from services.intake.domain.worker import Worker
from services.training.domain.candidates import CandidateView
from services.training.domain.records import TrainingRecord
from shared.privacy.holdings import HOLDINGS, Holding
from tools import privacy_doc

VIEWS: dict[tuple[str, str], tuple[tuple[type[BaseModel], ...], frozenset[str]]] = {
    ("intake", "workers"): ((Worker,), frozenset({"consultations", "referrals", "loans"})),
    ("training", "candidates"): ((CandidateView, TrainingRecord), frozenset({"full_name"})),
    ("deployment", "candidates"): ((Candidate,), frozenset()),
    ("deployment", "placements"): ((Placement,), frozenset()),
    ("aftercare", "cases"): ((WorkerCase,), frozenset({"summary"})),
}
"""The model each view document is read with, and the fields its store writes beside it."""


def test_the_privacy_document_is_current() -> None:
    assert privacy_doc.main(["check"]) == 0


@pytest.mark.parametrize("holding", [h for h in HOLDINGS if h.fields], ids=lambda h: h.where)
def test_each_personal_field_of_the_inventory_is_a_field_of_its_view(holding: Holding) -> None:
    models, beside = VIEWS[(holding.service, holding.where)]
    known = set(beside).union(*(m.model_fields for m in models))
    assert sorted(set(holding.fields) - known) == []


def test_the_inventory_names_the_personal_fields_events_carry() -> None:
    document = privacy_doc.render()
    for field in ("`phone`", "`family_contact`", "`full_name`", "`national_id`"):
        assert field in document
