"""Every service that seals or opens personal fields gets the master keys and the key store.

A service whose runtime holds the workers' data keys (``ServiceRuntime.keys``) must, in both
overlays: read ``MASTER_KEY_FILE`` as a key of a Secret mounted into its container (the whole
directory: a ``subPath`` mount never sees a rotated Secret), and its MongoDB user must be given
``readWrite`` on the key store database its settings name (the init Job's ``SHARED_DATABASES``,
which ``init.js`` grants to every service user). The checks are also run on manifests broken
on purpose, so they cannot pass by accident.
"""

from __future__ import annotations

import copy
import importlib
import os
from typing import Any
from unittest import mock

import pytest

from shared.settings import ServiceSettings
from tests.deploy.manifests import (
    K8S,
    OVERLAYS,
    Manifest,
    ServiceUnderTest,
    of_kind,
    render,
    service_environment,
    services,
)

pytestmark = pytest.mark.xdist_group("deploy")

SERVICES = services()
INIT_SCRIPT = K8S / "base" / "mongodb" / "init.js"


async def _uses_key_store(service: ServiceUnderTest) -> bool:
    """Whether the service's app holds the data keys (it builds clients; connects nothing)."""
    module = importlib.import_module(f"services.{service.name}.app")
    runtime = module.create_app(service.settings[0]()).state.runtime
    try:
        return runtime.keys is not None
    finally:
        await runtime.client.close()


def _settings(overlay: str, service: ServiceUnderTest) -> ServiceSettings:
    environment = service_environment(overlay, service)
    with mock.patch.dict(os.environ, environment, clear=True):
        settings = service.settings[0]()
    assert isinstance(settings, ServiceSettings)
    return settings


def key_store_problems(
    deployment: Manifest, settings: ServiceSettings, manifests: tuple[Manifest, ...]
) -> list[str]:
    """What keeps a Deployment from opening the key store: unmounted master keys, a mount that
    misses rotations, a database its store user may not write."""
    problems = []
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    path = settings.master_key_file
    mounts = [
        m
        for m in pod["containers"][0].get("volumeMounts", [])
        if path.startswith(m["mountPath"].rstrip("/") + "/")
        and "secret" in volumes.get(m["name"], {})
    ]
    if not mounts:
        problems.append(f"MASTER_KEY_FILE {path} is in no mounted Secret")
    for mount in mounts:
        secret = volumes[mount["name"]]["secret"]
        relative = path[len(mount["mountPath"].rstrip("/")) + 1 :]
        if mount.get("subPath"):
            problems.append(f"{mount['name']} is mounted with a subPath: rotations never arrive")
        if secret.get("optional"):
            problems.append(f"{mount['name']} is optional: a pod could start without it")
        items = secret.get("items")
        if items is not None and relative not in {item["path"] for item in items}:
            problems.append(f"{mount['name']} does not hold {relative}")
    [job] = of_kind(manifests, "Job").values()
    env = {
        e["name"]: e.get("value", "")
        for e in job["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    if settings.key_store_database not in env.get("SHARED_DATABASES", "").split(","):
        problems.append(f"no store user is given readWrite on {settings.key_store_database}")
    user = settings.mongodb_username or ""
    if user.removeprefix("homeward-") not in env.get("SERVICES", "").split(","):
        problems.append(f"the init Job makes no store user {user}")
    return problems


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
async def test_every_service_using_the_key_store_gets_the_master_keys_and_the_database(
    overlay: str, service: ServiceUnderTest
) -> None:
    assert await _uses_key_store(service)  # every service seals or opens at its Kafka edge
    manifests = render(overlay)
    deployment = of_kind(manifests, "Deployment")[service.name]
    settings = _settings(overlay, service)
    assert settings.master_key_file.startswith("/var/run/secrets/")
    assert key_store_problems(deployment, settings, manifests) == []


def test_the_init_script_grants_the_shared_databases_to_every_service_user() -> None:
    script = INIT_SCRIPT.read_text()
    assert "process.env.SHARED_DATABASES" in script
    assert '[`homeward_${service}`, ...shared].map((db) => ({ role: "readWrite", db }))' in script


def _broken(deployment: Manifest, change: Any) -> Manifest:
    broken = copy.deepcopy(deployment)
    change(broken["spec"]["template"]["spec"])
    return broken


@pytest.mark.parametrize(
    ("how", "found"),
    [
        ("no mount", "is in no mounted Secret"),
        ("subPath", "rotations never arrive"),
        ("optional", "a pod could start without it"),
        ("other key", "does not hold master-keys.json"),
        ("no grant", "no store user is given readWrite on homeward_keys"),
    ],
)
def test_a_deployment_without_the_master_keys_or_the_grant_is_caught(how: str, found: str) -> None:
    service = next(s for s in SERVICES if s.name == "aftercare")
    manifests = render("production")
    deployment = of_kind(manifests, "Deployment")["aftercare"]
    settings = _settings("production", service)

    def change(pod: dict[str, Any]) -> None:
        mounts = pod["containers"][0]["volumeMounts"]
        [volume] = [v for v in pod["volumes"] if v["name"] == "master-key"]
        if how == "no mount":
            mounts[:] = [m for m in mounts if m["name"] != "master-key"]
        elif how == "subPath":
            [mount] = [m for m in mounts if m["name"] == "master-key"]
            mount["subPath"] = "master-keys.json"
        elif how == "optional":
            volume["secret"]["optional"] = True
        elif how == "other key":
            volume["secret"]["items"] = [{"key": "keys", "path": "keys.json"}]

    broken = _broken(deployment, change)
    if how == "no grant":
        manifests = tuple(
            _without_shared_databases(m) if m["kind"] == "Job" else m for m in manifests
        )
    problems = key_store_problems(broken, settings, manifests)
    assert any(found in problem for problem in problems), problems


def _without_shared_databases(job: Manifest) -> Manifest:
    changed = copy.deepcopy(job)
    container = changed["spec"]["template"]["spec"]["containers"][0]
    container["env"] = [e for e in container["env"] if e["name"] != "SHARED_DATABASES"]
    return changed
