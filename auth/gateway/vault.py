"""The gateway's secrets at rest: a key file outside the database, AES-GCM sealing, hashing of codes.

The key file (mode 0600, in the data directory) holds two independent 32-byte keys: one seals device
secrets, card grids and SRP server privates in the database; the other keys the HMACs behind decoy
records and code hashes. A copied database without the key file yields neither. Several hosts on one
database share the two keys through a secrets file instead (secrets_file.py).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE_NAME = "gateway-key.json"
_NONCE_SIZE = 12


class VaultError(Exception):
    """The key file is missing, malformed or does not open what the database holds."""


class Vault:
    def __init__(self, sealing_key: bytes, hmac_key: bytes) -> None:
        if len(sealing_key) != 32 or len(hmac_key) != 32:
            raise VaultError("vault keys must be 32 bytes each")
        self._aead = AESGCM(sealing_key)
        self._hmac_key = hmac_key

    def __repr__(self) -> str:
        return "Vault(<keys hidden>)"

    @classmethod
    def open(cls, data_dir: Path) -> Vault:
        """Loads the key file, creating it (mode 0600) on first start."""
        path = Path(data_dir) / KEY_FILE_NAME
        if not path.exists():
            _create_key_file(path)
        return cls(*read_key_file(data_dir))

    @classmethod
    def ephemeral(cls) -> Vault:
        """Keys that live as long as the process: for tests and throw-away gateways."""
        return cls(secrets.token_bytes(32), secrets.token_bytes(32))

    # -- sealing ---------------------------------------------------------------------------------------

    def seal(self, plaintext: bytes, context: str) -> bytes:
        """AES-GCM with a random nonce; `context` (e.g. "device:DSC123") is bound as associated data, so a
        sealed value moved to another row does not open there."""
        nonce = secrets.token_bytes(_NONCE_SIZE)
        return nonce + self._aead.encrypt(nonce, plaintext, context.encode("utf-8"))

    def open_sealed(self, sealed: bytes, context: str) -> bytes:
        try:
            return self._aead.decrypt(sealed[:_NONCE_SIZE], sealed[_NONCE_SIZE:], context.encode("utf-8"))
        except (InvalidTag, ValueError):
            raise VaultError(f"a sealed value for {context} does not open with this key file") from None

    def seal_json(self, value: object, context: str) -> bytes:
        return self.seal(json.dumps(value, separators=(",", ":")).encode("utf-8"), context)

    def open_json(self, sealed: bytes, context: str) -> object:
        return json.loads(self.open_sealed(sealed, context))

    # -- keyed hashes -----------------------------------------------------------------------------------

    def mac(self, label: str, data: bytes) -> bytes:
        """HMAC-SHA256 under the vault's second key, domain-separated by `label`."""
        return hmac.new(self._hmac_key, label.encode("ascii") + b"\0" + data, hashlib.sha256).digest()

    def code_hash(self, purpose: str, code: str) -> bytes:
        """Hash of an SMS code or temporary passcode. Keyed, because a 6-digit code's plain hash falls to
        a million guesses."""
        return self.mac(f"code:{purpose}", code.encode("utf-8"))

    @property
    def decoy_secret(self) -> bytes:
        return self.mac("decoy", b"")


def read_key_file(data_dir: Path) -> tuple[bytes, bytes]:
    """The sealing key and the HMAC key of the data directory's key file."""
    path = Path(data_dir) / KEY_FILE_NAME
    try:
        data = json.loads(path.read_text("ascii"))
        return base64.b64decode(data["sealing_key"]), base64.b64decode(data["hmac_key"])
    except (OSError, ValueError, KeyError, TypeError):
        raise VaultError(f"{path}: the gateway key file is unreadable or malformed") from None


def token_id(token: str) -> bytes:
    """The database key of a bearer token: its SHA-256, so a copied database holds no usable tokens."""
    return hashlib.sha256(token.encode("ascii", "replace")).digest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "sealing_key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
        "hmac_key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
    }
    # Written whole under a temporary name (0600 from the start), then linked into place: two gateways
    # starting together end up with one key file, and neither ever reads a half-written one.
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".gateway-key.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as file:
            json.dump(data, file)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp_name, path)
    finally:
        os.unlink(temp_name)
