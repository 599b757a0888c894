"""CORS: no origin is allowed unless configured; a configured one gets its preflight answered."""

from __future__ import annotations

import httpx
import pytest

from tests.support.services import service_app, settings_env

TOOL = "https://tools.homeward.gov.vn"
PREFLIGHT = {
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}


@pytest.mark.parametrize("service", ["intake", "notifications"])
async def test_origins_are_refused_unless_listed(
    service: str, kafka_bootstrap: str, mongodb_url: str, unique: str
) -> None:
    plain = service_app(service, settings_env(service, unique, kafka_bootstrap, mongodb_url))
    listed = service_app(
        service,
        settings_env(service, unique, kafka_bootstrap, mongodb_url, cors_origins=f'["{TOOL}"]'),
    )
    for app, allowed in ((plain, False), (listed, True)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            answer = await client.options("/healthz", headers={"Origin": TOOL, **PREFLIGHT})
            assert (answer.headers.get("access-control-allow-origin") == TOOL) is allowed
            other = await client.options(
                "/healthz", headers={"Origin": "https://evil.example", **PREFLIGHT}
            )
            assert "access-control-allow-origin" not in other.headers
            simple = await client.get("/healthz", headers={"Origin": TOOL})
            assert simple.status_code == 200
            assert (simple.headers.get("access-control-allow-origin") == TOOL) is allowed
