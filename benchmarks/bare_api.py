"""The bare API ``benchmarks.api_vs_bare`` measures intake against: FastAPI and PyMongo alone.

``POST /workers`` validates the body with intake's own ``RegisterWorker`` model and stores it
with one ``insert_one``; ``GET /workers/{worker_id}`` answers one ``find_one``. No tokens, no
audit, no outbox, no duplicate search: the floor an API on this store can reach. Run by
uvicorn as intake is::

    BARE_MONGODB_URL=... BARE_MONGODB_DATABASE=... uvicorn --factory benchmarks.bare_api:create_app
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from pymongo import AsyncMongoClient

from services.intake.domain.registration import RegisterWorker

Document = dict[str, Any]


def create_app() -> FastAPI:
    """Returns the bare app, on the store and database ``BARE_MONGODB_URL`` and
    ``BARE_MONGODB_DATABASE`` name."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        os.environ.get("BARE_MONGODB_URL", "mongodb://127.0.0.1:27017"), tz_aware=True
    )
    workers = client[os.environ.get("BARE_MONGODB_DATABASE", "bare")]["workers"]

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await client.close()

    app = FastAPI(title="Bare API", lifespan=lifespan)

    @app.get("/readyz")
    async def ready() -> dict[str, str]:
        await client.admin.command("ping")
        return {"status": "ready"}

    @app.post("/workers", status_code=201)
    async def register(command: RegisterWorker) -> JSONResponse:
        document = {"_id": str(uuid.uuid4()), **command.model_dump(mode="json")}
        await workers.insert_one(document)
        return JSONResponse({"worker_id": document["_id"], **document}, status_code=201)

    @app.get("/workers/{worker_id}")
    async def read(worker_id: str) -> JSONResponse:
        document = await workers.find_one({"_id": worker_id})
        if document is None:
            raise HTTPException(404, "no such worker")
        return JSONResponse(document)

    return app
