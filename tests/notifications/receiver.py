"""A webhook receiver for tests: uvicorn on loopback, verifying Standard Webhooks signatures
with the ``standardwebhooks`` package; it can fail the first N attempts or answer slowly."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from standardwebhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.services import free_port


@dataclass
class Receiver:
    """What a receiver got: verified bodies in arrival order, and every attempt's answer."""

    secret: str
    fail_first: int = 0
    delay_s: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    arrival: list[float] = field(default_factory=list)
    url: str = ""

    async def hook(self, request: Request) -> Response:
        body = await request.body()
        try:
            Webhook(self.secret).verify(body, dict(request.headers))
        except WebhookVerificationError:
            self.answers.append(401)
            return Response(status_code=401)
        await asyncio.sleep(self.delay_s)
        if len(self.answers) < self.fail_first:
            self.answers.append(503)
            return Response(status_code=503)
        self.answers.append(204)
        self.received.append(json.loads(body))
        self.arrival.append(time.monotonic())
        return Response(status_code=204)


@contextlib.asynccontextmanager
async def receiving(receiver: Receiver) -> AsyncIterator[Receiver]:
    """Runs the receiver on a loopback port for the block."""
    port = free_port()
    app = Starlette(routes=[Route("/hook", receiver.hook, methods=["POST"])])
    # A client that stops mid-request (a service shut down while sending) must not hold the
    # receiver's shutdown: uvicorn would otherwise wait for that connection for ever.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.05)
    receiver.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task
