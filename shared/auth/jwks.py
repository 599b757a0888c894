"""The identity provider's signing keys, fetched from its JWKS URL and kept for a bounded time."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt

from shared.logging import get_logger

log = get_logger(__name__)


class KeysUnavailableError(Exception):
    """No key set young enough to trust: the issuer has been unreachable for too long."""


class JwksKeys:
    """The key set of a JWKS URL: refreshed after ``ttl_s``, or at once for an unknown key id.

    A refresh is attempted at most once every ``min_interval_s`` (an unknown key id, or a failing
    issuer, cannot make every request fetch). Fetches have a ``timeout_s`` and run on the event
    loop without blocking it (``refresh``), or blocking for command-line use
    (``refresh_blocking``). When the issuer cannot be reached, the last key set fetched stays in
    use until ``keep_s`` after its fetch; after that every key is refused until a fetch succeeds.
    """

    def __init__(
        self,
        url: str,
        *,
        ttl_s: float,
        min_interval_s: float,
        timeout_s: float,
        keep_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.ttl_s = ttl_s
        self.min_interval_s = min_interval_s
        self.timeout_s = timeout_s
        self.keep_s = max(keep_s, ttl_s)
        self.clock = clock
        self.fetches = 0
        """How many fetches were attempted (each one request to the issuer)."""
        self._jwks: dict[str, str] = {}
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._refreshing: asyncio.Task[None] | None = None

    def needs_refresh(self, kid: str | None) -> bool:
        """Whether a fetch is due (set older than the TTL, or unknown key id) and allowed now."""
        now = self.clock()
        if self._attempted_at is not None and now - self._attempted_at < self.min_interval_s:
            return False
        if self._fetched_at is None or now - self._fetched_at >= self.ttl_s:
            return True
        return kid is not None and kid not in self._keys

    def key(self, kid: str) -> Any:
        """The key with this id; raises ``KeyError`` if the set lacks it."""
        if self._fetched_at is None or self.clock() - self._fetched_at > self.keep_s:
            raise KeysUnavailableError("the issuer's signing keys cannot be fetched")
        return self._keys[kid]

    async def refresh(self) -> None:
        """Fetches the key set once, however many requests ask for it at the same moment."""
        running = self._refreshing
        loop = asyncio.get_running_loop()
        if running is None or running.done() or running.get_loop() is not loop:
            running = asyncio.create_task(self._fetch(), name="jwks-refresh")
            self._refreshing = running
        await asyncio.shield(running)

    def refresh_blocking(self) -> None:
        """Fetches the key set, blocking (for command-line tools, never in a service)."""
        self._started()
        try:
            with httpx.Client(timeout=self.timeout_s) as client:
                response = client.get(self.url)
            self._store(response)
        except Exception as exc:
            self._failed(exc)

    async def _fetch(self) -> None:
        self._started()
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.get(self.url)
            self._store(response)
        except Exception as exc:
            self._failed(exc)

    def _started(self) -> None:
        self._attempted_at = self.clock()
        self.fetches += 1

    def _store(self, response: httpx.Response) -> None:
        response.raise_for_status()
        document = response.json()
        jwks: dict[str, str] = {}
        keys: dict[str, Any] = {}
        for jwk in document.get("keys", []):
            if not isinstance(jwk, dict) or not isinstance(jwk.get("kid"), str):
                continue
            text = json.dumps(jwk, sort_keys=True)
            kid = jwk["kid"]
            try:
                # an unchanged key keeps its object: tokens verified with it stay remembered
                keys[kid] = self._keys[kid] if self._jwks.get(kid) == text else jwt.PyJWK(jwk).key
            except jwt.PyJWTError:
                continue
            jwks[kid] = text
        self._jwks, self._keys = jwks, keys
        self._fetched_at = self.clock()

    def _failed(self, exc: Exception) -> None:
        age = None if self._fetched_at is None else round(self.clock() - self._fetched_at)
        log.warning("jwks fetch failed", error=type(exc).__name__, key_set_age_s=age)
