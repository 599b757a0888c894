"""A rule a field breaks, as a value: collected, then raised together or reported per row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from shared.errors import FieldError, InvalidFieldsError


class Problem(NamedTuple):
    """One field and the rule it breaks; the reason never repeats the value."""

    field: str
    reason: str

    def error(self) -> FieldError:
        """Returns the problem as the FieldError the HTTP layer maps to 422."""
        return FieldError(self.field, self.reason)

    @classmethod
    def of(cls, error: FieldError) -> Problem:
        """Returns a FieldError as a problem."""
        return cls(error.field, error.reason)


def raise_problems(problems: Iterable[Problem]) -> None:
    """Raises InvalidFieldsError naming every problem, if there is any."""
    found = list(problems)
    if found:
        raise InvalidFieldsError([problem.error() for problem in found])
