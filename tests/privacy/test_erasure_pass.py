"""The erasure passes of aftercare and training read only the erasures they have not finished,
on the real store: after many erasures are finished, a pass reads none of them again (the view
documents it reads are counted through the seam), and a new erasure is still finished."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.aftercare import store as aftercare_store
from services.aftercare.app import aftercare_service
from services.training import store as training_store
from services.training.app import training_service
from shared.idempotency import Answer, IdempotencyKeys
from shared.persistence import Collection, Document, Update
from shared.persistence.kinds import kind_of
from shared.persistence.stores import Store, open_store
from shared.privacy.erasure_pass import ERASURE_DUE, ErasurePass, erasure_mark
from tests.aftercare.builders import abroad

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
FINISHED = 12
"""How many erasures are finished before the pass that must read none of them."""


class Counted:
    """A collection whose reads count the documents they return."""

    def __init__(self, inner: Collection) -> None:
        self.inner = inner
        self.read = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def find(self, *args: Any, **kwargs: Any) -> list[Document]:
        return self._count(await self.inner.find(*args, **kwargs))

    async def get_many(self, *args: Any, **kwargs: Any) -> list[Document]:
        return self._count(await self.inner.get_many(*args, **kwargs))

    async def get(self, *args: Any, **kwargs: Any) -> Document | None:
        found = await self.inner.get(*args, **kwargs)
        self.read += found is not None
        return found

    def _count(self, documents: Sequence[Document]) -> list[Document]:
        self.read += len(documents)
        return list(documents)


def counted(erasures: ErasurePass | None) -> Counted:
    """Counts the view documents the pass reads from now on."""
    assert erasures is not None
    views = Counted(erasures.views)
    erasures.views = views
    return views


@pytest.fixture
async def on(store_client: AsyncMongoClient[dict[str, Any]], unique: str) -> Store:
    database = store_client[f"{unique}_erasures"]
    on = open_store(database, kind_of(database))
    await aftercare_store.prepare(on)
    await training_store.prepare(on)
    return on


async def _answer(on: Store, worker_id: str) -> None:
    async def create(_: str | None) -> Answer:
        return Answer(201, {"worker_id": worker_id})

    await IdempotencyKeys.of(on).run("enrol_worker", f"key-{worker_id}", {}, create)


async def _answers_about(on: Store, worker_ids: list[str]) -> int:
    keys = on.collection("idempotency_keys")
    return len(await keys.find({"worker_id": {"$in": worker_ids}}, {"_id": 1}))


async def _erase_case(on: Store, worker_id: str) -> None:
    """A case as aftercare's view holds it once it heard ``worker.erased``."""
    case = abroad(worker_id, NOW - 100 * DAY, (NOW + 300 * DAY).date())
    state = {**aftercare_store.case_state(case), "erased": True}
    await on.collection(aftercare_store.CASES).insert(
        {"_id": worker_id, "version": 1, **state, **erasure_mark(True)}
    )
    await _answer(on, worker_id)


async def test_aftercare_reads_no_finished_erasure_again(on: Store) -> None:
    service = aftercare_service(on, "test.")
    service.stored_answers = IdempotencyKeys.of(on)
    finished = [f"w-{n:02}" for n in range(FINISHED)]
    for worker_id in finished:
        await _erase_case(on, worker_id)
    assert sorted(await service.forget_erased()) == finished
    assert await _answers_about(on, finished) == 0

    views = counted(service.erasures)
    assert await service.forget_erased() == []
    assert views.read == 0

    await _erase_case(on, "w-new")
    assert await service.forget_erased() == ["w-new"]
    assert views.read == 1
    assert await _answers_about(on, ["w-new"]) == 0


async def _erase_trainee(on: Store, worker_id: str) -> None:
    """A trainee as training's view holds it once it heard ``worker.erased``, whose
    certificate number the register still names, with an answer kept for a retry."""
    trainee = {"_id": worker_id, "version": 1, "worker_id": worker_id, "erased": True}
    await on.collection(training_store.TRAINEES).insert({**trainee, **erasure_mark(True)})
    register = training_store.certificate_numbers(on)
    assert await register.claim(f"JP-{worker_id}", f"en-{worker_id}", {"worker_id": worker_id})
    await _answer(on, worker_id)


async def test_training_reads_no_finished_erasure_again(on: Store) -> None:
    service = training_service(on, "test.")
    finished = [f"w-{n:02}" for n in range(FINISHED)]
    for worker_id in finished:
        await _erase_trainee(on, worker_id)
    assert sorted(await service.forget_erased()) == finished
    assert await _answers_about(on, finished) == 0
    assert await service.certificates.owner_of("JP-w-00") is None

    views = counted(service.erasures)
    assert await service.forget_erased() == []
    assert views.read == 0

    await _erase_trainee(on, "w-new")
    assert await service.forget_erased() == ["w-new"]
    assert views.read == 1
    assert await service.certificates.owner_of("JP-w-new") is None
    assert await _answers_about(on, ["w-new"]) == 0


async def test_views_erased_before_the_mark_are_finished_once(on: Store) -> None:
    """Views written before the mark existed say erased without it: the first pass on the
    store marks them due and finishes them; no later pass, in this process or another,
    looks at them again."""
    views = on.collection(training_store.TRAINEES)
    for worker_id in ("w-old-1", "w-old-2"):
        await views.insert({"_id": worker_id, "version": 3, "erased": True})
    await views.insert({"_id": "w-live", "version": 1, "erased": False})
    forgotten: list[str] = []

    async def forget(worker_id: str) -> None:
        forgotten.append(worker_id)

    assert sorted(await ErasurePass.on(on, training_store.TRAINEES, forget).run()) == [
        "w-old-1",
        "w-old-2",
    ]
    restarted = ErasurePass.on(on, training_store.TRAINEES, forget)
    read = counted(restarted)
    assert await restarted.run() == []
    assert read.read == 0
    assert sorted(forgotten) == ["w-old-1", "w-old-2"]


async def test_a_view_written_meanwhile_stays_due_and_is_finished_next(on: Store) -> None:
    """The view's consumer writes the document between the pass's read and its mark: the mark
    is refused (the version moved), so the next pass finishes the worker again."""
    views = on.collection(training_store.TRAINEES)
    await views.insert({"_id": "w-1", "version": 1, "erased": True, ERASURE_DUE: True})
    forgotten: list[str] = []

    async def forget_while_the_consumer_writes(worker_id: str) -> None:
        forgotten.append(worker_id)
        if len(forgotten) == 1:
            assert await views.advance(worker_id, 1, Update(set={"applied": ["e-2"]}))

    erasures = ErasurePass.on(on, training_store.TRAINEES, forget_while_the_consumer_writes)
    assert await erasures.run() == ["w-1"]
    assert await erasures.run() == ["w-1"]
    assert await erasures.run() == []
    assert forgotten == ["w-1", "w-1"]
