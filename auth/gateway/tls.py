"""The gateway's own TLS certificate (SPEC §5): self-signed EC P-256 for localhost, 127.0.0.1 and ::1.

Made on first start and kept in the data directory as `cert.pem` and `key.pem` (mode 0600); later
starts reuse them, so a client that pinned the fingerprint keeps trusting the gateway. Both files are
written whole under a temporary name and linked into place without overwriting, so two gateways
starting together on one data directory end up serving the same key and certificate.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CERT_NAME = "cert.pem"
KEY_NAME = "key.pem"
VALIDITY = datetime.timedelta(days=3650)
# Renewed this long before it runs out, so a running gateway never serves an expired certificate.
RENEW_BEFORE = datetime.timedelta(days=30)
COMMON_NAME = "localhost"
ORGANIZATION = "Trader Login gateway (self-signed)"


class CertificateError(Exception):
    """The certificate or key file in the data directory is unreadable or does not match."""


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256 of the DER, 64 lower-case hex digits

    @property
    def pem(self) -> bytes:
        return self.cert_path.read_bytes()


def fingerprint_sha256(cert_pem: bytes | str) -> str:
    """The SHA-256 fingerprint a client pins: 64 lower-case hex digits over the certificate's DER."""
    if isinstance(cert_pem, str):
        cert_pem = cert_pem.encode("ascii")
    certificate = x509.load_pem_x509_certificate(cert_pem)
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def public_key_sha256(cert_pem: bytes) -> str:
    """SHA-256 of the certificate's public key (SubjectPublicKeyInfo DER): what the database records to
    tell one gateway key from another; unchanged when the certificate is renewed for the same key."""
    spki = (
        x509.load_pem_x509_certificate(cert_pem)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return hashlib.sha256(spki).hexdigest()


def new_key_and_certificate(now: datetime.datetime | None = None) -> tuple[bytes, bytes]:
    """A fresh EC P-256 key and its self-signed certificate, both PEM: for `sls-gateway secrets init`."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _key_pem(key), _certificate_pem(key, now or datetime.datetime.now(datetime.UTC))


def check_key_and_certificate(key_pem: bytes, cert_pem: bytes, source: str) -> x509.Certificate:
    """The certificate, if `key_pem` is an EC P-256 key and `cert_pem` a certificate made for it."""
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
        certificate = x509.load_pem_x509_certificate(cert_pem)
    except (ValueError, TypeError):
        raise CertificateError(f"{source}: the TLS key or certificate is unreadable") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise CertificateError(f"{source}: the gateway's TLS key must be an EC P-256 key")
    if certificate.public_key() != key.public_key():
        raise CertificateError(f"{source}: the certificate is not made for the TLS key")
    return certificate


def write_public_copy(path: Path, cert_pem: bytes) -> None:
    """The certificate alone (public, 0644) where clients and `serve`'s `cert:` line find it; rewritten
    only when it differs, atomically."""
    with contextlib.suppress(OSError):
        if path.read_bytes() == cert_pem:
            return
    _replace(path, cert_pem, mode=0o644)


def ensure_certificate(data_dir: Path, *, now: datetime.datetime | None = None) -> Certificate:
    """The data directory's certificate and key, made (or renewed for the same key) when needed."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    now = now or datetime.datetime.now(datetime.UTC)
    key_path, cert_path = data_dir / KEY_NAME, data_dir / CERT_NAME
    if not key_path.exists():
        fresh = ec.generate_private_key(ec.SECP256R1())
        _link_new(key_path, _key_pem(fresh), mode=0o600)
    key = _load_key(key_path)  # whichever process won the race, this is the one key
    certificate = _load_matching_certificate(cert_path, key)
    if certificate is None:
        # Linked, not replaced: if another process got there first, its certificate stands and is read
        # back below; only a damaged or foreign file is overwritten.
        _link_new(cert_path, _certificate_pem(key, now), mode=0o644)
        certificate = _load_matching_certificate(cert_path, key)
    if certificate is None or certificate.not_valid_after_utc - RENEW_BEFORE <= now:
        _replace(cert_path, _certificate_pem(key, now), mode=0o644)
        certificate = _load_matching_certificate(cert_path, key)
        if certificate is None:
            raise CertificateError(f"{cert_path}: does not match {key_path}")
    return Certificate(cert_path, key_path, fingerprint_sha256(cert_path.read_bytes()))


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        raise CertificateError(f"{path}: not a readable PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise CertificateError(f"{path}: the gateway key must be an EC P-256 key")
    return key


def _load_matching_certificate(path: Path, key: ec.EllipticCurvePrivateKey) -> x509.Certificate | None:
    """The certificate at `path` if it is readable and made for `key`; None otherwise."""
    try:
        certificate = x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return None
    if certificate.public_key() != key.public_key():
        return None
    return certificate


def _certificate_pem(key: ec.EllipticCurvePrivateKey, now: datetime.datetime) -> bytes:
    return _make_certificate(key, now).public_bytes(serialization.Encoding.PEM)


def _make_certificate(key: ec.EllipticCurvePrivateKey, now: datetime.datetime) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        ]
    )
    public = key.public_key()
    alternative_names = x509.SubjectAlternativeName(
        [
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            x509.IPAddress(ipaddress.ip_address("::1")),
        ]
    )
    # The extensions strict verifiers want (Python 3.13's VERIFY_X509_STRICT among them) for a
    # certificate that is both the server's and its own trust anchor.
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # tolerate a slightly slow client clock
        .not_valid_after(now + VALIDITY)
        .add_extension(alternative_names, critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _write_temp(directory: Path, data: bytes, mode: int) -> str:
    # mkstemp creates the file 0600, so a key is never readable by others, not even for a moment.
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".tls.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if mode != 0o600:
            os.chmod(temp_name, mode)
    except BaseException:
        os.unlink(temp_name)
        raise
    return temp_name


def _link_new(path: Path, data: bytes, *, mode: int) -> None:
    """Creates `path` with `data` unless it exists; whoever links first wins, nobody sees half a file."""
    temp_name = _write_temp(path.parent, data, mode)
    try:
        with contextlib.suppress(FileExistsError):
            os.link(temp_name, path)
    finally:
        os.unlink(temp_name)


def _replace(path: Path, data: bytes, *, mode: int) -> None:
    temp_name = _write_temp(path.parent, data, mode)
    try:
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
