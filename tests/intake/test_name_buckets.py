"""The name search reads time buckets newest first: the same pages as a full sort, and only a
few buckets of workers from the store whatever the number of matches (real store)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pymongo import AsyncMongoClient, monitoring

from services.intake.store import SEARCH_BUCKETS
from tests.intake.samples import HOAN_KIEM
from tests.intake.support import intake_app, person
from tests.support.services import free_port, in_process


class WorkersRead(monitoring.CommandListener):
    """Counts the worker documents the store returns to finds in one database, while on."""

    def __init__(self) -> None:
        self.database = ""
        self.documents = 0
        self.finds: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.database_name == self.database and event.command_name == "find":
            self.finds[str(event.command.get("find"))] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if event.database_name != self.database or event.command_name != "find":
            return
        cursor = event.reply.get("cursor", {})
        if cursor.get("ns", "").endswith(".workers"):
            self.documents += len(cursor.get("firstBatch", []))

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


READ = WorkersRead()
monitoring.register(READ)  # PyMongo keeps listeners for the process: this one counts when asked


def served(app: FastAPI) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
    """The app in-process; an exception the app raises is answered 500, as uvicorn does."""
    return in_process(app, raise_app_exceptions=False)


async def register(api: httpx.AsyncClient, n: int, **overrides: Any) -> dict[str, Any]:
    response = await api.post("/workers", json=person(n, **overrides))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def every_page(api: httpx.AsyncClient, **params: Any) -> list[str]:
    """The worker ids of every page of a search, following the cursors."""
    ids: list[str] = []
    while True:
        response = await api.get("/workers", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        ids += [w["worker_id"] for w in page["items"]]
        if page["next_cursor"] is None:
            return ids
        params = {**params, "cursor": page["next_cursor"]}


def newest_first(created: list[dict[str, Any]]) -> list[str]:
    ordered = sorted(created, key=lambda w: (w["registered_at"], w["worker_id"]), reverse=True)
    return [w["worker_id"] for w in ordered]


@pytest.fixture
def small_buckets() -> int:
    return 3


async def test_pages_are_those_of_a_full_sort_and_the_work_is_bounded(
    kafka_bootstrap: str, mongodb_url: str, unique: str, small_buckets: int
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    app.state.service.name_buckets.size = small_buckets
    async with in_process(app) as api:
        hanoi = [await register(api, n, full_name="Nguyễn Văn An") for n in range(14)]
        elsewhere = [
            await register(api, 20 + n, full_name="Nguyễn Thị Bình", locality=HOAN_KIEM)
            for n in range(4)
        ]
        province = hanoi[0]["locality"]["province_code"]

        assert await every_page(api, name="nguyen", province_code=province, limit=2) == (
            newest_first(hanoi)
        )
        assert await every_page(api, name="nguyen", limit=5) == newest_first(hanoi + elsewhere)
        assert await every_page(api, name="nguyen an", limit=4) == newest_first(hanoi)
        assert await every_page(api, name="binh", limit=50) == newest_first(elsewhere)

        READ.database, READ.documents = f"{unique}_intake", 0
        first = await api.get("/workers", params={"name": "nguyen", "limit": 2})
        READ.database = ""
        assert [w["worker_id"] for w in first.json()["items"]] == newest_first(hanoi + elsewhere)[
            :2
        ]
        # a page of two reads two buckets of three, not all 18 matches
        assert 0 < READ.documents <= 2 * small_buckets, READ.documents
        assert READ.finds[SEARCH_BUCKETS] == 1


async def test_a_corrected_name_is_found_in_its_place(
    kafka_bootstrap: str, mongodb_url: str, unique: str, small_buckets: int
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    app.state.service.name_buckets.size = small_buckets
    async with in_process(app) as api:
        renamed = await register(api, 0, full_name="Lò Văn Thưởng")
        trans = [await register(api, 1 + n, full_name="Trần Văn Nam") for n in range(7)]
        corrected = await api.patch(
            f"/workers/{renamed['worker_id']}",
            json={"full_name": "Trần Văn Thưởng"},
        )
        assert corrected.status_code == 200, corrected.text

        expected = [*newest_first(trans), renamed["worker_id"]]  # registered first: last
        assert await every_page(api, name="tran", limit=3) == expected
        province = renamed["locality"]["province_code"]
        assert await every_page(api, name="tran", province_code=province, limit=2) == expected
        assert await every_page(api, name="tran thuong", limit=2) == [renamed["worker_id"]]
        assert await every_page(api, name="thuong", limit=2) == [renamed["worker_id"]]
        assert await every_page(api, name="lo", limit=2) == []


async def test_a_bucket_whose_marker_is_not_stored_fails_its_workers_and_closes(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    """Registrations naming a bucket whose marker could not be stored fail (none is stored,
    so none is lost to the search), and the next one opens a bucket that is stored."""
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with served(app) as api:
        first = await register(api, 0, full_name="Hà Văn Sơn")
        buckets = app.state.service.name_buckets
        nowhere: AsyncMongoClient[Any] = AsyncMongoClient(
            f"mongodb://127.0.0.1:{free_port()}", serverSelectionTimeoutMS=300
        )
        kept = buckets.markers
        buckets.markers = nowhere[f"{unique}_intake"][SEARCH_BUCKETS]
        try:
            # "Hà Văn Sơn" opened buckets for its keys; "Hà Thị Mai" opens "mai" keys and joins
            # the "ha" ones; a new name's registrations opening buckets all fail together
            failed = await asyncio.gather(
                api.post("/workers", json=person(1, full_name="Lường Văn Xuân")),
                api.post("/workers", json=person(2, full_name="Lường Thị Xuân")),
            )
        finally:
            buckets.markers = kept
            await nowhere.close()
        assert [r.status_code for r in failed] == [500, 500]
        later = await register(api, 3, full_name="Lường Văn Xuân")
        assert await every_page(api, name="luong xuan", limit=5) == [later["worker_id"]]
        assert await every_page(api, name="ha son", limit=5) == [first["worker_id"]]
    stored = store_client[f"{unique}_intake"]["workers"]
    assert await stored.count_documents({"full_name": {"$regex": "^Lường"}}) == 1
