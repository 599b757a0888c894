"""Every service comes up on the real stack with health, readiness and its API documents."""

from __future__ import annotations

import pytest

from tests.support.services import SERVICES, in_process, service_app, settings_env


@pytest.mark.parametrize("service", SERVICES)
async def test_service_answers_health_readiness_and_documents(
    service: str, kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    app = service_app(service, settings_env(service, unique, kafka_bootstrap, mongodb_url))
    async with in_process(app) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok", "service": service}
        ready = await client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["checks"]["kafka"] == "ok"
        assert ready.json()["checks"]["store"] == "ok"
        openapi = (await client.get("/openapi.json")).json()
        assert openapi["info"]["title"] == f"Homeward {service}"
        asyncapi = (await client.get("/asyncapi.json")).json()
        assert asyncapi["asyncapi"].startswith("3.")
        assert asyncapi["info"]["title"] == f"Homeward {service}"
