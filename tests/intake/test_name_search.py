"""The name search walks each name key's chain of pages: every match once, in a stable order,
from any number of processes registering at once, and a page reads as many documents for 10
matches as for 100 (real store)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pymongo import AsyncMongoClient, monitoring

from services.intake.store import NAME_PAGES, WORKERS, NameIndex
from shared.auth import Role
from shared.persistence.kinds import kind_of
from shared.persistence.stores import open_store
from tests.intake.samples import HOAN_KIEM
from tests.intake.support import person
from tests.operations.support import cli_env, homeward
from tests.support.auth import auth_headers
from tests.support.services import in_process, service_app, settings_env


class StoreWork(monitoring.CommandListener):
    """Counts the commands sent to one database, and the documents finds return, while on."""

    def __init__(self) -> None:
        self.database = ""
        self.commands: Counter[str] = Counter()
        self.documents = 0

        self.searching: set[int] = set()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Counts the search's commands: those on the index, and finds of workers by page (the
        service's relay and audit trail work beside it)."""
        if event.database_name != self.database:
            return
        command = event.command
        target = command.get(event.command_name)
        by_page = "search_pages" in json.dumps(command.get("filter", {}), default=str)
        if target == NAME_PAGES or (target == WORKERS and by_page):
            self.commands[f"{event.command_name} {target}"] += 1
            self.searching.add(event.request_id)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if event.request_id in self.searching:
            self.searching.discard(event.request_id)
            cursor = event.reply.get("cursor", {})
            self.documents += len(cursor.get("firstBatch", cursor.get("nextBatch", [])))

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


WORK = StoreWork()
monitoring.register(WORK)  # PyMongo keeps listeners for the process: this one counts when asked


@contextmanager
def counting(database: str) -> Iterator[StoreWork]:
    WORK.database, WORK.commands, WORK.documents = database, Counter(), 0
    try:
        yield WORK
    finally:
        WORK.database = ""


