"""The verifier remembers tokens it verified; expiry and key removal still end them at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from shared.auth import AuthSettings, DevIssuer, InvalidTokenError, Role, TokenVerifier


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return AuthSettings(dev_keys_dir=str(tmp_path / "auth"), leeway_s=0)


@pytest.fixture
def issuer(settings: AuthSettings) -> DevIssuer:
    issuer = DevIssuer(settings)
    issuer.ensure_keys()
    return issuer


def test_a_remembered_token_is_refused_once_it_expires(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    verifier = TokenVerifier(settings)
    issued = int(time.time())  # valid for more than a second: minting and verifying take time
    expires = issued + 2
    token = issuer.mint(Role.SERVICE, "caller-1", ttl_s=2, now=issued)
    assert verifier.verify(token).subject == "caller-1"
    assert verifier.verify(token).subject == "caller-1"  # from memory
    while time.time() <= expires:  # expiry is a moment: nothing to poll but the clock
        time.sleep(0.05)
    with pytest.raises(InvalidTokenError, match="expired"):
        verifier.verify(token)


def test_a_remembered_token_is_refused_once_its_key_leaves_the_jwks(
    settings: AuthSettings, issuer: DevIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(settings)
    old = issuer.mint(Role.SERVICE, "caller-1")
    assert verifier.verify(old).subject == "caller-1"
    issuer.rotate(keep_old=False)  # the old key is no longer trusted
    checked = time.monotonic() + 5  # past the once-a-second throttle of the file check
    monkeypatch.setattr("shared.auth.tokens.time.monotonic", lambda: checked)
    with pytest.raises(InvalidTokenError, match="unknown key"):
        verifier.verify(old)
    new = issuer.mint(Role.SERVICE, "caller-2")
    assert verifier.verify(new).subject == "caller-2"


def test_a_rotation_that_keeps_the_old_key_keeps_its_tokens(
    settings: AuthSettings, issuer: DevIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(settings)
    old = issuer.mint(Role.SERVICE, "caller-1")
    assert verifier.verify(old).subject == "caller-1"
    issuer.rotate(keep_old=True)
    checked = time.monotonic() + 5
    monkeypatch.setattr("shared.auth.tokens.time.monotonic", lambda: checked)
    assert verifier.verify(old).subject == "caller-1"
