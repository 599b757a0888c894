"""Runs a service for a test: in-process (lifespan + ASGI transport) or as a real process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT

SERVICES = ("intake", "training", "deployment", "aftercare")


def settings_env(service: str, prefix: str, kafka: str, mongo: str, **extra: str) -> dict[str, str]:
    """Returns the environment that points a service at a test's own topics and database."""
    upper = service.upper()
    env = {
        f"{upper}_KAFKA_BOOTSTRAP_SERVERS": kafka,
        f"{upper}_MONGODB_URL": mongo,
        f"{upper}_MONGODB_DATABASE": f"{prefix}_{service}",
        f"{upper}_TOPIC_PREFIX": f"{prefix}.",
        # Each test's consumers in groups of their own: tests running at once never make each
        # other's groups rebalance.
        f"{upper}_CONSUMER_GROUP_PREFIX": f"{prefix}.",
        f"{upper}_ENVIRONMENT": "test",
        f"{upper}_LOG_FORMAT": "json",
        f"{upper}_RELAY_IDLE_INTERVAL_S": "0.05",
        f"{upper}_KEY_STORE_DATABASE": f"{prefix}_keys",
    }
    env.update({f"{upper}_{k.upper()}": v for k, v in extra.items()})
    return env


async def wait_ready(client: httpx.AsyncClient, timeout_s: float = 60.0) -> dict[str, Any]:
    """Polls /readyz until it answers 200; returns its body."""
    deadline = time.monotonic() + timeout_s
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            response = await client.get("/readyz")
            body = response.json()
            if response.status_code == 200:
                return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"service not ready within {timeout_s}s: {body}")


@contextlib.asynccontextmanager
async def in_process(
    app: FastAPI, ready: bool = True, raise_app_exceptions: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    """Runs the app's lifespan and yields an HTTP client bound to it. With
    ``raise_app_exceptions=False`` an exception the app raises is answered 500, as uvicorn does."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        async with authorized_client(transport=transport, base_url="http://service") as client:
            if ready:
                await wait_ready(client)
            yield client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class ServiceProcess:
    """A service running as its own uvicorn process, as in production."""

    service: str
    env: dict[str, str]
    port: int
    log_path: Path
    factory: str = ""
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = self._spawn(log)

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                self.factory or f"services.{self.service}.app:create_app",
                "--http",
                "shared.server:BoundedHttpToolsProtocol",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "8",
            ],
            env={**os.environ, **self.env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    async def wait_ready(self, timeout_s: float = 60.0) -> None:
        async with httpx.AsyncClient(base_url=self.url) as client:
            await wait_ready(client, timeout_s)

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def terminate(self, timeout_s: float = 15.0) -> float:
        """SIGTERM; returns how long the process took to exit."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout_s)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(Exception):
                self.terminate()
        self.kill()


def service_app(service: str, env: dict[str, str], module_name: str = "") -> FastAPI:
    """Builds a service's app in-process with the given environment."""
    module = __import__(module_name or f"services.{service}.app", fromlist=["create_app"])
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        factory: Callable[[], FastAPI] = module.create_app
        return factory()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
