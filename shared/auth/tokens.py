"""Bearer tokens: verifying them (PyJWT against the issuer's JWKS) and the local dev issuer."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from shared.auth.jwks import JwksKeys, KeysUnavailableError
from shared.auth.principal import Principal, Role
from shared.auth.settings import AuthSettings


class InvalidTokenError(Exception):
    """The request's bearer token cannot be trusted; the reason never echoes the token."""


@dataclass(frozen=True)
class _Verified:
    """A token already verified: who it names, until when, and with which key."""

    principal: Principal
    expires_at: float
    kid: str
    key: Any


class TokenVerifier:
    """Checks signature, issuer, audience, expiry; refreshes keys when an unknown key id shows up.

    Keys come from a JWKS URL (``JwksKeys``: kept for ``AUTH_JWKS_REFRESH_S``, fetched again
    at once for an unknown key id, at most once every ``AUTH_JWKS_MIN_REFRESH_S``) or a JWKS
    file re-read when it changes, so the issuer can rotate keys without restarting the services.
    Services call ``verify_async``, which fetches keys without blocking the event loop.

    A caller sends the same token with every request until it expires, so a token verified once
    is remembered (up to ``CACHE_SIZE`` tokens): later requests only check its expiry and that
    its signing key is still trusted (a key removed from the JWKS ends its tokens at once). The
    signature check and claim parsing cost ~0.3 ms of CPU a request otherwise.
    """

    CACHE_SIZE = 10_000

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._keys: dict[str, Any] = {}
        self._file_stamp: tuple[float, int] | None = None
        self._checked_at = 0.0
        self._verified: dict[str, _Verified] = {}
        self.jwks = (
            JwksKeys(
                settings.jwks_url,
                ttl_s=settings.jwks_refresh_s,
                min_interval_s=settings.jwks_min_refresh_s,
                timeout_s=settings.jwks_timeout_s,
                keep_s=settings.jwks_keep_s,
            )
            if settings.jwks_url
            else None
        )

    async def verify_async(self, token: str) -> Principal:
        """Verifies a token; a key set due for a refresh is fetched off the event loop first."""
        if self.jwks is not None and self.jwks.needs_refresh(self._kid_of(token)):
            await self.jwks.refresh()
        return self._verify_now(token)

    def verify(self, token: str) -> Principal:
        """Verifies a token; a key set due for a refresh is fetched blocking (tools only)."""
        if self.jwks is not None and self.jwks.needs_refresh(self._kid_of(token)):
            self.jwks.refresh_blocking()
        return self._verify_now(token)

    def _kid_of(self, token: str) -> str | None:
        known = self._verified.get(token)
        if known is not None:
            return known.kid
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            return None
        return kid if isinstance(kid, str) else None

    def _verify_now(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            if time.time() < known.expires_at + self.settings.leeway_s and self._trusted(known):
                return known.principal
            self._verified.pop(token, None)
        principal, verified = self._verify(token)
        if verified is not None:
            if len(self._verified) >= self.CACHE_SIZE:
                self._verified.clear()
            self._verified[token] = verified
        return principal

    def _trusted(self, known: _Verified) -> bool:
        try:
            return self._key(known.kid) is known.key
        except InvalidTokenError:
            return False

    def _verify(self, token: str) -> tuple[Principal, _Verified | None]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidTokenError("malformed token") from exc
        algorithm = header.get("alg")
        if algorithm not in self.settings.algorithms:
            raise InvalidTokenError("token algorithm not accepted")
        key = self._key(header.get("kid"))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=list(self.settings.algorithms),
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                leeway=self.settings.leeway_s,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidTokenError("token expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise InvalidTokenError("token not meant for this audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise InvalidTokenError("token from an unknown issuer") from exc
        except jwt.PyJWTError as exc:
            raise InvalidTokenError("token signature or claims invalid") from exc
        try:
            principal = Principal.from_claims(claims)
        except ValueError as exc:
            raise InvalidTokenError(str(exc)) from exc
        expires = claims.get("exp")
        if not isinstance(expires, int | float):
            return principal, None
        return principal, _Verified(principal, float(expires), str(header.get("kid")), key)

    def _key(self, kid: str | None) -> Any:
        if kid is None:
            raise InvalidTokenError("token has no key id")
        if self.jwks is not None:
            try:
                return self.jwks.key(kid)
            except KeysUnavailableError as exc:
                raise InvalidTokenError(str(exc)) from exc
            except KeyError as exc:
                raise InvalidTokenError("token signed by an unknown key") from exc
        with self._lock:
            if kid not in self._keys or self._file_changed():
                self._load_file()
            key = self._keys.get(kid)
        if key is None:
            raise InvalidTokenError("token signed by an unknown key")
        return key

    def _file_changed(self) -> bool:
        # stat at most once a second: rotation is picked up quickly without a syscall per request
        now = time.monotonic()
        if now - self._checked_at < 1.0:
            return False
        self._checked_at = now
        try:
            stat = os.stat(self.settings.jwks_path)
        except OSError:
            return True
        return (stat.st_mtime, stat.st_size) != self._file_stamp

    def _load_file(self) -> None:
        path = self.settings.jwks_path
        try:
            stat = os.stat(path)
            document = json.loads(Path(path).read_text())
        except (OSError, ValueError):
            self._keys = {}
            return
        keys = {}
        for jwk in document.get("keys", []):
            with contextlib.suppress(Exception):
                keys[jwk["kid"]] = jwt.PyJWK(jwk).key
        self._keys = keys
        self._file_stamp = (stat.st_mtime, stat.st_size)


class DevIssuer:
    """The local development issuer: an RSA key pair in a folder, and tokens for any role.

    ``jwks.json`` lists every key still trusted; ``signing-key.pem`` is the newest. ``rotate``
    adds a key and keeps the previous ones in the JWKS, as a real issuer does.
    """

    def __init__(self, settings: AuthSettings) -> None:
        self.settings = settings
        self.folder = Path(settings.dev_keys_dir)
        self._loaded: tuple[bytes, Any] | None = None

    @property
    def jwks_path(self) -> Path:
        return Path(self.settings.jwks_path)

    def ensure_keys(self) -> None:
        """Creates the key pair once; safe when several processes race to do it."""
        if (self.folder / "signing-key.pem").exists() and self.jwks_path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = self.folder / ".lock"
        with open(lock, "a") as handle:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            if not (self.folder / "signing-key.pem").exists() or not self.jwks_path.exists():
                self._add_key(keep_old=False)

    def rotate(self, keep_old: bool = True) -> str:
        """Adds a new signing key; returns its key id."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return self._add_key(keep_old=keep_old)

    def mint(
        self,
        role: Role | str,
        subject: str | None = None,
        *,
        province_code: str | None = None,
        commune_code: str | None = None,
        enterprise_id: str | None = None,
        provider_id: str | None = None,
        name: str | None = None,
        ttl_s: int = 3600,
        audience: str | None = None,
        issuer: str | None = None,
        now: float | None = None,
    ) -> str:
        """Returns a signed token for a role and its locality or organisation."""
        self.ensure_keys()
        issued = int(now if now is not None else time.time())
        role = Role(role)
        claims: dict[str, Any] = {
            "iss": issuer or self.settings.issuer,
            "aud": audience or self.settings.audience,
            "sub": subject or f"{role.value}-dev",
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_s,
            "jti": str(uuid.uuid4()),
            "roles": [role.value],
        }
        for claim, value in (
            ("province_code", province_code),
            ("commune_code", commune_code),
            ("enterprise_id", enterprise_id),
            ("provider_id", provider_id),
            ("name", name),
        ):
            if value is not None:
                claims[claim] = value
        pem = (self.folder / "signing-key.pem").read_bytes()
        kid = (self.folder / "signing-key.kid").read_text().strip()
        return jwt.encode(claims, self._signing_key(pem), algorithm="RS256", headers={"kid": kid})

    def _signing_key(self, pem: bytes) -> Any:
        # loading (and checking) an RSA key costs far more than signing with it: once per key
        if self._loaded is None or self._loaded[0] != pem:
            self._loaded = (pem, serialization.load_pem_private_key(pem, password=None))
        return self._loaded[1]

    def _add_key(self, keep_old: bool) -> str:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = uuid.uuid4().hex[:16]
        public = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        public.update(kid=kid, use="sig", alg="RS256")
        keys = []
        if keep_old and self.jwks_path.exists():
            keys = json.loads(self.jwks_path.read_text()).get("keys", [])
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # the private key first, the JWKS last: a verifier never sees a key id it cannot use
        _write_atomically(self.folder / "signing-key.pem", pem, mode=0o600)
        _write_atomically(self.folder / "signing-key.kid", kid.encode())
        _write_atomically(self.jwks_path, json.dumps({"keys": [public, *keys]}, indent=2).encode())
        return kid


def _write_atomically(path: Path, content: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.chmod(temporary, mode)
    os.replace(temporary, path)
