"""The deployment rules a request can break, as the shared HTTP layer knows them (409/422/404)."""

from __future__ import annotations

from shared.errors import ConflictError, FieldError, InvalidFieldsError, NotFoundError

__all__ = [
    "ConflictError",
    "FieldError",
    "IllegalTransitionError",
    "InvalidFieldsError",
    "LicenceNotValidError",
    "NotFoundError",
    "PlacementBlockedError",
    "PositionsFilledError",
    "raise_field_errors",
]


class IllegalTransitionError(ConflictError):
    """A state machine was asked to jump where it may not go; names both states."""

    def __init__(self, what: str, from_state: str, to_state: str) -> None:
        from_state, to_state = str(from_state), str(to_state)  # plain text, even from a StrEnum
        super().__init__(
            "{what} cannot go from {from_state} to {to_state}",
            what=what,
            from_state=from_state,
            to_state=to_state,
        )
        self.from_state = from_state
        self.to_state = to_state


class LicenceNotValidError(ConflictError):
    """The sender's licence does not allow what was asked (posting orders, sending workers)."""

    def __init__(self, enterprise_id: str, problem: str) -> None:
        super().__init__(
            "enterprise licence {problem}", enterprise_id=enterprise_id, problem=problem
        )
        self.problem = problem


class PositionsFilledError(ConflictError):
    """Every position of the job order is already held."""

    def __init__(self, job_order_id: str, positions: int) -> None:
        super().__init__(
            "all {positions} positions of the job order are filled",
            job_order_id=job_order_id,
            positions=positions,
        )


class PlacementBlockedError(ConflictError):
    """The placement may not move forward until the reason is resolved."""

    def __init__(self, placement_id: str, reason: str) -> None:
        super().__init__(
            "placement is blocked: {blocked_reason}",
            placement_id=placement_id,
            blocked_reason=reason,
        )
        self.blocked_reason = reason


def raise_field_errors(errors: list[FieldError]) -> None:
    """Raises the one error, or all of them together; does nothing when the list is empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InvalidFieldsError(errors)
