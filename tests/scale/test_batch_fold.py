"""Aftercare's batch fold (the consumer's fast path) gives what applying one by one gives."""

from __future__ import annotations

from services.aftercare.handlers import CaseProjection
from tests.support.batch_fold import fold_both_ways


def test_folding_a_batch_at_once_equals_applying_each_event() -> None:
    both = fold_both_ways(CaseProjection(), workers=40)
    assert both.refused == set()  # a case's batch is never left to one by one
    assert both.batched == both.one_by_one
    assert len(both.batched) == 40
