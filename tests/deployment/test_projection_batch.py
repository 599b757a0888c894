"""Deployment's batch fold (the consumer's fast path) gives what applying one by one gives,
and leaves to one by one the batches with a follow-up."""

from __future__ import annotations

from services.deployment.handlers import CandidateProjection
from tests.support.batch_fold import fold_both_ways


def test_deployment_folds_a_batch_at_once_as_it_applies_each_event() -> None:
    both = fold_both_ways(CandidateProjection())
    assert both.batched == both.one_by_one
    assert len(both.batched) == 60
    assert both.emitted
    assert both.emitted <= both.refused  # a follow-up is never folded away
    assert len(both.refused) < len(both.batched)
