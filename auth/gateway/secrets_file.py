"""The secrets every gateway on one database must share, in one home, and the database's check of them.

The vault keys (sealing key and HMAC key, from which the decoy secret comes) and the TLS key and
certificate live either in the data directory (the default: `gateway-key.json`, `key.pem`, `cert.pem`,
one host) or in one secrets file that several hosts share (`SLS_SECRETS_FILE`, `--secrets-file`,
`secrets_file` in the config file), made by `sls-gateway secrets init PATH`.

The secrets file is PEM, mode 0600, and OpenSSL reads it as it is (key and certificate in one file):

    # comment lines
    -----BEGIN SLS GATEWAY VAULT KEYS-----
    base64 of 64 bytes: the 32-byte sealing key, then the 32-byte HMAC key
    -----END SLS GATEWAY VAULT KEYS-----
    -----BEGIN PRIVATE KEY-----            the TLS key: EC P-256, PKCS#8, unencrypted
    -----BEGIN CERTIFICATE-----            its self-signed certificate (SAN localhost, 127.0.0.1, ::1)

On its first start on a database a gateway records a key check in the `settings` table: a MAC under the
vault key of a fixed label and the SHA-256 of the TLS public key. Every later start (serve and every desk
command) compares: a gateway with other keys refuses to start, instead of answering 500 later.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from trader_login.auth.gateway import tls
from trader_login.auth.gateway.permissions import warn_if_others_can_read
from trader_login.auth.gateway.store import Store, settings
from trader_login.auth.gateway.tls import Certificate, CertificateError
from trader_login.auth.gateway.vault import KEY_FILE_NAME, Vault, VaultError, read_key_file

VAULT_LABEL = "SLS GATEWAY VAULT KEYS"
KEY_CHECK_SETTING = "key_check"
_KEY_CHECK_LABEL = "key-check"
_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END \1-----\r?\n?", re.DOTALL)
_HEADER = (
    "# Trader Login SLS gateway secrets: the vault keys, the TLS key and its certificate.\n"
    "# Every gateway on one database needs this same file (SLS_SECRETS_FILE).\n"
    "# Keep it 0600, readable by the gateway's user alone; never commit it.\n"
)


class SecretsError(VaultError):
    """The secrets file is missing, unreadable or malformed, or would be overwritten."""


class KeyMismatchError(VaultError):
    """This gateway's keys are not the ones the database was first used with."""


