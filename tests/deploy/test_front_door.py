"""The front door: nginx (started as `make run` starts it) in front of a real service, and the
combined OpenAPI document it serves: every path under /v1, every operation id readable."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.deploy.manifests import OVERLAYS, of_kind, render
from tests.support.auth import authorized_client
from tests.support.infrastructure import ROOT
from tests.support.kafka import fresh_name
from tests.support.problems import error_text
from tests.support.services import ServiceProcess, free_port, settings_env
from tools import front_door

# Its tests share one intake process and nginx (module fixtures): one worker starts them once.
pytestmark = pytest.mark.xdist_group("front-door")

OPERATION_ID = re.compile(r"(?P<service>[a-z]+)_(?P<name>[a-z][a-z0-9_]*)")


@pytest.fixture(scope="module")
def combined(door: str) -> dict[str, Any]:
    """The combined document as the front door serves it (front-start wrote it)."""
    document: dict[str, Any] = httpx.get(f"{door}/v1/openapi.json", timeout=30).json()
    return document


def test_every_path_is_under_v1_and_its_service(combined: dict[str, Any]) -> None:
    prefixes = tuple(f"/v1/{s}/" for s in (*front_door.SERVICES, "reference"))
    paths = list(combined["paths"])
    assert any(p.startswith("/v1/intake/workers") for p in paths)
    assert "/v1/reference/communes" in paths
    assert [p for p in paths if not p.startswith(prefixes)] == []


def test_every_operation_id_is_unique_and_names_its_service(combined: dict[str, Any]) -> None:
    seen: list[str] = []
    for path, operations in combined["paths"].items():
        for operation in operations.values():
            found = OPERATION_ID.fullmatch(operation["operationId"])
            assert found, operation["operationId"]
            assert path.startswith(f"/v1/{found['service']}/"), (path, operation["operationId"])
            seen.append(operation["operationId"])
    assert len(seen) == len(set(seen))
    assert "intake_register_worker" in seen
    assert "reference_list_communes" in seen


def test_every_reference_resolves_to_a_component(combined: dict[str, Any]) -> None:
    schemas = combined["components"]["schemas"]
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(combined))
    assert refs
    assert sorted({r for r in refs if r not in schemas}) == []


def test_names_two_services_define_differently_are_made_unique() -> None:
    def document(schema: dict[str, Any]) -> dict[str, Any]:
        ok = {"200": {"content": {"application/json": {"schema": {"$ref": REF + "Worker"}}}}}
        return {
            "paths": {"/workers": {"get": {"operationId": "x", "responses": ok}}},
            "components": {"schemas": {"Worker": schema, "Same": {"type": "string"}}},
        }

    merged = front_door.combine(
        {
            "intake": document({"type": "object"}),
            "deployment": document({"type": "string"}),
        }
    )
    assert set(merged["components"]["schemas"]) == {"IntakeWorker", "DeploymentWorker", "Same"}
    answer = merged["paths"]["/v1/deployment/workers"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"] == REF + "DeploymentWorker"


REF = "#/components/schemas/"


@pytest.fixture(scope="module")
def intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    unique = fresh_name()
    kafka, mongo = os.environ["KAFKA_BOOTSTRAP_SERVERS"], os.environ["MONGODB_URL"]
    logs = tmp_path_factory.mktemp("door-logs")
    process = ServiceProcess(
        "intake", settings_env("intake", unique, kafka, mongo), free_port(), logs / "intake.log"
    )
    process.start()
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="module")
def door(intake: ServiceProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """nginx started by scripts/infra.sh front-start, in front of the intake process."""
    state = tmp_path_factory.mktemp("door-state")
    port = free_port()
    env = {
        **os.environ,
        "HOMEWARD_STATE": str(state),
        "FRONT_DOOR_PORT": str(port),
        "INTAKE_HTTP_PORT": str(intake.port),
    }
    started = _infra("front-start", env)  # while intake starts
    assert started.returncode == 0, started.stderr
    asyncio.run(intake.wait_ready(90))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stopped = _infra("front-stop", env)
        assert stopped.returncode == 0, stopped.stderr


def _infra(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = Path(ROOT) / "scripts" / "infra.sh"
    return subprocess.run(
        ["bash", str(script), command], env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.infra
async def test_a_request_through_the_front_door_reaches_the_service(door: str) -> None:
    async with authorized_client(base_url=door, timeout=30) as client:
        listed = await client.get("/v1/intake/workers", params={"limit": 1})
        assert listed.status_code == 200, listed.text
        assert listed.headers.get("server", "") in ("nginx", "")  # server_tokens off: no version
        unknown = await client.get("/v1/intake/workers/no-such-worker")
        assert unknown.status_code == 404
        refused = await client.get("/v1/intake/workers", headers={"Authorization": ""})
        assert refused.status_code == 401


@pytest.mark.infra
async def test_the_front_door_serves_the_whole_api_and_its_docs(door: str) -> None:
    async with httpx.AsyncClient(base_url=door, timeout=30) as client:
        combined = (await client.get("/v1/openapi.json")).json()
        assert "/v1/intake/workers" in combined["paths"]
        assert any(p.startswith("/v1/notifications/") for p in combined["paths"])
        docs = await client.get("/v1/docs/")
        assert docs.status_code == 200
        assert "swagger-ui-bundle.js" in docs.text
        script = await client.get("/v1/docs/swagger-ui-bundle.js")
        assert script.status_code == 200
        assert script.headers["content-type"].startswith("application/javascript")
        # the service's own document names the URL the caller used
        own = (await client.get("/v1/intake/openapi.json")).json()
        assert own["servers"][0]["url"] == "/v1/intake"


@pytest.mark.infra
async def test_the_front_door_lets_the_service_give_its_reasons(door: str) -> None:
    """A header past the service's cap is the service's 431 (nginx's own buffers would answer
    an HTML 400 past 8 KiB); a path under no service is a problem document, not nginx's page."""
    async with authorized_client(base_url=door, timeout=30) as client:
        large = await client.get("/v1/intake/workers", headers={"X-Note": "a" * 40_000})
        assert large.status_code == 431, large.text[:200]
        unknown = await client.get("/v1/unknown/workers")
        assert unknown.status_code == 404
        assert unknown.headers["content-type"] == "application/problem+json"
        assert "/v1/<service>/" in error_text(unknown.json())


