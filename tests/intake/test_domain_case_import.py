"""Migration rows: each stage's facts, the columns a refusal names, the licence on the day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.intake.domain.bulk_import import column_name
from services.intake.domain.case_import import (
    CASE_COLUMNS,
    CASE_HEADER_ALIASES,
    CASE_VIETNAMESE_HEADERS,
    CaseFacts,
    before_birth,
    parse_case_facts,
)
from services.intake.domain.licences import licence_problem, sender_licence, with_licence_change
from shared.contracts.common import Market
from shared.contracts.deployment import (
    EnterpriseLicenceChanged,
    LicenceChange,
    LicenceStatus,
    SenderKind,
)
from shared.contracts.intake import ImportedStage
from tests.intake.case_rows import case_row

TODAY = date(2026, 12, 6)
CERTIFICATE = (
    "certificate_kind",
    "certificate_market",
    "certificate_number",
    "certificate_issued_on",
)


@pytest.mark.parametrize("stage", [s.value for s in ImportedStage])
def test_each_stage_reads_its_facts(stage: str) -> None:
    facts = parse_case_facts(case_row(1, stage), today=TODAY)
    assert isinstance(facts, CaseFacts), facts
    assert facts.stage == stage
    assert len(facts.certificates) == (0 if stage == "registered" else 1)
    has_placement = stage in ("placed", "abroad", "returned")
    assert (facts.placement is not None) == has_placement
    if stage == "returned":
        assert facts.placement is not None
        assert facts.placement.country is Market.TAIWAN
        assert (facts.placement.departed_on, facts.placement.returned_on) == (
            date(2025, 3, 15),
            date(2025, 7, 1),
        )
        assert facts.occurred_on == date(2025, 7, 1)


@pytest.mark.parametrize(
    ("stage", "cells", "column"),
    [
        ("abroad", {"departed_on": "31/02/2025"}, "departed_on"),
        ("trained", {"certificate_issued_on": "01/01/2099"}, "certificate_issued_on"),
        ("somewhere", {}, "stage"),
        ("abroad", {"contract_end": "01/03/2025"}, "contract_end"),
        ("returned", {"returned_on": "01/01/2025"}, "returned_on"),
        ("trained", dict.fromkeys(CERTIFICATE, ""), "certificate_kind"),
        ("placed", {"departed_on": "15/03/2025"}, "departed_on"),
        ("placed", {"employer": ""}, "employer"),
        ("trained", {"certificate_market": ""}, "certificate_market"),
        ("registered", {"certificate_number": "X-1"}, "certificate_number"),
        ("placed", {"employer": "Formosa\x00"}, "employer"),
    ],
)
def test_a_broken_row_names_its_column(stage: str, cells: dict[str, str], column: str) -> None:
    problems = parse_case_facts(case_row(1, stage, **cells), today=TODAY)
    assert isinstance(problems, list)
    assert column in {p.field for p in problems}, problems


def _change(change: LicenceChange, status: LicenceStatus, at: datetime) -> EnterpriseLicenceChanged:
    return EnterpriseLicenceChanged(
        enterprise_id="e-1",
        name="TTC Manpower",
        kind=SenderKind.LABOUR_SUPPLY_ENTERPRISE,
        change=change,
        licence_number="088/LĐTBXH-GP",
        issuing_authority="Ministry",
        valid_from=date(2020, 1, 1),
        valid_until=date(2027, 1, 1),
        status=status,
        changed_at=at,
    )


def test_the_licence_is_checked_on_the_day_the_worker_left() -> None:
    granted = _change(LicenceChange.GRANTED, LicenceStatus.ACTIVE, datetime(2020, 1, 2, tzinfo=UTC))
    revoked = _change(
        LicenceChange.REVOKED, LicenceStatus.REVOKED, datetime(2025, 6, 1, tzinfo=UTC)
    )
    # in either order, the same register entry
    entry = with_licence_change(with_licence_change(None, revoked), granted)
    assert entry == with_licence_change(with_licence_change(None, granted), revoked)
    sender = sender_licence({"_id": "e-1", **entry})
    assert licence_problem(sender, date(2025, 3, 15)) is None  # left before the revocation
    assert licence_problem(sender, date(2025, 7, 1)) == "was revoked on 2025-07-01"
    assert licence_problem(sender, date(2019, 5, 1)) == "was not valid on 2019-05-01"
    assert licence_problem(None, date(2025, 3, 15)) is not None


def test_every_column_is_read_from_its_vietnamese_header() -> None:
    assert list(CASE_VIETNAMESE_HEADERS) == list(CASE_COLUMNS)
    read = [column_name(h, CASE_HEADER_ALIASES) for h in CASE_VIETNAMESE_HEADERS.values()]
    assert read == list(CASE_COLUMNS)


def test_a_fact_before_the_birth_names_its_column() -> None:
    row = case_row(1, "abroad", certificate_2_issued_on="01/01/1980", departed_on="02/02/1980")
    problems = before_birth(row, date(1991, 2, 11))
    assert [p.field for p in problems] == ["certificate_2_issued_on", "departed_on"]
    assert before_birth(case_row(1, "abroad"), date(1991, 2, 11)) == []
