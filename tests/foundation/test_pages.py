"""The list contract's helper: walking `next_cursor` reaches every item exactly once, whatever
the page size, ties in the sort key and writes between pages; a forged or foreign cursor is
refused naming `cursor`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import Response
from starlette.requests import Request

from shared.errors import FieldError
from shared.pages import Pages, encode_cursor
from shared.persistence.stores import memory_store

T0 = datetime(2026, 1, 1, tzinfo=UTC)
NEWEST = [("at", -1), ("_id", -1)]


def _pages(cursor: str | None, limit: int, path: str = "/things", query: bytes = b"") -> Pages:
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": []}
    return Pages(Request(scope), Response(), cursor, limit)


async def _walk(collection: Any, limit: int, where: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        pages = _pages(cursor, limit)
        found = await pages.find(collection, where, NEWEST)
        assert len(found) <= limit
        assert pages.page(found).next_cursor == pages.next_cursor
        seen += [d["_id"] for d in found]
        link = pages.response.headers.get("link")
        if pages.next_cursor is None:
            assert link is None
            return seen
        assert link == f'</things?cursor={pages.next_cursor}>; rel="next"'
        cursor = pages.next_cursor


@pytest.mark.parametrize("limit", [1, 3, 7, 50])
async def test_walking_a_store_query_reaches_every_item_once_in_order(limit: int) -> None:
    collection = memory_store().collection("things")
    for n in range(23):  # ties: three documents share each instant
        await collection.insert_new({"_id": f"t{n:02d}", "at": T0 + timedelta(hours=n // 3)})
    seen = await _walk(collection, limit, {})
    expected = sorted(
        [f"t{n:02d}" for n in range(23)], key=lambda i: (int(i[1:]) // 3, i), reverse=True
    )
    assert seen == expected


async def test_a_filtered_walk_stays_inside_its_filter() -> None:
    collection = memory_store().collection("things")
    for n in range(10):
        await collection.insert_new({"_id": f"t{n}", "at": T0, "odd": n % 2 == 1})
    assert await _walk(collection, 2, {"odd": True}) == ["t9", "t7", "t5", "t3", "t1"]


def test_slicing_a_list_held_whole_reaches_every_item_once_when_items_arrive() -> None:
    items = [f"i{n}" for n in range(10)]
    first = _pages(None, 4)
    assert first.slice(items, str) == ["i0", "i1", "i2", "i3"]
    items.insert(0, "new")  # a newer item ahead of the cursor does not repeat one
    second = _pages(first.next_cursor, 4)
    assert second.slice(items, str) == ["i4", "i5", "i6", "i7"]
    last = _pages(second.next_cursor, 4)
    assert last.slice(items, str) == ["i8", "i9"]
    assert last.next_cursor is None


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "",
        "bm90IGpzb24.0123456789abcdef",
        encode_cursor("/other-list?[]", ["t1"]),  # another list's
        encode_cursor('/things?[["status", "open"]]', ["t1"]),  # the same list, other filters
        encode_cursor("/things?[]", ["t1"])[:-1] + "0",  # edited
    ],
)
async def test_a_forged_or_foreign_cursor_is_refused_naming_cursor(cursor: str) -> None:
    collection = memory_store().collection("things")
    with pytest.raises(FieldError) as refused:
        await _pages(cursor, 5).find(collection, {}, NEWEST)
    assert (refused.value.source, refused.value.field) == ("query", "cursor")
    with pytest.raises(FieldError):
        _pages(cursor, 5).slice(["a", "b"], str)