@dataclass(frozen=True)
class GatewaySecrets:
    vault: Vault
    certificate: Certificate
    public_key_sha256: str
    source: str  # where they come from, for messages: a path, never a secret

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> GatewaySecrets:
        """The default: the key file and the TLS files in the data directory, made on first start."""
        vault = Vault.open(data_dir)
        try:
            certificate = tls.ensure_certificate(data_dir)
            public_key = tls.public_key_sha256(certificate.pem)
        except (CertificateError, OSError, ValueError) as error:
            raise SecretsError(
                str(error) if isinstance(error, CertificateError) else f"{data_dir}: {error}"
            ) from None
        return cls(
            vault, certificate, public_key, f"the data directory {data_dir} ({KEY_FILE_NAME}, key.pem)"
        )

    @classmethod
    def from_file(cls, path: Path, data_dir: Path, *, now: datetime.datetime | None = None) -> GatewaySecrets:
        """The shared secrets file; the certificate alone is copied into the data directory (public)
        for `serve`'s `cert:` line and the clients that pin it."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SecretsError(
                f"the secrets file {path} does not exist (make it once with `sls-gateway secrets init`)"
            ) from None
        except OSError as error:
            raise SecretsError(f"cannot read the secrets file {path}: {error.strerror}") from None
        blocks: dict[bytes, re.Match[bytes]] = {}
        for match in _BLOCK.finditer(data):
            blocks.setdefault(match.group(1), match)
        try:
            raw = base64.b64decode(blocks[VAULT_LABEL.encode()].group(2))
            key_pem, cert_pem = blocks[b"PRIVATE KEY"].group(0), blocks[b"CERTIFICATE"].group(0)
        except (KeyError, binascii.Error):
            raise SecretsError(f"{path}: not a gateway secrets file (sls-gateway secrets init)") from None
        if len(raw) != 64:
            raise SecretsError(f"{path}: the vault keys must be 64 bytes")
        try:
            certificate = tls.check_key_and_certificate(key_pem, cert_pem, str(path))
        except CertificateError as error:
            raise SecretsError(str(error)) from None
        now = now or datetime.datetime.now(datetime.UTC)
        if certificate.not_valid_after_utc <= now:
            raise SecretsError(
                f"{path}: the TLS certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}"
            )
        warn_if_others_can_read(path, "the secrets file")
        cert_path = Path(data_dir) / tls.CERT_NAME
        try:
            tls.write_public_copy(cert_path, cert_pem)
        except OSError as error:
            raise SecretsError(f"cannot write {cert_path}: {error.strerror}") from None
        return cls(
            Vault(raw[:32], raw[32:]),
            Certificate(cert_path, path, tls.fingerprint_sha256(cert_pem)),
            tls.public_key_sha256(cert_pem),
            f"the secrets file {path}",
        )

    def key_check(self) -> dict[str, str]:
        return {
            "vault": self.vault.mac(_KEY_CHECK_LABEL, b"").hex(),
            "tls_public_key_sha256": self.public_key_sha256,
        }

    def check_against(self, store: Store) -> None:
        """Records the key check on a database's first start, compares it on every later one. The first
        writer wins: the store's write transaction serialises gateways starting together on a new database
        (BEGIN IMMEDIATE on SQLite, the writer lock on PostgreSQL), so the second one compares."""
        expected = self.key_check()
        with store.write() as connection:  # one writer at a time, on SQLite and PostgreSQL alike
            row = connection.execute(
                select(settings.c.value).where(settings.c.name == KEY_CHECK_SETTING)
            ).first()
            if row is None:
                connection.execute(insert(settings).values(name=KEY_CHECK_SETTING, value=expected))
                return
            recorded = row.value
        assert isinstance(recorded, dict)
        what = [
            name
            for name, key in (("vault key", "vault"), ("TLS key", "tls_public_key_sha256"))
            if not hmac.compare_digest(str(recorded.get(key, "")), expected[key])
        ]
        if what:
            raise KeyMismatchError(
                f"the {' and '.join(what)} in {self.source} do{'es' if len(what) == 1 else ''} not match "
                "the database's: every gateway on one database must use the same secrets file "
                "(SLS_SECRETS_FILE, made once by `sls-gateway secrets init`); not starting"
            )


def init_secrets_file(path: Path, *, from_data_dir: Path | None = None) -> str:
    """Writes a new secrets file (0600) at `path`, never over an existing one; returns the certificate's
    SHA-256 fingerprint, which clients pin. New keys, or with `from_data_dir` that data directory's key
    file, TLS key and certificate: a gateway that ran on one host moves to several with its database's
    keys (and the fingerprint its clients pinned)."""
    path = Path(path)
    if from_data_dir is None:
        key_pem, cert_pem = tls.new_key_and_certificate()
        vault_keys = base64.encodebytes(os.urandom(64))
    else:
        key_pem, cert_pem, vault_keys = _data_dir_secrets(Path(from_data_dir))
    data = (
        _HEADER.encode("ascii")
        + f"-----BEGIN {VAULT_LABEL}-----\n".encode()
        + vault_keys
        + f"-----END {VAULT_LABEL}-----\n".encode()
        + key_pem
        + cert_pem
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except FileExistsError:
        raise SecretsError(
            f"{path} exists; not overwritten (every gateway on a database needs that one file)"
        ) from None
    except OSError as error:
        raise SecretsError(f"cannot create {path}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        os.unlink(path)
        raise
    return tls.fingerprint_sha256(cert_pem)


def _data_dir_secrets(data_dir: Path) -> tuple[bytes, bytes, bytes]:
    sealing_key, hmac_key = read_key_file(data_dir)
    try:
        key_pem = (data_dir / tls.KEY_NAME).read_bytes()
        cert_pem = (data_dir / tls.CERT_NAME).read_bytes()
    except OSError as error:
        raise SecretsError(
            f"cannot read the TLS key and certificate in {data_dir}: {error.strerror}"
        ) from None
    try:
        tls.check_key_and_certificate(key_pem, cert_pem, str(data_dir))
    except CertificateError as error:
        raise SecretsError(str(error)) from None
    return key_pem, cert_pem, base64.encodebytes(sealing_key + hmac_key)
