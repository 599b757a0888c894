"""docker-compose.yml: valid against the Compose Specification; the same system as `make run`."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from tests.deploy.manifests import ROOT, services, tool

pytestmark = pytest.mark.xdist_group("deploy")

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_is_valid_against_the_compose_specification():
    schema = json.loads(tool("compose-schema").read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(COMPOSE)]
    assert errors == []
    broken = {**COMPOSE, "services": {**COMPOSE["services"], "kafka": {"imag": "apache/kafka"}}}
    assert list(validator.iter_errors(broken)), "the schema refuses a misspelt key"


def test_compose_runs_every_service_after_kafka_and_the_store_are_healthy():
    declared = COMPOSE["services"]
    for service in services():
        spec = declared[service.name]
        assert spec["command"][:3] == [
            "uvicorn",
            "--factory",
            f"services.{service.name}.app:create_app",
        ]
        http = spec["command"].index("--http")
        assert spec["command"][http + 1] == "shared.server:BoundedHttpToolsProtocol"
        assert spec["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert spec["depends_on"]["mongo"]["condition"] == "service_healthy"
        assert "/readyz" in " ".join(spec["healthcheck"]["test"])
        assert service.name in declared["demo"]["depends_on"]
    assert "--replSet" in declared["mongo"]["command"]
    assert declared["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    for name, spec in declared.items():
        image = spec.get("image", "")
        assert not image.endswith(":latest"), name
        assert ":" in image or "build" in spec, name


def test_the_image_is_built_from_the_lock_file_as_an_unprivileged_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "\nUSER 10001" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    assert dockerfile.count("\nFROM ") == 2  # build stage, runtime stage
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in ignored, "only the listed paths reach the build"
