"""Settings of authentication and request limits, the same for every service (``AUTH_*``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuthSettings(BaseSettings):
    """Who issues the tokens every service accepts, and the limits every caller meets.

    Development and tests use the local issuer (keys under ``dev_keys_dir``, created by
    ``homeward token`` or the run/test scripts); production sets ``AUTH_JWKS_URL`` (or a mounted
    ``AUTH_JWKS_FILE``), ``AUTH_ISSUER`` and ``AUTH_AUDIENCE`` of the real identity provider.
    """

    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore", frozen=True)

    issuer: str = "https://auth.homeward.local/dev"
    audience: str = "homeward"
    jwks_url: str | None = Field(default=None, description="The issuer's JWKS endpoint")
    jwks_file: str | None = Field(
        default=None, description="A JWKS file; default: the local issuer's, under dev_keys_dir"
    )
    dev_keys_dir: str = ".local/auth"
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    leeway_s: int = Field(default=30, ge=0, le=300)
    jwks_refresh_s: float = Field(
        default=300.0, gt=0, description="How long a fetched JWKS is used before fetching it again"
    )
    jwks_min_refresh_s: float = Field(
        default=10.0, ge=0, description="At most one JWKS fetch this often (unknown keys, errors)"
    )
    jwks_timeout_s: float = Field(default=3.0, gt=0, le=30, description="One JWKS fetch's limit")
    jwks_keep_s: float = Field(
        default=3600.0,
        gt=0,
        description="While the issuer is unreachable, its last JWKS is used until this long "
        "after it was fetched; then every token is refused",
    )
    emergency_access_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="The longest an emergency access may last"
    )
    emergency_access_per_day: int = Field(
        default=5, ge=1, le=100, description="Emergency accesses an officer may open a day"
    )
    trusted_proxies: tuple[str, ...] = Field(
        default=(),
        description="Addresses or networks of the proxies whose X-Forwarded-For is believed "
        '(JSON list: ["10.0.0.0/8"]); default none: the audit records the direct peer',
    )
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    max_upload_bytes: int = Field(default=10 << 20, ge=1024)
    max_header_bytes: int = Field(default=32 << 10, ge=1024, description="All headers together")
    max_headers: int = Field(default=100, ge=10)
    max_json_depth: int = Field(default=32, ge=2)
    expensive_rate_limit: str = Field(
        default="30/minute", description="Per caller, on endpoints marked expensive"
    )

    @property
    def jwks_path(self) -> str:
        return self.jwks_file or f"{self.dev_keys_dir}/jwks.json"
