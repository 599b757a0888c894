"""Numbers that may be stored or published: finite, and integers within a signed 64-bit word.

The store keeps integers in 64 bits and JSON has no ``NaN`` or ``Infinity``: a number outside
these bounds is refused where it enters (422 at the API, the dead-letter topic for an event).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import Field

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
MAX_VND = 10**13
"""The largest amount of money in VND any field takes: sums of many still fit in 64 bits."""

Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class NumberOutOfRangeError(ValueError):
    """A number is not finite, or an integer does not fit in 64 bits; names where, not what."""


def check_json_numbers(value: Any, where: str = "") -> None:
    """Raises NumberOutOfRangeError at the first non-finite float or out-of-range integer."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise NumberOutOfRangeError(f"{where or '(root)'}: integer outside 64 bits")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NumberOutOfRangeError(f"{where or '(root)'}: number is not finite")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json_numbers(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_json_numbers(item, f"{where}[{index}]")


def json_int(text: str) -> int:
    """Parses a JSON integer, refusing one outside 64 bits (a ``json.loads`` hook)."""
    number = int(text)
    if not INT64_MIN <= number <= INT64_MAX:
        raise NumberOutOfRangeError("integer outside 64 bits")
    return number


def json_float(text: str) -> float:
    """Parses a JSON number with a fraction or exponent, refusing one too large to be finite."""
    number = float(text)
    if not math.isfinite(number):
        raise NumberOutOfRangeError("number too large to be finite")
    return number


def json_constant(name: str) -> float:
    """Refuses ``NaN`` and ``Infinity``, which are not JSON (a ``json.loads`` hook)."""
    raise NumberOutOfRangeError(f"{name} is not a JSON number")