async def register(api: httpx.AsyncClient, n: int, **overrides: Any) -> dict[str, Any]:
    response = await api.post("/workers", json=person(n, **overrides))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def every_page(
    api: httpx.AsyncClient, headers: dict[str, str] | None = None, **params: Any
) -> list[str]:
    """The worker ids of every page of a search, following the cursors."""
    ids: list[str] = []
    while True:
        response = await api.get("/workers", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= int(params.get("limit", 50))
        ids += [w["worker_id"] for w in page["items"]]
        if page["next_cursor"] is None:
            return ids
        params = {**params, "cursor": page["next_cursor"]}


def newest_first(created: list[dict[str, Any]]) -> list[str]:
    """The order a name search gives workers registered one after another, in ``created``'s
    order: the index took them in that order (two in one millisecond too)."""
    ordered = sorted(enumerate(created), key=lambda p: (p[1]["registered_at"], p[0]), reverse=True)
    return [w["worker_id"] for _, w in ordered]


def by_time_then_id(created: list[dict[str, Any]]) -> list[str]:
    """The order of the plain list, and of ``homeward index-names``' indexing: newest first,
    workers registered in one millisecond by id."""
    ordered = sorted(created, key=lambda w: (w["registered_at"], w["worker_id"]), reverse=True)
    return [w["worker_id"] for w in ordered]


def intake_app(unique: str, kafka: str, mongo: str) -> FastAPI:
    """Intake on the test's database, without the per-caller limit on searches (tested in its
    own place: these tests search hundreds of times a minute)."""
    env = settings_env("intake", unique, kafka, mongo)
    return service_app("intake", {**env, "AUTH_EXPENSIVE_RATE_LIMIT": "1000000/minute"})


def small_pages(app: FastAPI, size: int = 3) -> None:
    app.state.service.names.size = size


async def test_every_match_once_in_a_stable_order_across_pages(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app)
    async with in_process(app) as api:
        hanoi = [await register(api, n, full_name="Nguyễn Văn An") for n in range(14)]
        elsewhere = [
            await register(api, 20 + n, full_name="Nguyễn Thị Bình", locality=HOAN_KIEM)
            for n in range(4)
        ]
        province = hanoi[0]["locality"]["province_code"]

        # one process registering one after another: the pages' order is the registrations'
        for limit in (1, 2, 3, 5, 50):
            assert await every_page(api, name="nguyen", province_code=province, limit=limit) == (
                newest_first(hanoi)
            )
            assert await every_page(api, name="nguyen", limit=limit) == newest_first(
                hanoi + elsewhere
            )
        assert await every_page(api, name="nguyen an", limit=4) == newest_first(hanoi)
        assert await every_page(api, name="NGUYỄN  văn", limit=4) == newest_first(hanoi)
        many = "n ng ngu nguy nguye nguyen v va van a an"  # the keys of its 4 longest compared
        assert await every_page(api, name=many, limit=4) == newest_first(hanoi)
        assert await every_page(api, name=f"{many} binh", limit=4) == []
        assert await every_page(api, name="binh", limit=50) == newest_first(elsewhere)
        assert await every_page(api, name="b", limit=2) == newest_first(elsewhere)
        assert await every_page(api, name="nguyen x", limit=2) == []
        # a caller whose area is one province walks that province's key
        officer = auth_headers(
            Role.COMMUNE_OFFICER, "officer-son-linh", province_code=province, commune_code="21307"
        )
        with counting(f"{unique}_intake") as seen:
            assert await every_page(api, officer, name="nguyen", limit=50) == newest_first(hanoi)
        assert seen.commands["find workers"] == 5  # pages 4 to 0 of p51|nguyen: 14 workers
        assert await every_page(api, name="zz", limit=2) == []


async def test_a_renamed_or_merged_worker_leaves_its_old_names(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app)
    async with in_process(app) as api:
        renamed = await register(api, 0, full_name="Lò Văn Thưởng")
        trans = [await register(api, 1 + n, full_name="Trần Văn Nam") for n in range(7)]
        corrected = await api.patch(
            f"/workers/{renamed['worker_id']}", json={"full_name": "Trần Văn Thưởng"}
        )
        assert corrected.status_code == 200, corrected.text

        # "tran" took the renamed worker in its newest page (beside the 7th Trần), when renamed
        older = newest_first(trans)
        expected = [older[0], renamed["worker_id"], *older[1:]]
        assert await every_page(api, name="tran", limit=3) == expected
        province = renamed["locality"]["province_code"]
        assert await every_page(api, name="tran", province_code=province, limit=2) == expected
        assert await every_page(api, name="tran thuong", limit=2) == [renamed["worker_id"]]
        assert await every_page(api, name="thuong", limit=2) == [renamed["worker_id"]]
        assert await every_page(api, name="lo", limit=2) == []

        born = person(0)["date_of_birth"]
        first = await register(api, 30, full_name="Hà Thị Mai", date_of_birth=born)
        twin = await register(api, 31, full_name="Hà Thị Mai", date_of_birth=born)
        assert twin["likely_duplicates"] == [first["worker_id"]]
        review = (await api.get("/duplicates")).json()["items"][0]
        decided = await api.post(
            f"/duplicates/{review['review_id']}/decision",
            json={
                "decision": "same_person",
                "reason": "one card",
                "survivor_id": first["worker_id"],
            },
        )
        assert decided.status_code == 200, decided.text
        assert await every_page(api, name="ha mai", limit=1) == [first["worker_id"]]
        assert await every_page(api, name="ha mai", status="merged") == [twin["worker_id"]]


async def test_processes_registering_one_name_at_once_lose_nobody(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    """Two intake apps on one database (two processes' page counters), 40 registrations of
    one name at once: every worker is found once, and no page holds more than its slots."""
    one, other = (intake_app(unique, kafka_bootstrap, mongodb_url) for _ in range(2))
    small_pages(one)
    small_pages(other)
    async with in_process(one) as first, in_process(other) as second:
        created = await asyncio.gather(
            *(register(first if n % 2 else second, n, full_name="Nguyễn Văn An") for n in range(40))
        )
        ids = [w["worker_id"] for w in created]
        for api in (first, second):
            found = await every_page(api, name="nguyen van", limit=7)
            assert sorted(found) == sorted(ids)
            assert len(found) == len(set(found))
            assert await every_page(api, name="nguyen van", limit=7) == found  # stable
    workers = store_client[f"{unique}_intake"][WORKERS]
    pages: Counter[str] = Counter()
    async for worker in workers.find({}, {"search_pages": 1}):
        pages.update(p for p in worker["search_pages"] if p.startswith("*|nguyen#"))
    assert len(pages) >= 40 // 3, pages
    assert max(pages.values()) <= 3, pages


async def test_concurrent_indexes_claim_each_page_once(
    mongodb_url: str, unique: str, store_client: AsyncMongoClient[Any]
) -> None:
    """Four indexes (four processes) taking 200 slots of one key at once: pages are claimed
    one after another, each by one index, none holds more than its slots, and a search's
    newest page is the last one claimed."""
    database = store_client[f"{unique}_intake"]
    on = open_store(database, kind_of(database))
    indexes = [NameIndex(on, size=4) for _ in range(4)]
    placed = await asyncio.gather(
        *(indexes[n % 4].register(["tr", "tran"], "01") for n in range(200))
    )
    pages = Counter(fields["search_pages"][1] for fields in placed)  # "*|tran#<n>"
    assert max(pages.values()) <= 4
    numbers = sorted(int(p.rpartition("#")[2]) for p in pages)
    claims = await database[NAME_PAGES].count_documents({"_id": {"$regex": r"^\*\|tran#"}})
    assert numbers == list(range(len(numbers))), numbers  # one after another
    assert claims == len(numbers)
    assert await NameIndex(on)._newest("*|tran") == numbers[-1]


async def test_a_search_page_reads_as_much_for_10_matches_as_for_100(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app, 5)
    async with in_process(app) as api:
        gate = asyncio.Semaphore(8)

        async def one(n: int, name: str) -> None:
            async with gate:
                await register(api, n, full_name=name)

        await asyncio.gather(*(one(n, "Hà Văn Sơn") for n in range(10)))
        await asyncio.gather(*(one(100 + n, "Bùi Việt Cường") for n in range(100)))
        # Heads are raised in the background after the registrations (and a search that
        # finds one behind its claims raises it): the work compared is the settled index's.
        for name in ("son", "cuong"):
            assert (await api.get("/workers", params={"name": name, "limit": 4})).status_code == 200
        await app.state.service.names.close()  # waits for the heads being raised

        work: dict[str, list[tuple[int, dict[str, int]]]] = {}
        for name in ("son", "cuong"):
            cursor = None
            for _ in range(2):  # the first page and the one after it
                params: dict[str, str | int] = {
                    "name": name,
                    "limit": 4,
                    **({"cursor": cursor} if cursor else {}),
                }
                with counting(f"{unique}_intake") as seen:
                    response = await api.get("/workers", params=params)
                assert response.status_code == 200, response.text
                assert len(response.json()["items"]) == 4
                cursor = response.json()["next_cursor"]
                work.setdefault(name, []).append((seen.documents, dict(seen.commands)))
        assert work["son"] == work["cuong"], work
        assert all(documents <= 2 * 5 + 2 for documents, _ in work["son"]), work


def _cursor(*position: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode().rstrip("=")


async def test_odd_cursors_are_refused_naming_the_cursor(
    kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app)
    async with in_process(app, raise_app_exceptions=False) as api:
        for n in range(7):
            await register(api, n, full_name="Nguyễn Văn An")
        await register(api, 9, full_name="Trần Văn Nam")
        page = (await api.get("/workers", params={"name": "nguyen", "limit": 2})).json()
        good = json.loads(base64.urlsafe_b64decode(page["next_cursor"] + "=="))
        plain = (await api.get("/workers", params={"limit": 2})).json()["next_cursor"]
        odd = [
            "garbage",
            "%%%",
            "=" * 40,
            _cursor(),
            _cursor("n", good[1], -1, None, None),
            _cursor("n", good[1], 10**40, None, None),  # past the end
            _cursor("n", good[1], 3.5, None, None),
            _cursor("n", good[1], True, None, None),
            _cursor("n", good[1], "1", None, None),
            _cursor("n", good[1], 0, "2026-01-01T00:00:00", "x"),  # no offset
            _cursor("n", good[1], 0, "9999-12-31T23:59:59-01:00", None),
            _cursor("n", good[1], 0, "not a time", "x"),
            _cursor("n", good[1], 0, "2026-01-01T00:00:00+00:00", 7),
            _cursor("x", good[1], 0, None, None),
            _cursor("n", good[1], 0, None, None, "extra"),
            _cursor({"n": 1}),
            _cursor("n", "0" * 12, 0, None, None),  # another key's
            plain,  # the plain list's
            "A" * 300,
        ]
        for cursor in odd:
            response = await api.get("/workers", params={"name": "nguyen", "cursor": cursor})
            assert response.status_code == 422, (cursor, response.text)
            assert "cursor" in response.text, response.text
        for cursor in (
            page["next_cursor"],
            _cursor("9999-12-31T23:59:59-01:00", "x"),
            _cursor("0001-01-01T00:00:00+01:00", "x"),
            _cursor("2026-01-01T00:00:00", "x"),
        ):
            response = await api.get("/workers", params={"cursor": cursor})
            assert response.status_code == 422, (cursor, response.text)
            assert "cursor" in response.text, response.text
        over = await api.get("/workers", params={"name": "nguyen", "cursor": "A" * 301})
        assert over.status_code == 422
        # a good cursor still works, beside a name it does not belong to
        again = await api.get("/workers", params={"name": "nguyen", "cursor": page["next_cursor"]})
        assert again.status_code == 200
        assert len(again.json()["items"]) == 5
        other = await api.get("/workers", params={"name": "tran", "cursor": page["next_cursor"]})
        assert other.status_code == 422
        assert "cursor" in other.text


@pytest.mark.parametrize("size", [1, 2])
async def test_tiny_pages_still_find_everyone(
    kafka_bootstrap: str, mongodb_url: str, unique: str, size: int
) -> None:
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app, size)
    async with in_process(app) as api:
        created = [await register(api, n, full_name="Vàng Thị Dợ") for n in range(5)]
        for limit in (1, 4, 200):
            assert await every_page(api, name="vang do", limit=limit) == newest_first(created)


async def test_workers_stored_before_the_index_are_found_then_indexed(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any, tmp_path: Path
) -> None:
    """A database holding workers without pages (and the former time buckets) keeps the plain
    search until ``homeward index-names`` has indexed them; then the index finds them all."""
    database = store_client[f"{unique}_intake"]
    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        created = [await register(api, n, full_name="Nguyễn Văn An") for n in range(5)]
    await database[WORKERS].update_many(
        {}, {"$unset": {"search_pages": ""}, "$set": {"search_buckets": ["*|nguyen|b"]}}
    )
    await database[NAME_PAGES].delete_many({})
    await database["search_buckets"].insert_one({"_id": "*|nguyen|b", "key": "*|nguyen"})

    before = intake_app(unique, kafka_bootstrap, mongodb_url)
    async with in_process(before) as api:
        assert await every_page(api, name="nguyen", limit=2) == by_time_then_id(created)
        assert not await before.state.service.names.ready()
    env = cli_env(unique, kafka_bootstrap, mongodb_url, tmp_path)
    result = await homeward(env, "index-names")
    assert "5 worker(s) indexed" in result.output

    async with in_process(intake_app(unique, kafka_bootstrap, mongodb_url)) as api:
        with counting(f"{unique}_intake") as seen:
            assert await every_page(api, name="nguyen", limit=2) == by_time_then_id(created)
        assert seen.commands["find workers"] >= 3  # read by page
    assert await database[WORKERS].count_documents({"search_pages": {"$exists": False}}) == 0
    assert await database[WORKERS].count_documents({"search_buckets": {"$exists": True}}) == 0
    assert "search_buckets" not in await database.list_collection_names()
    again = await homeward(env, "index-names")
    assert "0 worker(s) indexed" in again.output


async def test_a_head_behind_its_claims_or_lost_is_only_a_hint(
    kafka_bootstrap: str, mongodb_url: str, unique: str, store_client: Any
) -> None:
    """Heads are raised with ``$max``, which FerretDB v1 may lose under concurrency: a search
    reads the claims above a head that lags (and raises it), and a process that starts without
    knowing the key claims the next free page, with the head behind, or gone."""
    pages = store_client[f"{unique}_intake"][NAME_PAGES]
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app, 2)
    async with in_process(app) as api:
        created = [await register(api, n, full_name="Bùi Việt Cường") for n in range(10)]
    assert (await pages.find_one({"_id": "*|bui"}))["page"] == 4

    await pages.update_one({"_id": "*|bui"}, {"$set": {"page": 1}})
    app = intake_app(unique, kafka_bootstrap, mongodb_url)
    small_pages(app, 2)
    async with in_process(app) as api:
        assert await every_page(api, name="bui", limit=3) == newest_first(created)
        assert (await pages.find_one({"_id": "*|bui"}))["page"] == 4  # raised by the search
        await pages.delete_one({"_id": "*|bui"})
        created.append(await register(api, 10, full_name="Bùi Việt Cường"))
        await app.state.service.names.close()  # heads are raised after the registration
        assert (await pages.find_one({"_id": "*|bui"}))["page"] == 5
        assert await every_page(api, name="bui", limit=4) == newest_first(created)
