"""Reading list answers in tests: a page `{items, next_cursor}` (docs/api.md, the list contract)."""

from __future__ import annotations

from typing import Any

PAGE = {"items", "next_cursor"}


def unpaged(body: Any) -> Any:
    """A page's items when ``body`` is a page of a list; any other body as it is."""
    if isinstance(body, dict) and set(body) == PAGE:
        return body["items"]
    return body