def test_compose_hands_the_template_every_placeholder_it_needs() -> None:
    compose = yaml.safe_load((Path(ROOT) / "docker-compose.yml").read_text())
    door = compose["services"]["front-door"]
    template = front_door.TEMPLATE.read_text()
    placeholders = set(front_door.PLACEHOLDER.findall(template))
    assert placeholders == set(door["environment"])
    mounted = [v.split(":")[0] for v in door["volumes"]]
    assert "./deploy/front-door/nginx.conf.template" in mounted
    for service in front_door.SERVICES:
        assert door["environment"][f"{service.upper()}_UPSTREAM"] == f"{service}:8000"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_routes_every_prefix_to_its_service(overlay: str) -> None:
    ingresses = of_kind(render(overlay), "Ingress")
    routes = {
        path["path"]: (ingress["metadata"].get("annotations", {}), path["backend"]["service"])
        for ingress in ingresses.values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    for service in front_door.SERVICES:
        annotations, backend = routes[f"/v1/{service}/(.*)"]
        assert backend == {"name": service, "port": {"name": "http"}}
        assert annotations["nginx.ingress.kubernetes.io/rewrite-target"] == "/$1"
        assert annotations["nginx.ingress.kubernetes.io/x-forwarded-prefix"] == f"/v1/{service}"
    annotations, backend = routes["/v1/reference/(.*)"]
    assert backend["name"] == "intake"
    assert annotations["nginx.ingress.kubernetes.io/rewrite-target"] == "/reference/$1"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_serves_the_whole_api_document_and_its_docs_page(overlay: str) -> None:
    manifests = render(overlay)
    routes = {
        path["path"]: (path["pathType"], path["backend"]["service"])
        for ingress in of_kind(manifests, "Ingress").values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    docs = {"name": "api-docs", "port": {"name": "http"}}
    assert routes["/v1/openapi.json"] == ("Exact", docs)
    assert routes["/v1/docs"] == ("Prefix", docs)
    pod = of_kind(manifests, "Deployment")["api-docs"]["spec"]["template"]["spec"]
    (files,) = pod["initContainers"]
    assert files["command"][:4] == ["python", "-m", "tools.front_door", "files"]
    served = files["command"][4]
    config = of_kind(manifests, "ConfigMap")["api-docs-nginx"]["data"]["default.conf"]
    assert f"alias {served}/openapi.json;" in config
    assert f"alias {served}/docs/;" in config
    assert "listen 8000;" in config


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_docs_page_redirects_relative_to_the_callers_url(overlay: str) -> None:
    """/v1/docs redirects to /v1/docs/: nginx would otherwise name its own scheme and port
    (http://<host>:8000/v1/docs/), which no caller behind the Ingress can reach."""
    config = of_kind(render(overlay), "ConfigMap")["api-docs-nginx"]["data"]["default.conf"]
    assert "location = /v1/docs { return 302 /v1/docs/; }" in config
    assert "absolute_redirect off;" in config
