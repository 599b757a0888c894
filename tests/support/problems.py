"""Reading an error answer in tests, whatever the shape the error contract gives it.

New tests read errors through these two functions, so a change of the error contract is made
here once instead of in every test.
"""

from __future__ import annotations

from typing import Any


def error_locations(body: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """The location of each field the error names (`("body", "salary")`), in order."""
    detail = body.get("detail")
    if isinstance(detail, list):
        return [tuple(item["loc"]) for item in detail]
    return []


def error_text(body: dict[str, Any]) -> str:
    """Everything the error says in words, one string, for `in` checks."""
    detail = body.get("detail")
    if isinstance(detail, list):
        return "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in detail)
    return str(detail)
