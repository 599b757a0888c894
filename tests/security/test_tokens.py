"""Bearer tokens: what the verifier accepts and refuses, and key rotation (no network, no store)."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth import AuthSettings, DevIssuer, InvalidTokenError, Principal, Role, TokenVerifier


@pytest.fixture
def settings(tmp_path: Path) -> AuthSettings:
    return AuthSettings(dev_keys_dir=str(tmp_path / "auth"))


@pytest.fixture
def issuer(settings: AuthSettings) -> DevIssuer:
    issuer = DevIssuer(settings)
    issuer.ensure_keys()
    return issuer


def _refused(verifier: TokenVerifier, token: str, reason: str) -> None:
    with pytest.raises(InvalidTokenError, match=reason):
        verifier.verify(token)


def test_a_valid_token_names_the_caller_and_their_scope(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    token = issuer.mint(Role.COMMUNE_OFFICER, "officer-1", province_code="14", commune_code="03814")
    principal = TokenVerifier(settings).verify(token)
    assert principal == Principal("officer-1", Role.COMMUNE_OFFICER, "14", "03814")


def test_expired_wrong_audience_wrong_issuer_are_refused(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    verifier = TokenVerifier(settings)
    long_ago = time.time() - 7200
    _refused(verifier, issuer.mint(Role.SERVICE, ttl_s=60, now=long_ago), "expired")
    _refused(verifier, issuer.mint(Role.SERVICE, audience="someone-else"), "audience")
    _refused(verifier, issuer.mint(Role.SERVICE, issuer="https://evil.example"), "issuer")


def test_unsigned_and_tampered_tokens_are_refused(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    verifier = TokenVerifier(settings)
    good = issuer.mint(Role.CENTRE_STAFF, province_code="14")
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))

    unsigned_header = {"alg": "none", "typ": "JWT", "kid": jwt.get_unverified_header(good)["kid"]}
    unsigned = ".".join(
        [_b64(json.dumps(unsigned_header).encode()), _b64(json.dumps(claims).encode()), ""]
    )
    _refused(verifier, unsigned, "algorithm")

    claims["province_code"] = "01"  # widen my own scope
    tampered = ".".join([header, _b64(json.dumps(claims).encode()), signature])
    _refused(verifier, tampered, "signature")
    _refused(verifier, "not-a-token", "malformed")


def test_a_token_signed_by_a_key_the_issuer_never_published_is_refused(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = stranger.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    kid = jwt.get_unverified_header(issuer.mint(Role.SERVICE))["kid"]
    now = int(time.time())
    claims = {"iss": settings.issuer, "aud": settings.audience, "sub": "x", "iat": now,
              "exp": now + 60, "roles": ["service"]}  # fmt: skip
    forged_same_kid = jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid})
    _refused(TokenVerifier(settings), forged_same_kid, "signature")
    forged_new_kid = jwt.encode(claims, pem, algorithm="RS256", headers={"kid": "made-up"})
    _refused(TokenVerifier(settings), forged_new_kid, "unknown key")


def test_roles_and_scope_claims_are_required(settings: AuthSettings, issuer: DevIssuer) -> None:
    verifier = TokenVerifier(settings)
    _refused(verifier, issuer.mint(Role.COMMUNE_OFFICER, province_code="14"), "commune_code")
    _refused(verifier, issuer.mint(Role.ENTERPRISE), "enterprise_id")
    _refused(verifier, issuer.mint(Role.TRAINING_PROVIDER), "provider_id")


def test_rotation_new_key_is_trusted_at_once_and_old_tokens_until_the_key_is_retired(
    settings: AuthSettings, issuer: DevIssuer
) -> None:
    verifier = TokenVerifier(settings)
    before = issuer.mint(Role.SERVICE, "before")
    assert verifier.verify(before).subject == "before"

    issuer.rotate(keep_old=True)
    after = issuer.mint(Role.SERVICE, "after")
    assert jwt.get_unverified_header(after)["kid"] != jwt.get_unverified_header(before)["kid"]
    assert verifier.verify(after).subject == "after"  # unknown kid: the JWKS is re-read
    assert verifier.verify(before).subject == "before"

    issuer.rotate(keep_old=False)  # the old keys are retired from the JWKS
    time.sleep(1.1)  # the verifier looks at the file at most once a second
    _refused(verifier, before, "unknown key")


def test_principal_scope_filters_and_checks_agree() -> None:
    from shared.auth import ScopeFields

    fields = ScopeFields(province="locality.province_code", commune="locality.commune_code")
    officer = Principal("o", Role.COMMUNE_OFFICER, "14", "03814")
    assert officer.query(fields) == {
        "locality.province_code": "14",
        "locality.commune_code": "03814",
    }
    assert officer.covers({"locality": {"province_code": "14", "commune_code": "03814"}}, fields)
    assert not officer.covers(
        {"locality": {"province_code": "14", "commune_code": "04000"}}, fields
    )
    staff = Principal("s", Role.CENTRE_STAFF, "14")
    assert staff.covers({"locality": {"province_code": "14", "commune_code": "04000"}}, fields)
    firm = Principal("f", Role.ENTERPRISE, enterprise_id="e1")
    assert firm.query(fields) == {"_id": {"$in": []}}  # nothing of a worker's without a firm field
    provider = ScopeFields(provider="enrolments.course.provider_id")
    teacher = Principal("t", Role.TRAINING_PROVIDER, provider_id="p1")
    enrolled = {
        "enrolments": [{"course": {"provider_id": "p2"}}, {"course": {"provider_id": "p1"}}]
    }
    assert teacher.covers(enrolled, provider)
    assert not teacher.covers({"enrolments": []}, provider)
    assert Principal("n", Role.SERVICE).query(fields) == {}
    assert officer.narrow(None, None) == ("14", "03814")
    assert officer.narrow("01", None) is None
    assert staff.narrow(None, "04000") == ("14", "04000")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
