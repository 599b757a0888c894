"""The production settings: secrets from mounted files, MongoDB credentials and TLS, Kafka TLS."""

from __future__ import annotations

import datetime as dt
import os
import ssl
from pathlib import Path
from unittest import mock

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pydantic import ValidationError
from pymongo.uri_parser import parse_uri

from services.intake.app import IntakeSettings
from shared.kafka import client_options

pytestmark = pytest.mark.xdist_group("deploy")

PASSWORD = "pa:ss@w/rd%"  # every character a URL would need escaped


def _settings(**variables: str) -> IntakeSettings:
    with mock.patch.dict(os.environ, variables, clear=True):
        return IntakeSettings()


def _certificate_authority(folder: Path) -> tuple[Path, Path, Path]:
    """Writes a self-signed CA and a client certificate signed by it; returns their paths."""
    now = dt.datetime.now(dt.UTC)

    def issue(subject: str, key: ec.EllipticCurvePrivateKey, issuer_key, issuer: str, ca: bool):
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key, hashes.SHA256())
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    client_key = ec.generate_private_key(ec.SECP256R1())
    ca = issue("homeward-test-ca", ca_key, ca_key, "homeward-test-ca", ca=True)
    client = issue("homeward-intake", client_key, ca_key, "homeward-test-ca", ca=False)
    ca_file, cert_file, key_file = folder / "ca.crt", folder / "user.crt", folder / "user.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(client.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        client_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"key-password"),
        )
    )
    return ca_file, cert_file, key_file


def test_a_secret_is_read_from_the_file_its_file_variable_names(tmp_path: Path):
    (tmp_path / "password").write_text(PASSWORD + "\n")
    settings = _settings(
        KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
        INTAKE_KAFKA_SASL_USERNAME="homeward-intake",
        INTAKE_KAFKA_SASL_PASSWORD_FILE=str(tmp_path / "password"),
    )
    assert settings.kafka_sasl_password == PASSWORD
    assert PASSWORD not in repr(settings)


def test_the_prefixed_file_wins_over_the_shared_one(tmp_path: Path):
    (tmp_path / "mine").write_text("mine")
    (tmp_path / "shared").write_text("shared")
    settings = _settings(
        INTAKE_MONGODB_PASSWORD_FILE=str(tmp_path / "mine"),
        MONGODB_PASSWORD_FILE=str(tmp_path / "shared"),
        MONGODB_USERNAME="homeward-intake",
    )
    assert settings.mongodb_password == "mine"


def test_a_missing_secret_file_is_named_without_any_content(tmp_path: Path):
    with pytest.raises(ValueError, match="INTAKE_MONGODB_PASSWORD_FILE: cannot read"):
        _settings(INTAKE_MONGODB_PASSWORD_FILE=str(tmp_path / "absent"))


def test_mongodb_credentials_and_tls_are_folded_into_the_url(tmp_path: Path):
    ca_file, _, _ = _certificate_authority(tmp_path)
    settings = _settings(
        MONGODB_URL="mongodb://m-0.mongodb:27017,m-1.mongodb:27017/?replicaSet=rs0",
        MONGODB_USERNAME="homeward-intake",
        MONGODB_PASSWORD=PASSWORD,
        MONGODB_AUTH_SOURCE="admin",
        MONGODB_TLS_CA_FILE=str(ca_file),
    )
    parsed = parse_uri(settings.mongodb_url)
    assert parsed["username"] == "homeward-intake"
    assert parsed["password"] == PASSWORD
    assert parsed["nodelist"] == [("m-0.mongodb", 27017), ("m-1.mongodb", 27017)]
    options = parsed["options"]
    assert options["replicaSet"] == "rs0"
    assert options["authSource"] == "admin"
    assert options["tls"] is True
    assert options["tlsCAFile"] == str(ca_file)
    assert PASSWORD not in repr(settings)


def test_a_url_without_separate_options_is_left_as_it_is():
    url = "mongodb://127.0.0.1:27017/?directConnection=true&appName=a%3Ab"
    assert _settings(MONGODB_URL=url).mongodb_url == url


@pytest.mark.parametrize(
    ("variables", "reason"),
    [
        ({"ENVIRONMENT": "production"}, "production needs kafka_security_protocol"),
        (
            {
                "ENVIRONMENT": "production",
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SASL_MECHANISM": "PLAIN",
                "KAFKA_SASL_USERNAME": "u",
                "KAFKA_SASL_PASSWORD": PASSWORD,
            },
            "not SASL PLAIN",
        ),
        ({"KAFKA_SASL_MECHANISM": "SCRAM-SHA-512"}, "needs kafka_sasl_username"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "needs kafka_sasl_mechanism"),
    ],
)
def test_incomplete_security_settings_are_refused_at_start(variables, reason):
    with pytest.raises(ValidationError, match=reason) as error:
        _settings(**variables, MONGODB_USERNAME="u", MONGODB_PASSWORD=PASSWORD)
    assert PASSWORD not in str(error.value)


def test_kafka_over_sasl_ssl_with_scram_gets_tls_and_credentials(tmp_path: Path):
    ca_file, _, _ = _certificate_authority(tmp_path)
    options = client_options(
        _settings(
            KAFKA_SECURITY_PROTOCOL="SASL_SSL",
            KAFKA_SASL_MECHANISM="SCRAM-SHA-512",
            KAFKA_SASL_USERNAME="homeward-intake",
            KAFKA_SASL_PASSWORD=PASSWORD,
            KAFKA_SSL_CAFILE=str(ca_file),
        )
    )
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_password"] == PASSWORD
    context: ssl.SSLContext = options["ssl_context"]
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2
    assert [c["subject"] for c in context.get_ca_certs()] == [
        ((("commonName", "homeward-test-ca"),),)
    ]


def test_kafka_mtls_loads_the_client_certificate_and_its_encrypted_key(tmp_path: Path):
    ca_file, cert_file, key_file = _certificate_authority(tmp_path)
    (tmp_path / "key-password").write_text("key-password")
    options = client_options(
        _settings(
            KAFKA_SECURITY_PROTOCOL="SSL",
            KAFKA_SSL_CAFILE=str(ca_file),
            KAFKA_SSL_CERTFILE=str(cert_file),
            KAFKA_SSL_KEYFILE=str(key_file),
            KAFKA_SSL_KEYFILE_PASSWORD_FILE=str(tmp_path / "key-password"),
        )
    )
    assert options["security_protocol"] == "SSL"
    assert "sasl_mechanism" not in options
    assert isinstance(options["ssl_context"], ssl.SSLContext)
    with pytest.raises(ssl.SSLError):  # the wrong key password really is checked
        client_options(
            _settings(
                KAFKA_SECURITY_PROTOCOL="SSL",
                KAFKA_SSL_CAFILE=str(ca_file),
                KAFKA_SSL_CERTFILE=str(cert_file),
                KAFKA_SSL_KEYFILE=str(key_file),
                KAFKA_SSL_KEYFILE_PASSWORD="wrong",
            )
        )
