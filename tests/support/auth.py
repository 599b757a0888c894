"""Tokens for tests, minted by the local development issuer the services trust."""

from __future__ import annotations

import functools

import httpx

from shared.auth import AuthSettings, DevIssuer, Role

TEST_SUBJECT = "homeward-tests"
"""The subject of the trusted system's token tests call with: what "who acted" fields show."""


@functools.cache
def dev_issuer() -> DevIssuer:
    issuer = DevIssuer(AuthSettings())
    issuer.ensure_keys()
    return issuer


def token_for(
    role: Role | str = Role.SERVICE,
    subject: str | None = None,
    *,
    province_code: str | None = None,
    commune_code: str | None = None,
    enterprise_id: str | None = None,
    provider_id: str | None = None,
    name: str | None = None,
) -> str:
    """A valid token for a role and the locality or organisation it covers."""
    return dev_issuer().mint(
        role,
        subject,
        province_code=province_code,
        commune_code=commune_code,
        enterprise_id=enterprise_id,
        provider_id=provider_id,
        name=name,
    )


def auth_headers(
    role: Role | str = Role.SERVICE, subject: str | None = None, **scope: str
) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role, subject, **scope)}"}


@functools.cache
def service_headers() -> dict[str, str]:
    """A trusted system's token (national scope, every action but breaking the glass)."""
    token = dev_issuer().mint(Role.SERVICE, TEST_SUBJECT, ttl_s=6 * 3600)
    return {"Authorization": f"Bearer {token}"}


def authorized_client(**kwargs: object) -> httpx.AsyncClient:
    """An httpx client that calls as a trusted system unless the test passes other headers, and
    reads error messages in English (the services answer in Vietnamese unless asked)."""
    given = dict(kwargs.pop("headers", None) or {})  # type: ignore[call-overload]
    headers = {**service_headers(), "Accept-Language": "en", **given}
    kwargs.setdefault("limits", KEEP_ALIVE)
    return httpx.AsyncClient(headers=headers, **kwargs)  # type: ignore[arg-type]


KEEP_ALIVE = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=2.0)
"""An idle connection is dropped before the server's 5 s keep-alive runs out: with both at 5 s
(httpx's and uvicorn's defaults) a request could go out on a connection the server was closing,
and fail with ReadError."""
