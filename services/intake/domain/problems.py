"""A rule a field breaks, as a value: collected, then raised together or reported per row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from shared.errors import FieldError, InvalidFieldsError
from shared.messages import Phrase, parts


class Problem(NamedTuple):
    """One field and the rule it breaks; the reason never repeats the value."""

    field: str
    reason: str
    """A catalogue message; a ``Phrase`` when it has parameters."""

    def error(self) -> FieldError:
        """Returns the problem as the FieldError the HTTP layer maps to 422."""
        template, params = parts(self.reason)
        return FieldError(self.field, template, **params)

    @classmethod
    def of(cls, error: FieldError) -> Problem:
        """Returns a FieldError as a problem."""
        reason = Phrase(error.template, **error.params) if error.params else error.template
        return cls(error.field, reason)


def raise_problems(problems: Iterable[Problem]) -> None:
    """Raises InvalidFieldsError naming every problem, if there is any."""
    found = list(problems)
    if found:
        raise InvalidFieldsError([problem.error() for problem in found])
