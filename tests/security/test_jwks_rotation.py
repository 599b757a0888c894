"""JWKS URL mode over real HTTP: keys expire with the cache, unknown key ids refresh once."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from shared.auth import AuthSettings, DevIssuer, InvalidTokenError, Role, TokenVerifier


class Issuer:
    """A local identity provider's JWKS endpoint: serves a key set, counts fetches, can fail."""

    def __init__(self, jwks_path: Path) -> None:
        self.jwks_path = jwks_path
        self.fetches = 0
        self.down = False
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.fetches += 1
                if issuer.down:
                    self.send_error(503)
                    return
                body = issuer.jwks_path.read_bytes()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"

    def remove_key(self, kid: str) -> None:
        document = json.loads(self.jwks_path.read_text())
        document["keys"] = [k for k in document["keys"] if k["kid"] != kid]
        self.jwks_path.write_text(json.dumps(document))


@pytest.fixture
def keys(tmp_path: Path) -> DevIssuer:
    issuer = DevIssuer(AuthSettings(dev_keys_dir=str(tmp_path / "auth")))
    issuer.ensure_keys()
    return issuer


@pytest.fixture
def identity_provider(keys: DevIssuer) -> Iterator[Issuer]:
    served = Issuer(keys.jwks_path)
    served.thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def _settings(url: str, **limits: float) -> AuthSettings:
    return AuthSettings(jwks_url=url, dev_keys_dir="/nonexistent", **limits)  # type: ignore[arg-type]


def _kid(keys: DevIssuer) -> str:
    return (keys.folder / "signing-key.kid").read_text().strip()


async def _refused_within(verifier: TokenVerifier, token: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            await verifier.verify_async(token)
        except InvalidTokenError as exc:
            return str(exc)
        assert time.monotonic() < deadline, f"token still accepted after {seconds} s"
        await asyncio.sleep(0.05)


async def test_a_key_removed_from_the_issuer_ends_its_tokens_within_the_ttl(
    keys: DevIssuer, identity_provider: Issuer
) -> None:
    verifier = TokenVerifier(
        _settings(identity_provider.url, jwks_refresh_s=0.5, jwks_min_refresh_s=0.1)
    )
    old_kid = _kid(keys)
    old = keys.mint(Role.SERVICE, "caller-old")
    assert (await verifier.verify_async(old)).subject == "caller-old"
    keys.rotate(keep_old=True)
    new = keys.mint(Role.SERVICE, "caller-new")
    await asyncio.sleep(0.1)  # past the rate limit of the first fetch
    assert (await verifier.verify_async(new)).subject == "caller-new"  # unknown kid: one fetch
    identity_provider.remove_key(old_kid)
    removed_at = time.monotonic()
    reason = await _refused_within(verifier, old, seconds=0.5 + 0.5)
    assert "unknown key" in reason
    assert time.monotonic() - removed_at < 1.0
    assert (await verifier.verify_async(new)).subject == "caller-new"


async def test_an_unknown_key_id_triggers_one_rate_limited_refresh(
    keys: DevIssuer, identity_provider: Issuer
) -> None:
    verifier = TokenVerifier(
        _settings(identity_provider.url, jwks_refresh_s=300, jwks_min_refresh_s=0.5)
    )
    known = keys.mint(Role.SERVICE, "caller")
    await verifier.verify_async(known)
    assert identity_provider.fetches == 1
    for _ in range(5):
        await verifier.verify_async(known)
    assert identity_provider.fetches == 1  # a known key within the TTL: no fetch

    other = DevIssuer(AuthSettings(dev_keys_dir=str(keys.folder.parent / "other")))
    forged = other.mint(Role.SERVICE, "stranger")
    await asyncio.sleep(0.5)  # past the rate limit of the first fetch
    results = await asyncio.gather(
        *(verifier.verify_async(forged) for _ in range(20)), return_exceptions=True
    )
    assert all(isinstance(r, InvalidTokenError) for r in results)
    assert identity_provider.fetches == 2  # twenty requests with an unknown kid: one fetch
    with pytest.raises(InvalidTokenError, match="unknown key"):
        await verifier.verify_async(forged)
    assert identity_provider.fetches == 2  # within the rate limit: no fetch at all

    keys.rotate(keep_old=True)  # a real new key shows up: found at the next allowed refresh
    rotated = keys.mint(Role.SERVICE, "caller-rotated")
    await asyncio.sleep(0.5)
    assert (await verifier.verify_async(rotated)).subject == "caller-rotated"
    assert identity_provider.fetches == 3


async def test_while_the_issuer_is_down_the_last_key_set_serves_for_a_bounded_time(
    keys: DevIssuer, identity_provider: Issuer
) -> None:
    verifier = TokenVerifier(
        _settings(
            identity_provider.url, jwks_refresh_s=0.3, jwks_min_refresh_s=0.1, jwks_keep_s=1.2
        )
    )
    token = keys.mint(Role.SERVICE, "caller")
    assert (await verifier.verify_async(token)).subject == "caller"
    fetched_at = time.monotonic()
    identity_provider.down = True
    await asyncio.sleep(0.6)  # past the TTL: refreshes fail, the last good set stays
    assert (await verifier.verify_async(token)).subject == "caller"
    assert identity_provider.fetches >= 2
    reason = await _refused_within(verifier, token, seconds=1.2 + 0.5)
    assert "cannot be fetched" in reason
    assert time.monotonic() - fetched_at >= 1.2
    identity_provider.down = False  # the issuer is back: its keys are trusted again
    await asyncio.sleep(0.15)
    assert (await verifier.verify_async(token)).subject == "caller"


async def test_a_slow_issuer_does_not_block_the_event_loop(
    keys: DevIssuer, identity_provider: Issuer
) -> None:
    verifier = TokenVerifier(_settings(identity_provider.url, jwks_timeout_s=0.5))
    token = keys.mint(Role.SERVICE, "caller")
    release = threading.Event()
    original = identity_provider.jwks_path.read_bytes
    identity_provider.jwks_path = _SlowPath(identity_provider.jwks_path, release)  # type: ignore[assignment]
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    started = time.monotonic()
    with pytest.raises(InvalidTokenError, match="cannot be fetched"):
        await verifier.verify_async(token)
    waited = time.monotonic() - started
    release.set()
    ticker.cancel()
    assert 0.4 < waited < 2.0  # the fetch's timeout, not the default 30 s
    assert ticks >= 20  # the loop kept running while the fetch waited
    assert original()


class _SlowPath:
    """A JWKS file whose read waits until released: an issuer that does not answer."""

    def __init__(self, path: Path, release: threading.Event) -> None:
        self.path = path
        self.release = release

    def read_bytes(self) -> bytes:
        self.release.wait(5)
        return self.path.read_bytes()
