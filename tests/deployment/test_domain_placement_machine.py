"""The placement state machine under random sequences of requests, against a simple model."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from services.deployment.domain import (
    TRANSITIONS,
    Enterprise,
    IllegalTransitionError,
    JobOrder,
    Placement,
    PlacementBlockedError,
    PlacementChange,
    PositionsFilledError,
    reinstate_licence,
    suspend_licence,
)
from services.deployment.domain import placements as flow
from services.deployment.domain.errors import ConflictError
from shared.contracts.deployment import LicenceStatus, PlacementState
from tests.deployment.builders import NOW, TODAY, candidate, enterprise, job_order

State = PlacementState
WORKERS = [candidate(f"w-{i}") for i in range(4)]
TARGETS = [s for s in State if s is not State.SHORTLISTED]


class PlacementMachine(RuleBasedStateMachine):
    """Workers shortlisted on one order, moved at random; the licence suspended at random."""

    def __init__(self) -> None:
        super().__init__()
        self.sender: Enterprise = enterprise()
        self.order: JobOrder = job_order()
        self.placements: list[Placement] = []

    @initialize(positions=st.integers(1, 3))
    def post_order(self, positions: int) -> None:
        self.order = job_order(positions=positions)

    @rule(worker=st.integers(0, len(WORKERS) - 1))
    def shortlist(self, worker: int) -> None:
        mine = [p for p in self.placements if p.worker_id == WORKERS[worker].worker_id]
        refusal: type[Exception] | None = None
        if self._suspended():
            refusal = PlacementBlockedError
        elif any(not p.is_final for p in mine):
            refusal = ConflictError
        change = attempt(
            lambda: flow.shortlist(
                f"pl-{len(self.placements)}",
                candidate=WORKERS[worker],
                worker_placements=mine,
                **self._context(),
            ),
            refusal,
        )
        if refusal is not None:
            return
        assert change.positions_delta == 0
        self.placements.append(change.placement)

    @rule(pick=st.integers(0, 100), goal=st.sampled_from(TARGETS))
    def move(self, pick: int, goal: PlacementState) -> None:
        if not self.placements:
            return
        index = pick % len(self.placements)
        before = self.placements[index]
        others = [
            p for p in self.placements if p.worker_id == before.worker_id and p.id != before.id
        ]
        refusal = self._expected_refusal(before, goal, others)
        change = attempt(lambda: self._attempt(before, goal, others), refusal)
        if isinstance(change, IllegalTransitionError):
            assert (change.from_state, change.to_state) == (before.state.value, goal.value)
        if isinstance(change, PlacementBlockedError):
            assert "suspended" in change.blocked_reason
        if refusal is not None:
            return
        assert change.placement.state is goal
        assert change.placement.history[-1].state is goal
        released = -1 if before.holds_position else 0
        expected_delta = {
            State.SELECTED: 1,
            State.CANCELLED: released,
            State.VISA_REFUSED: released,
        }
        assert change.positions_delta == expected_delta.get(goal, 0)
        self.order = self.order.model_copy(
            update={"filled": self.order.filled + change.positions_delta}
        )
        self.placements[index] = change.placement

    def _expected_refusal(
        self, placement: Placement, goal: PlacementState, others: list[Placement]
    ) -> type[Exception] | None:
        # The model, in the order the rules are checked: legality, positions, licence, worker.
        if goal is State.VISA_REFUSED and placement.state is State.DEPARTED:
            return ConflictError  # said in words: the worker already left on a granted visa
        if goal not in TRANSITIONS[placement.state]:
            return IllegalTransitionError
        if goal is State.SELECTED and self.order.filled == self.order.positions:
            return PositionsFilledError
        if goal not in flow.ENDED_BEFORE_DEPARTURE and self._suspended():
            return PlacementBlockedError
        if goal is State.SELECTED and any(p.holds_position and not p.is_final for p in others):
            return ConflictError
        return None

    @rule()
    def suspend_or_reinstate(self) -> None:
        if self.sender.licence.status is LicenceStatus.ACTIVE:
            self.sender, _ = suspend_licence(self.sender, "inspection", TODAY, NOW)
        else:
            self.sender, _ = reinstate_licence(self.sender, TODAY, NOW)

    @invariant()
    def positions_are_never_over_filled(self) -> None:
        held = sum(1 for p in self.placements if p.holds_position)
        assert held == self.order.filled
        assert 0 <= self.order.filled <= self.order.positions

    @invariant()
    def a_worker_holds_at_most_one_position(self) -> None:
        holders = [p.worker_id for p in self.placements if p.holds_position]
        assert len(holders) == len(set(holders))

    @invariant()
    def every_history_is_a_path_through_the_table(self) -> None:
        for placement in self.placements:
            states = [step.state for step in placement.history]
            assert states[0] is State.SHORTLISTED
            assert states[-1] is placement.state
            for here, there in itertools.pairwise(states):
                assert there in TRANSITIONS[here]

    @invariant()
    def blocked_reason_shows_the_suspension_on_open_placements(self) -> None:
        for placement in self.placements:
            reason = flow.blocked_reason(
                placement, enterprise=self.sender, order=self.order, today=TODAY
            )
            if placement.is_final:
                assert reason is None
            elif self._suspended():
                assert reason is not None
                assert "suspended" in reason

    def _suspended(self) -> bool:
        return self.sender.licence.status is LicenceStatus.SUSPENDED

    def _context(self) -> dict[str, Any]:
        return {"order": self.order, "enterprise": self.sender, "today": TODAY, "now": NOW}

    def _attempt(
        self, placement: Placement, target: PlacementState, others: list[Placement]
    ) -> PlacementChange:
        ctx = self._context()
        if target is State.SELECTED:
            return flow.select(placement, worker_placements=[placement, *others], **ctx)
        if target is State.CONTRACT_SIGNED:
            start = TODAY + timedelta(days=30)
            return flow.sign_contract(placement, signed_on=TODAY, contract_start=start, **ctx)
        if target is State.VISA_APPLIED:
            return flow.apply_for_visa(placement, applied_on=TODAY, **ctx)
        if target is State.VISA_GRANTED:
            return flow.grant_visa(placement, granted_on=TODAY, **ctx)
        if target is State.DEPARTED:
            return flow.depart(placement, departed_at=NOW, **ctx)
        if target is State.VISA_REFUSED:
            return flow.refuse_visa(
                placement, refused_on=TODAY, reason="quota withdrawn", today=TODAY, now=NOW
            )
        return flow.cancel(placement, reason="employer changed plans", now=NOW)


def attempt(call: Callable[[], PlacementChange], refusal: type[Exception] | None) -> Any:
    """Returns the call's change, or the error it raised, asserting it is exactly ``refusal``."""
    if refusal is None:
        return call()
    with pytest.raises(refusal) as raised:
        call()
    assert type(raised.value) is refusal
    return raised.value


PlacementMachine.TestCase.settings = settings(
    max_examples=200, stateful_step_count=40, deadline=None
)
test_placement_state_machine = PlacementMachine.TestCase
