"""scripts/infra.sh starts the store on the backend STORE_BACKEND chooses, or fails saying why.

A clone in a folder the ``postgres`` user cannot enter (``mktemp -d`` as root, anything under
``/root``) used to have ``initdb`` refused and FerretDB started on SQLite without a word. Each
test runs a store of its own (PostgreSQL and FerretDB, no Kafka) in a ``mkdtemp`` folder, which
only its owner may enter.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.errors import OperationFailure

from tests.support.infrastructure import ROOT
from tests.support.services import free_port


class LocalStore:
    """A store of the test's own, run by scripts/infra.sh in a private folder."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="homeward-store-"))
        self.state = self.folder / "stack"
        self.port = free_port()

    def run(self, command: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / "infra.sh"), command],
            env={
                **os.environ,
                "HOMEWARD_STATE": str(self.state),
                "STORE_PORT": str(self.port),
                "STORE_BACKEND": "postgresql",
                **env,
            },
            text=True,
            capture_output=True,
            check=False,
            timeout=300,
        )

    def client(self) -> MongoClient[dict[str, object]]:
        return MongoClient(f"mongodb://127.0.0.1:{self.port}", serverSelectionTimeoutMS=10_000)


@pytest.fixture
def local_store() -> Iterator[LocalStore]:
    store = LocalStore()
    yield store
    store.run("down")
    cluster = (store.state / "postgres").resolve()
    shutil.rmtree(store.folder, ignore_errors=True)
    if cluster.name != "postgres":  # placed in the postgres user's home: removed with its state
        shutil.rmtree(cluster, ignore_errors=True)


def test_the_store_runs_on_postgresql_from_a_folder_only_its_owner_may_enter(
    local_store: LocalStore,
) -> None:
    assert local_store.folder.stat().st_mode & 0o777 == 0o700
    started = local_store.run("store-start")
    assert started.returncode == 0, started.stderr
    assert "(postgresql) listening" in started.stderr
    status = local_store.run("status").stdout
    assert f"store: up on {local_store.port} (postgresql)" in status

    cluster = local_store.state / "postgres"
    if os.geteuid() == 0:  # PostgreSQL runs as the postgres user, who cannot enter the folder
        home = Path(pwd.getpwnam("postgres").pw_dir).resolve()
        assert cluster.is_symlink()
        assert cluster.resolve().parent == home / "homeward"
    assert (cluster / "data" / "PG_VERSION").is_file()

    with local_store.client() as client:
        kept = client["probe"]["kept"]
        kept.insert_one({"_id": "before-restart"})
        # PostgreSQL stores no U+0000 and refuses it in the store; SQLite would store it.
        with pytest.raises(OperationFailure, match="22P05"):
            kept.insert_one({"_id": "nul", "text": "a\u0000b"})

    assert local_store.run("down").returncode == 0
    again = local_store.run("store-start")
    assert again.returncode == 0, again.stderr
    with local_store.client() as client:
        assert [d["_id"] for d in client["probe"]["kept"].find()] == ["before-restart"]


def test_a_backend_that_cannot_start_fails_the_command_and_says_why(
    local_store: LocalStore,
) -> None:
    unknown = local_store.run("store-start", STORE_BACKEND="mongodb")
    assert unknown.returncode != 0
    assert "STORE_BACKEND=mongodb: FerretDB's backend is postgresql or sqlite" in unknown.stderr

    assert local_store.run("store-start").returncode == 0
    other = local_store.run("store-start", STORE_BACKEND="sqlite")
    assert other.returncode != 0
    assert "runs on postgresql, and STORE_BACKEND=sqlite" in other.stderr

    assert local_store.run("down").returncode == 0
    config = local_store.state / "postgres" / "data" / "postgresql.conf"
    config.write_text(config.read_text() + "\nshared_buffers = 'not a size'\n")
    broken = local_store.run("store-start")
    assert broken.returncode != 0
    assert "PostgreSQL did not start" in broken.stderr
    assert "invalid value for parameter" in broken.stderr
    assert "store: down" in local_store.run("status").stdout
