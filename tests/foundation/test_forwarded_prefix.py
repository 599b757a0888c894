"""X-Forwarded-Prefix names the public URL in a service's own OpenAPI document: the front door
sets it, and on the service's own port a caller may not make it name another service."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from shared.wiring import ForwardedPrefixMiddleware


async def servers(prefix: str) -> list[str]:
    app = FastAPI()
    app.add_middleware(ForwardedPrefixMiddleware, service="intake")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
        answer = await client.get("/openapi.json", headers={"X-Forwarded-Prefix": prefix})
    return [server["url"] for server in answer.json().get("servers", [])]


async def test_only_the_service_s_own_prefix_names_its_url() -> None:
    assert await servers("/v1/intake") == ["/v1/intake"]
    for foreign in ("/v1/reporting", "/v1/evil", "/v1/intake/../reporting", "/v1/intakes"):
        assert await servers(foreign) == [], foreign
