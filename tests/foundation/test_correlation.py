"""A request's correlation id is bound to its log lines while it runs, echoed on its answer,
and unbound after it, leaving what was bound before as it was."""

from __future__ import annotations

import httpx
import structlog
from fastapi import FastAPI

from shared.wiring import CorrelationMiddleware

GIVEN = "2e54393a-2261-45a5-8a95-0fbe5a285583"


def app_seeing(seen: dict[str, object]) -> FastAPI:
    app = FastAPI()
    app.add_middleware(CorrelationMiddleware)

    @app.get("/")
    async def root() -> dict[str, str]:
        seen.update(structlog.contextvars.get_contextvars())
        return {}

    return app


async def test_the_id_is_bound_while_the_request_runs_and_unbound_after() -> None:
    seen: dict[str, object] = {}
    transport = httpx.ASGITransport(app=app_seeing(seen))
    structlog.contextvars.bind_contextvars(correlation_id="outer", job="nightly")
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
            given = await client.get("/", headers={"X-Correlation-ID": GIVEN})
            assert seen == {"correlation_id": GIVEN, "job": "nightly"}
            assert given.headers["x-correlation-id"] == GIVEN
            assert structlog.contextvars.get_contextvars() == {
                "correlation_id": "outer",
                "job": "nightly",
            }
            structlog.contextvars.clear_contextvars()
            seen.clear()
            made = await client.get("/")
            assert seen == {"correlation_id": made.headers["x-correlation-id"]}
            assert structlog.contextvars.get_contextvars() == {}
    finally:
        structlog.contextvars.clear_contextvars()
