"""Which real Kafka and store the suite uses, in this order:

1. ``KAFKA_BOOTSTRAP_SERVERS`` / ``MONGODB_URL`` if set;
2. testcontainers (Kafka, MongoDB) if a Docker engine answers;
3. else the project's own local processes (scripts/infra.sh), started once per run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_KAFKA_PORT = int(os.environ.get("HOMEWARD_TEST_KAFKA_PORT", "39092"))
TEST_STORE_PORT = int(os.environ.get("HOMEWARD_TEST_STORE_PORT", "37017"))
TEST_STATE = ROOT / ".local" / "test-stack"


@dataclass
class Infrastructure:
    """Addresses of the real broker and store, and how to stop what we started."""

    kafka_bootstrap_servers: str
    mongodb_url: str
    origin: str
    stop: list[Callable[[], None]] = field(default_factory=list)
    local: bool = False
    store_kind: str = "ferretdb"

    def shutdown(self) -> None:
        for stop in reversed(self.stop):
            with contextlib.suppress(Exception):
                stop()


def infra_script(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs scripts/infra.sh against the test stack's ports and state folder."""
    env = {
        **os.environ,
        "KAFKA_PORT": str(TEST_KAFKA_PORT),
        "STORE_PORT": str(TEST_STORE_PORT),
        "HOMEWARD_STATE": str(TEST_STATE),
        "KAFKA_HEAP": os.environ.get("KAFKA_HEAP", "768m"),
    }
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "infra.sh"), *args],
        env=env,
        check=check,
        text=True,
        capture_output=True,
    )


def _docker_answers() -> bool:
    """True if a Docker engine answers its ping (the client alone is not enough)."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if not host.startswith("unix://"):
        return _docker_client_pings()
    path = host.removeprefix("unix://")
    if not os.path.exists(path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(3)
        try:
            sock.connect(path)
            sock.sendall(b"GET /_ping HTTP/1.0\r\n\r\n")
            return b" 200 " in sock.recv(64)
        except OSError:
            return False


def _docker_client_pings() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _from_containers() -> Infrastructure:
    from testcontainers.kafka import KafkaContainer
    from testcontainers.mongodb import MongoDbContainer

    kafka = KafkaContainer("apache/kafka:4.1.1").with_kraft()
    mongo = MongoDbContainer("mongo:8.0")
    kafka.start()
    mongo.start()
    return Infrastructure(
        kafka.get_bootstrap_server(),
        mongo.get_connection_url(),
        "testcontainers",
        stop=[kafka.stop, mongo.stop],
        store_kind="mongodb",
    )


def _from_local_processes() -> Infrastructure:
    result = infra_script("up", check=False)
    if result.returncode != 0:
        raise RuntimeError(f"local infrastructure failed to start:\n{result.stderr}")
    keep = os.environ.get("HOMEWARD_KEEP_TEST_STACK") == "1"
    return Infrastructure(
        f"127.0.0.1:{TEST_KAFKA_PORT}",
        f"mongodb://127.0.0.1:{TEST_STORE_PORT}",
        "local processes",
        stop=[] if keep else [_stop_local],
        local=True,
    )


def _stop_local() -> None:
    infra_script("down", check=False)
    # Each run's topics and databases go with it: a stack kept from run to run gathered
    # thousands of partitions until Kafka's heap ran out (12,868 took a 512 MB broker down).
    shutil.rmtree(TEST_STATE, ignore_errors=True)


def provide() -> Infrastructure:
    """Returns the infrastructure for this run, starting it if needed."""
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    mongo = os.environ.get("MONGODB_URL")
    if kafka and mongo:
        # A store named by the environment is the kind STORE_KIND says; ours run FerretDB.
        return Infrastructure(
            kafka, mongo, "environment", store_kind=os.environ.get("STORE_KIND") or "ferretdb"
        )
    if _docker_answers():
        return _from_containers()
    return _from_local_processes()


@dataclass
class PrivateStack:
    """A Kafka and a store of one test's own, which the test may stop and restart."""

    state: Path
    kafka_port: int
    store_port: int
    controller_port: int = 0

    @property
    def kafka_bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def mongodb_url(self) -> str:
        return f"mongodb://127.0.0.1:{self.store_port}"

    def run(self, command: str) -> None:
        env = {
            **os.environ,
            "KAFKA_PORT": str(self.kafka_port),
            "KAFKA_CONTROLLER_PORT": str(self.controller_port or self.kafka_port + 1),
            "STORE_PORT": str(self.store_port),
            "HOMEWARD_STATE": str(self.state),
            "KAFKA_HEAP": "384m",
        }
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "infra.sh"), command],
            env=env,
            text=True,
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"infra.sh {command} failed:\n{result.stderr}")
