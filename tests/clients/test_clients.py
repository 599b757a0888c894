"""The generated clients: current with the code's OpenAPI document, and the staff-tool example
running on the Python client through the front door against intake and aftercare."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.auth import token_for
from tests.support.infrastructure import ROOT
from tests.support.kafka import fresh_name
from tests.support.services import ServiceProcess, free_port, settings_env
from tools import clients


def test_the_clients_are_what_the_current_openapi_generates() -> None:
    assert clients.check() == [], "clients/ is out of date: run make clients"


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """intake and aftercare as processes on one test's topics, behind the front door (nginx,
    started by scripts/infra.sh front-start as make run starts it)."""
    unique = fresh_name()
    kafka, mongo = os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["MONGODB_URL"]
    logs = tmp_path_factory.mktemp("client-logs")
    services = {
        name: ServiceProcess(
            name, settings_env(name, unique, kafka, mongo), free_port(), logs / f"{name}.log"
        )
        for name in ("intake", "aftercare")
    }
    for process in services.values():
        process.start()
    port = free_port()
    env = {
        **os.environ,
        "HOMEWARD_STATE": str(tmp_path_factory.mktemp("client-door")),
        "FRONT_DOOR_PORT": str(port),
        "INTAKE_HTTP_PORT": str(services["intake"].port),
        "AFTERCARE_HTTP_PORT": str(services["aftercare"].port),
    }
    infra = ["bash", str(Path(ROOT) / "scripts" / "infra.sh")]
    try:
        started = subprocess.run([*infra, "front-start"], env=env, capture_output=True,
                                 text=True, timeout=300)  # fmt: skip
        assert started.returncode == 0, started.stderr
        for process in services.values():
            asyncio.run(process.wait_ready(90))
        yield f"http://127.0.0.1:{port}"
    finally:
        subprocess.run([*infra, "front-stop"], env=env, capture_output=True, timeout=60)
        for process in services.values():
            process.stop()


@pytest.mark.infra
def test_the_staff_tool_registers_finds_and_reads_a_timeline(door: str) -> None:
    officer = token_for("commune_officer", "cb-son-linh", province_code="51", commune_code="21307")
    run = subprocess.run(
        [sys.executable, str(Path(ROOT) / "examples" / "staff_tool.py"), "--base-url", door,
         "--token", officer, "--serial", "424242", "--wait", "90"],
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("registered worker ")
    assert "the new one is among them" in lines[1]
    assert lines[2].startswith("timeline: worker.registered")
    assert "051301" not in run.stdout  # the national ID is never printed
