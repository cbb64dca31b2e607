"""The virtual security key: a software CTAP 2.1 authenticator behind fido2's `CtapDevice` (issue 18).

`fido2.client.Fido2Client(VirtualSecurityKey(...), ...)` drives it exactly as it drives a USB key through
`CtapHidDevice`: `call(CTAPHID.CBOR, command byte + CBOR)` answers a status byte and CBOR, so the client's
code path (PIN protocol, exclude and allow lists, keep-alives, cancel) is the one a real key takes.

What it implements (CTAP 2.1, https://fidoalliance.org/specs/fido-v2.1-ps-20210615/):

- authenticatorMakeCredential (0x01): ES256 only, attestation "none", a random 32-byte credential id
  (the key stores every credential; those made with `rk` are discoverable), excludeList;
- authenticatorGetAssertion (0x02) and authenticatorGetNextAssertion (0x08): an allowList, or the
  discoverable credentials of the rp id, most recent first; a signature counter per credential;
- authenticatorGetInfo (0x04), authenticatorReset (0x07), authenticatorSelection (0x0B);
- authenticatorClientPIN (0x06), PIN/UV auth protocols 2 and 1: getPinRetries, getKeyAgreement, setPin,
  changePin, getPinToken, getPinUvAuthTokenUsingPinWithPermissions (permissions mc and ga).

User presence is the "Touch": a command that needs it blocks in `call` until `touch()`, the caller's cancel
event (or CTAPHID_CANCEL), or the presence timeout (`presence_timeout`, 30 s as real keys). A touch while
nothing waits is not remembered. Listeners (`add_listener`) are called on the thread that made the change:
the ceremony's worker for a command, the caller's for the Python API (`touch`, `set_pin`, `reset`, ...).

Private keys, the PIN hash, the PIN token and the PIN protocol's shared secrets never appear in a repr, a
str or an exception. In the device file the private keys and the PIN state (hash and retries, one blob bound
to the key id: `pin_sealed`, with `pin_hash`/`pin_retries` null) are sealed with a `Sealer` (the keychain's)
when the key has one (a file without a sealer keeps them in the clear, protected by its 0600 mode); a
sealed file read without a sealer loads `locked`: it lists its credentials but cannot sign (nor change its
PIN) until `use_sealer`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fido2 import cbor
from fido2.cose import ES256
from fido2.ctap import STATUS, CtapDevice, CtapError
from fido2.hid import CAPABILITY, CTAPHID
from fido2.webauthn import Aaguid, AttestedCredentialData, AuthenticatorData

from trader_login.auth.devices import _schema
from trader_login.auth.devices._schema import DeviceFileError

__all__ = [
    "AAGUID",
    "DEFAULT_PRESENCE_TIMEOUT",
    "LOCKED",
    "MAX_CREDENTIALS",
    "MAX_PIN_BYTES",
    "MIN_PIN_LENGTH",
    "PIN_RETRIES",
    "CredentialInfo",
    "PinError",
    "SealError",
    "Sealer",
    "VirtualSecurityKey",
    "check_pin",
]

logger = logging.getLogger(__name__)

# Ours, fixed: what the gateway's attestation "none" sees as the key's model (a random version-4 UUID).
AAGUID = Aaguid(bytes.fromhex("6a1e4d2c9b3f4c7a8e152f0d7b9c3a41"))
DEFAULT_PRESENCE_TIMEOUT = 30.0  # seconds, as a YubiKey waits for its touch
MAX_CREDENTIALS = 25  # as a YubiKey 5 (firmware 5.2-5.6) holds
MAX_MSG_SIZE = 1200
MAX_CREDS_IN_LIST = 8
MAX_CRED_ID_LENGTH = 128
PIN_RETRIES = 8
PIN_ATTEMPTS_PER_POWER_UP = 3  # then PIN_AUTH_BLOCKED until `power_cycle()` (unplug and plug in again)
MIN_PIN_LENGTH = 4  # Unicode code points
MAX_PIN_BYTES = 63  # UTF-8
PRESENCE_POLL_SECONDS = 0.05  # the real-time poll of a wait for a touch (the deadline is on the key's clock)
NEXT_ASSERTION_WINDOW = 30.0  # seconds a GetNextAssertion may follow its GetAssertion
LOCKED = CtapError.ERR.VENDOR_FIRST  # 0xF0: a sealed key without its sealing key cannot sign
_MAX_NAME = 64  # user and rp entity strings: CTAP lets an authenticator truncate to 64 bytes
_ES256 = -7
_PERMISSION_MC = 0x01
_PERMISSION_GA = 0x02
_ERR = CtapError.ERR


class PinError(ValueError):
    """`change_pin` refused: no PIN set, a wrong current PIN (`retries` left), or the PIN blocked. The message
    never holds a PIN."""

    def __init__(self, message: str, retries: int) -> None:
        super().__init__(message)
        self.retries = retries


class SealError(Exception):
    """A sealed blob cannot be opened: the sealing key is gone from the keychain, or the blob was altered."""


@runtime_checkable
class Sealer(Protocol):
    """Seals a key's private keys for its device file (the app's keychain: AES-256-GCM under a key it keeps).

    `name` (no secret) is written in the file to say what sealed it; `label` binds a blob to its place
    (key id and credential id), so a blob moved to another credential does not open."""

    name: str

    def seal(self, plain: bytes, label: str) -> bytes: ...

    def open(self, sealed: bytes, label: str) -> bytes: ...


@dataclass(frozen=True)
class CredentialInfo:
    """A credential on the key as a list shows it: nothing secret."""

    id: str  # base64url, no padding: WebAuthn's spelling of the credential id
    rp_id: str
    user_name: str
    display_name: str
    created: float  # Unix seconds
    sign_count: int
    discoverable: bool


class _StatusError(Exception):
    """A CTAP status to answer instead of a result."""

    def __init__(self, code: int) -> None:
        super().__init__(f"CTAP status 0x{code:02X}")
        self.code = code


# -- small helpers -----------------------------------------------------------------------------------------


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _from_b64url(text: str) -> bytes:
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise ValueError("a credential id is base64url text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("a credential id is base64url text") from None


PIN_RULE = f"a security key PIN is {MIN_PIN_LENGTH} to {MAX_PIN_BYTES} bytes of printable characters"


def check_pin(pin: str) -> str | None:
    """The PIN rule, for every layer that takes a new PIN: None when `pin` is acceptable (at least
    MIN_PIN_LENGTH code points, at most MAX_PIN_BYTES bytes of UTF-8, printable), else a one-line message
    (which never contains the PIN)."""
    if not isinstance(pin, str) or not pin.isprintable() or len(pin) < MIN_PIN_LENGTH:
        return PIN_RULE
    try:
        encoded = pin.encode("utf-8", "strict")
    except UnicodeEncodeError:  # a lone surrogate
        return PIN_RULE
    return PIN_RULE if len(encoded) > MAX_PIN_BYTES else None


def _check_pin(pin: object) -> bytes:
    if not isinstance(pin, str):
        raise TypeError("a PIN is text")
    problem = check_pin(pin)
    if problem is not None:
        raise ValueError(problem)
    return pin.encode("utf-8", "strict")


def _pin_hash(encoded: bytes) -> bytes:
    return hashlib.sha256(encoded).digest()[:16]  # LEFT(SHA-256(pin), 16), as the spec keeps it


# -- CBOR, strictly ----------------------------------------------------------------------------------------

_MAX_DEPTH = 8


def _decode(data: bytes) -> Any:
    """One CBOR item filling `data`. `_StatusError`: INVALID_CBOR for anything malformed,
    CBOR_UNEXPECTED_TYPE for valid CBOR that CTAP does not use (tags, floats, undefined, simple values)."""
    value, end = _item(data, 0, 0)
    if end != len(data):
        raise _StatusError(_ERR.INVALID_CBOR)
    return value


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    if at >= len(data):
        raise _StatusError(_ERR.INVALID_CBOR)
    first = data[at]
    major, info = first >> 5, first & 0x1F
    at += 1
    if info < 24:
        return major, info, at
    if info > 27:  # 28-30 reserved, 31 indefinite length (not canonical CTAP CBOR)
        raise _StatusError(_ERR.INVALID_CBOR)
    size = 1 << (info - 24)
    if at + size > len(data):
        raise _StatusError(_ERR.INVALID_CBOR)
    return major, int.from_bytes(data[at : at + size], "big"), at + size


def _item(data: bytes, at: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise _StatusError(_ERR.INVALID_CBOR)
    first = data[at] if at < len(data) else None
    major, argument, at = _head(data, at)
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        if at + argument > len(data):
            raise _StatusError(_ERR.INVALID_CBOR)
        raw = data[at : at + argument]
        if major == 2:
            return bytes(raw), at + argument
        try:
            return raw.decode("utf-8"), at + argument
        except UnicodeDecodeError:
            raise _StatusError(_ERR.INVALID_CBOR) from None
    if major == 4:
        if argument > len(data) - at:  # every item takes a byte at least
            raise _StatusError(_ERR.INVALID_CBOR)
        items = []
        for _ in range(argument):
            value, at = _item(data, at, depth + 1)
            items.append(value)
        return items, at
    if major == 5:
        if argument * 2 > len(data) - at:
            raise _StatusError(_ERR.INVALID_CBOR)
        mapping: dict[Any, Any] = {}
        for _ in range(argument):
            key, at = _item(data, at, depth + 1)
            if isinstance(key, bool) or not isinstance(key, int | str | bytes):
                raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
            value, at = _item(data, at, depth + 1)
            if key in mapping:
                raise _StatusError(_ERR.INVALID_CBOR)
            mapping[key] = value
        return mapping, at
    if major == 6:
        _, at = _item(data, at, depth + 1)
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    # major 7: false, true, null; floats and other simple values are CBOR but not CTAP's
    info = first & 0x1F if first is not None else 0
    if info == 20:
        return False, at
    if info == 21:
        return True, at
    if info == 22:
        return None, at
    if info == 24 and argument < 32:
        raise _StatusError(_ERR.INVALID_CBOR)  # a simple value below 32 in two bytes is not well formed
    raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)


def _get(params: Mapping[Any, Any], key: Any, kind: type | tuple[type, ...], *, required: bool) -> Any:
    if key not in params:
        if required:
            raise _StatusError(_ERR.MISSING_PARAMETER)
        return None
    value = params[key]
    if isinstance(value, bool) and kind is not bool:
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    if not isinstance(value, kind):
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    return value


def _params(payload: bytes) -> dict[Any, Any]:
    if not payload:
        raise _StatusError(_ERR.MISSING_PARAMETER)
    params = _decode(payload)
    if not isinstance(params, dict):
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    if any(not isinstance(key, int) or isinstance(key, bool) for key in params):
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    return params


def _options(params: Mapping[Any, Any], key: int) -> dict[str, bool]:
    options = _get(params, key, dict, required=False) or {}
    if any(not isinstance(name, str) or not isinstance(value, bool) for name, value in options.items()):
        raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
    return options


def _descriptors(params: Mapping[Any, Any], key: int) -> list[bytes] | None:
    """A list of PublicKeyCredentialDescriptors: the ids of those of type public-key."""
    items = _get(params, key, list, required=False)
    if items is None:
        return None
    ids = []
    for item in items:
        if not isinstance(item, dict):
            raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
        kind = _get(item, "type", str, required=True)
        raw = _get(item, "id", bytes, required=True)
        if kind == "public-key":
            ids.append(raw)
    return ids


def _entity_text(entity: Mapping[Any, Any], key: str) -> str:
    value = _get(entity, key, str, required=False) or ""
    encoded = value.encode("utf-8")[:_MAX_NAME]  # CTAP allows truncating to 64 bytes
    return encoded.decode("utf-8", "ignore")


# -- the PIN/UV auth protocols (the authenticator's side of fido2.ctap2.pin) -------------------------------


def _hkdf(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"\0" * 32, info=info).derive(secret)


class _PinProtocol:
    def __init__(self, version: int) -> None:
        self.version = version

    def shared_secret(self, private: ec.EllipticCurvePrivateKey, peer: Any) -> bytes:
        if not isinstance(peer, dict):
            raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
        x, y = peer.get(-2), peer.get(-3)
        if peer.get(1) != 2 or peer.get(-1) != 1 or not isinstance(x, bytes) or not isinstance(y, bytes):
            raise _StatusError(_ERR.INVALID_PARAMETER)
        if len(x) != 32 or len(y) != 32:
            raise _StatusError(_ERR.INVALID_PARAMETER)
        try:
            public = ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
            z = private.exchange(ec.ECDH(), public)
        except ValueError:
            raise _StatusError(_ERR.INVALID_PARAMETER) from None
        if self.version == 1:
            return hashlib.sha256(z).digest()
        return _hkdf(z, b"CTAP2 HMAC key") + _hkdf(z, b"CTAP2 AES key")

    def decrypt(self, key: bytes, ciphertext: bytes) -> bytes:
        if self.version == 1:
            aes_key, iv = key, b"\0" * 16
        else:
            aes_key, iv, ciphertext = key[32:], ciphertext[:16], ciphertext[16:]
        if not ciphertext or len(ciphertext) % 16 or len(iv) != 16:
            raise _StatusError(_ERR.INVALID_PARAMETER)
        decryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).decryptor()
        return decryptor.update(ciphertext) + decryptor.finalize()

    def encrypt(self, key: bytes, plain: bytes) -> bytes:
        if self.version == 1:
            aes_key, iv = key, b"\0" * 16
        else:
            aes_key, iv = key[32:], os.urandom(16)
        encryptor = Cipher(algorithms.AES(aes_key), modes.CBC(iv)).encryptor()
        body = encryptor.update(plain) + encryptor.finalize()
        return body if self.version == 1 else iv + body

    def verify(self, key: bytes, message: bytes, signature: bytes) -> bool:
        mac = hmac.new(key[:32], message, hashlib.sha256).digest()
        expected = mac[:16] if self.version == 1 else mac
        return hmac.compare_digest(expected, signature)


_PROTOCOLS = {2: _PinProtocol(2), 1: _PinProtocol(1)}


def _protocol(params: Mapping[Any, Any], key: int, *, required: bool) -> _PinProtocol | None:
    version = _get(params, key, int, required=required)
    if version is None:
        return None
    if version not in _PROTOCOLS:
        raise _StatusError(_ERR.INVALID_PARAMETER)
    return _PROTOCOLS[version]


# -- credentials -------------------------------------------------------------------------------------------


class _Credential:
    __slots__ = (
        "created",
        "discoverable",
        "display_name",
        "id",
        "private_key",
        "rp_id",
        "sealed",
        "sign_count",
        "user_id",
        "user_name",
    )

    def __init__(
        self,
        *,
        id: bytes,
        rp_id: str,
        user_id: bytes,
        user_name: str,
        display_name: str,
        created: float,
        sign_count: int,
        discoverable: bool,
        private_key: ec.EllipticCurvePrivateKey | None,
        sealed: bytes | None,
    ) -> None:
        self.id = id
        self.rp_id = rp_id
        self.user_id = user_id
        self.user_name = user_name
        self.display_name = display_name
        self.created = created
        self.sign_count = sign_count
        self.discoverable = discoverable
        self.private_key = private_key  # None while the key is locked
        self.sealed = sealed  # the private key sealed, when the key has (or had) a sealer

    def info(self) -> CredentialInfo:
        return CredentialInfo(
            _b64url(self.id),
            self.rp_id,
            self.user_name,
            self.display_name,
            self.created,
            self.sign_count,
            self.discoverable,
        )

    def __repr__(self) -> str:
        return f"_Credential(id={_b64url(self.id)!r}, rp_id={self.rp_id!r}, sign_count={self.sign_count})"


def _scalar(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    return private_key.private_numbers().private_value.to_bytes(32, "big")


def _from_scalar(raw: bytes) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


def _seal_label(key_id: bytes, credential_id: bytes) -> str:
    return f"trader-login passkey {key_id.hex()} {_b64url(credential_id)}"


def _pin_label(key_id: bytes) -> str:
    # Binds the sealed PIN state (retries left and the PIN hash, together) to this key.
    return f"trader-login passkey {key_id.hex()} pin"


def _pin_plain(retries: int, pin_hash: bytes | None) -> bytes:
    return bytes([retries]) + (pin_hash or b"")


def _open_pin(sealer: Sealer, sealed: bytes, key_id: bytes) -> tuple[int, bytes | None]:
    """The PIN state from its sealed blob; SealError (never the contents) when it does not open or is not
    one byte of retries and an optional 16-byte hash."""
    try:
        plain = sealer.open(sealed, _pin_label(key_id))
    except Exception:
        raise SealError("the sealed PIN does not open (tampered, or sealed for another key)") from None
    if not isinstance(plain, bytes) or len(plain) not in (1, 17) or plain[0] > PIN_RETRIES:
        raise SealError("the sealed PIN is not a PIN state")
    return plain[0], (plain[1:] if len(plain) == 17 else None)


@dataclass
class _Token:
    value: bytes = field(repr=False)
    protocol: int
    permissions: int
    rp_id: str | None


@dataclass
class _NextAssertions:
    rp_id_hash: bytes
    client_data_hash: bytes
    flags: int
    remaining: list[_Credential]
    user_details: bool
    deadline: float


# -- the key -----------------------------------------------------------------------------------------------


class VirtualSecurityKey(CtapDevice):
    """A software FIDO2 security key: fido2's `CtapDevice`, and a device model (`files.DeviceModel`)."""

    kind = "passkey"

    def __init__(
        self,
        *,
        key_id: bytes | None = None,
        sealer: Sealer | None = None,
        clock: Callable[[], float] | None = None,
        wall_clock: Callable[[], float] | None = None,
        presence_timeout: float = DEFAULT_PRESENCE_TIMEOUT,
    ) -> None:
        if key_id is None:
            key_id = os.urandom(8)
        if not isinstance(key_id, bytes) or len(key_id) != 8:
            raise ValueError("a key id is 8 bytes")
        self._key_id = key_id
        self._sealer = sealer
        self._clock = clock or time.monotonic
        self._wall_clock = wall_clock or time.time
        self.presence_timeout = presence_timeout
        self.auto_touch = False  # presence given at once (the desk making a registered demo key)
        self.on_changed: Callable[[], None] | None = None  # after a change the device file must keep
        self._credentials: list[_Credential] = []
        self._pin_hash: bytes | None = None
        self._pin_retries = PIN_RETRIES
        self._pin_sealed: bytes | None = None  # a locked key's sealed PIN state, kept to be written back
        self._pin_seal_cache: tuple[bytes, bytes] | None = None  # (PIN state, its blob): resealed on change
        self._sealed_by: str | None = sealer.name if sealer is not None else None
        self._locked = False
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.RLock()
        self._presence = threading.Condition(self._lock)
        self._busy = threading.Lock()
        self._waiting = False
        self._touched = False
        self._cancelled = False
        self._next: _NextAssertions | None = None
        self._dirty = False  # a command changed what the device file keeps
        self.power_cycle()

    @classmethod
    def create(
        cls,
        *,
        sealer: Sealer | None = None,
        clock: Callable[[], float] | None = None,
        wall_clock: Callable[[], float] | None = None,
        presence_timeout: float = DEFAULT_PRESENCE_TIMEOUT,
    ) -> VirtualSecurityKey:
        """A new, empty key with a random key id (no PIN, no credentials)."""
        return cls(sealer=sealer, clock=clock, wall_clock=wall_clock, presence_timeout=presence_timeout)

    # -- what a picker and a list show ---------------------------------------------------------------------

    @property
    def key_id(self) -> str:
        """The key's id, 16 upper-case hex digits (no secret; the ident shows its first 4)."""
        return self._key_id.hex().upper()

    @property
    def ident(self) -> str:
        return f"Virtual security key {self.key_id[:4]}"

    @property
    def credentials(self) -> tuple[CredentialInfo, ...]:
        with self._lock:
            return tuple(credential.info() for credential in self._credentials)

    @property
    def has_pin(self) -> bool:
        return self._pin_hash is not None

    @property
    def pin_retries(self) -> int:
        return self._pin_retries

    @property
    def locked(self) -> bool:
        """True for a key read sealed without its sealer: it lists its credentials but cannot sign."""
        return self._locked

    @property
    def sealer_name(self) -> str | None:
        """The name of the sealer that seals (or sealed) the private keys in the file; None: in the clear."""
        return self._sealed_by

    @property
    def waiting_for_touch(self) -> bool:
        return self._waiting

    def __repr__(self) -> str:
        return (
            f"VirtualSecurityKey(ident={self.ident!r}, credentials={len(self._credentials)}, "
            f"pin={'set' if self.has_pin else 'none'}, locked={self._locked})"
        )

    __str__ = __repr__

    # -- listeners -----------------------------------------------------------------------------------------

    def add_listener(self, callback: Callable[[], None]) -> None:
        """`callback()` after any change: waiting for a touch started or ended, a credential added or removed,
        a counter, the PIN. Called on the thread that made the change (a ceremony's worker for a command):
        a Qt side must hop to its GUI thread."""
        with self._lock:
            self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def _notify(self, *, persistent: bool = False) -> None:
        """Tell the app and the listeners; never called with the lock held."""
        with self._lock:
            listeners = list(self._listeners)
        callbacks = ([self.on_changed] if persistent and self.on_changed is not None else []) + listeners
        for callback in callbacks:
            try:
                callback()
            except Exception:
                logger.exception("a security key listener failed")

    # -- the Python API (the desk, the emulators, the tests) -----------------------------------------------

    def touch(self) -> None:
        """The user touches the key: releases a command waiting for presence; nothing when none waits."""
        with self._presence:
            if not self._waiting:
                return
            self._touched = True
            self._presence.notify_all()

    def cancel(self) -> None:
        """CTAPHID_CANCEL: a command waiting for presence ends with KEEPALIVE_CANCEL."""
        with self._presence:
            if self._waiting:
                self._cancelled = True
                self._presence.notify_all()

    def power_cycle(self) -> None:
        """Unplug and plug in again: a command waiting for a touch ends (KEEPALIVE_CANCEL), a new key
        agreement key and PIN token, the PIN attempts of this power-up restored (retries left kept)."""
        self.cancel()
        with self._lock:
            self._agreement = ec.generate_private_key(ec.SECP256R1())
            self._token: _Token | None = None
            self._attempts_this_power_up = 0
            self._next = None

    def set_pin(self, pin: str) -> None:
        """Set (or replace) the key's PIN: 4 to 63 bytes; the retries back to 8."""
        encoded = _check_pin(pin)
        with self._lock:
            if self._locked:
                raise ValueError("the key is locked (its keychain entry is gone): its PIN cannot change")
            self._pin_hash = _pin_hash(encoded)
            self._pin_retries = PIN_RETRIES
            self._attempts_this_power_up = 0
            self._token = None
        self._notify(persistent=True)

    def change_pin(self, current: str, new: str) -> None:
        """Change the PIN as authenticatorClientPIN changePin does: a wrong `current` PIN counts against the
        retries (PinError with `retries` left); the PIN blocked at 0; `new` is 4 to 63 bytes (ValueError)."""
        encoded = _check_pin(new)
        if not isinstance(current, str):
            raise TypeError("a PIN is text")
        with self._lock:
            if self._locked:
                raise ValueError("the key is locked (its keychain entry is gone): its PIN cannot change")
            if self._pin_hash is None:
                raise PinError("the key has no PIN to change", self._pin_retries)
            if self._pin_retries == 0:
                raise PinError("the key's PIN is blocked: only a reset makes the key usable again", 0)
            self._pin_retries -= 1
            right = hmac.compare_digest(_pin_hash(current.encode("utf-8", "surrogatepass")), self._pin_hash)
            if right:
                self._pin_hash = _pin_hash(encoded)
                self._pin_retries = PIN_RETRIES
                self._token = None
            retries = self._pin_retries
        self._notify(persistent=True)
        if not right:
            raise PinError(f"wrong PIN: {retries} attempts left before the key blocks its PIN", retries)

    def clear_pin(self) -> None:
        """Remove the PIN (something a real key does only through a reset)."""
        with self._lock:
            if self._locked:
                raise ValueError("the key is locked (its keychain entry is gone): its PIN cannot change")
            self._pin_hash = None
            self._pin_retries = PIN_RETRIES
            self._token = None
        self._notify(persistent=True)

    def reset(self) -> None:
        """Delete every credential and the PIN, as authenticatorReset, without asking for presence."""
        with self._lock:
            self._reset()
        self._notify(persistent=True)

    def _reset(self) -> None:
        self._credentials = []
        self._pin_hash = None
        self._pin_retries = PIN_RETRIES
        self._pin_sealed = None
        self._locked = False
        self._sealed_by = self._sealer.name if self._sealer is not None else None
        self.power_cycle()

    def remove_credential(self, credential_id: str) -> None:
        """Delete the credential with this id (base64url, as `CredentialInfo.id`); KeyError if none."""
        raw = _from_b64url(credential_id)
        with self._lock:
            found = [each for each in self._credentials if each.id == raw]
            if not found:
                raise KeyError("no credential with this id on the key")
            self._credentials.remove(found[0])
            self._next = None
        self._notify(persistent=True)

    def use_sealer(self, sealer: Sealer) -> None:
        """Seal the private keys with `sealer` from now on; a locked key is unlocked with it.

        `SealError` (nothing changed) when a sealed private key does not open with it."""
        with self._lock:
            pin_state = None
            if self._pin_sealed is not None:
                pin_state = _open_pin(sealer, self._pin_sealed, self._key_id)
            opened: dict[int, ec.EllipticCurvePrivateKey] = {}
            resealed: dict[int, bytes] = {}
            for index, credential in enumerate(self._credentials):
                label = _seal_label(self._key_id, credential.id)
                if credential.private_key is None:
                    assert credential.sealed is not None  # a locked credential keeps its blob
                    opened[index] = _open_key(sealer, credential.sealed, label)
                    resealed[index] = credential.sealed
                else:
                    resealed[index] = sealer.seal(_scalar(credential.private_key), label)
            for index, credential in enumerate(self._credentials):
                if index in opened:
                    credential.private_key = opened[index]
                credential.sealed = resealed[index]
            if pin_state is not None:
                self._pin_retries, self._pin_hash = pin_state
                assert self._pin_sealed is not None
                self._pin_seal_cache = (_pin_plain(*pin_state), self._pin_sealed)
                self._pin_sealed = None
            elif self._sealer is not sealer:
                self._pin_seal_cache = None
            self._sealer = sealer
            self._sealed_by = sealer.name
            self._locked = False
        self._notify(persistent=True)

    # -- CtapDevice ----------------------------------------------------------------------------------------

    @property
    def capabilities(self) -> int:
        return CAPABILITY.CBOR | CAPABILITY.WINK

    @classmethod
    def list_devices(cls) -> Iterator[CtapDevice]:
        """Virtual keys are not discovered: the app hands them over."""
        return iter(())

    def close(self) -> None:
        self.cancel()

    def call(
        self,
        cmd: int,
        data: bytes = b"",
        event: threading.Event | None = None,
        on_keepalive: Callable[[STATUS], None] | None = None,
    ) -> bytes:
        """A CTAPHID message: CBOR (the CTAP2 commands), PING, WINK and CANCEL; others raise CtapError
        INVALID_COMMAND as `CtapHidDevice` does for a CTAPHID error (no U2F here)."""
        if cmd == CTAPHID.PING:
            return bytes(data)
        if cmd == CTAPHID.WINK:
            return b""
        if cmd == CTAPHID.CANCEL:
            self.cancel()
            return b""
        if cmd != CTAPHID.CBOR:
            raise CtapError(_ERR.INVALID_COMMAND)
        if not self._busy.acquire(blocking=False):
            return bytes([_ERR.CHANNEL_BUSY])
        try:
            payload = bytes(data)
            try:
                response = self._command(payload, event, on_keepalive)
            except _StatusError as refusal:
                response = bytes([refusal.code])
            except Exception:
                # A bug must not escape as a Python exception from a device; the traceback names no secret.
                logger.exception("the virtual security key failed on a command")
                response = bytes([_ERR.OTHER])
        finally:
            with self._lock:
                persistent, self._dirty = self._dirty, False
            self._busy.release()
        if persistent:
            self._notify(persistent=True)
        return response

    # -- CTAP2 ---------------------------------------------------------------------------------------------

    def _command(
        self, payload: bytes, event: threading.Event | None, on_keepalive: Callable[[STATUS], None] | None
    ) -> bytes:
        if not payload or len(payload) > MAX_MSG_SIZE:
            raise _StatusError(_ERR.INVALID_LENGTH)
        command, body = payload[0], payload[1:]
        if command != 0x08:
            with self._lock:
                self._next = None  # GetNextAssertion follows its GetAssertion directly
        presence = _Presence(self, event, on_keepalive)
        if command == 0x04:
            self._no_payload(body)
            return self._answer(self._info())
        if command == 0x01:
            return self._answer(self._make_credential(_params(body), presence))
        if command == 0x02:
            return self._answer(self._get_assertion(_params(body), presence))
        if command == 0x08:
            self._no_payload(body)
            return self._answer(self._get_next_assertion())
        if command == 0x06:
            return self._answer(self._client_pin(_params(body)))
        if command == 0x07:
            self._no_payload(body)
            presence.collect()
            with self._lock:
                self._reset()
                self._dirty = True
            return b"\0"
        if command == 0x0B:
            self._no_payload(body)
            presence.collect()
            return b"\0"
        raise _StatusError(_ERR.INVALID_COMMAND)

    @staticmethod
    def _no_payload(body: bytes) -> None:
        if body:
            raise _StatusError(_ERR.INVALID_LENGTH)

    @staticmethod
    def _answer(result: Mapping[int, Any]) -> bytes:
        return b"\0" + (cbor.encode(result) if result else b"")

    def _info(self) -> dict[int, Any]:
        return {
            0x01: ["FIDO_2_0", "FIDO_2_1"],
            0x03: bytes(AAGUID),
            0x04: {
                "rk": True,
                "up": True,
                "plat": False,
                "clientPin": self.has_pin,
                "pinUvAuthToken": True,
            },
            0x05: MAX_MSG_SIZE,
            0x06: [2, 1],
            0x07: MAX_CREDS_IN_LIST,
            0x08: MAX_CRED_ID_LENGTH,
            0x09: ["usb"],
            0x0A: [{"alg": _ES256, "type": "public-key"}],
            0x0D: MIN_PIN_LENGTH,
            0x14: max(0, MAX_CREDENTIALS - len(self._credentials)),
        }

    def _check_uv(
        self, params: Mapping[Any, Any], param_key: int, client_data_hash: bytes, permission: int, rp_id: str
    ) -> tuple[bytes | None, bool]:
        """(pinUvAuthParam, whether it verified the user). Refuses a bad one."""
        auth_param = _get(params, param_key, bytes, required=False)
        protocol = _protocol(params, param_key + 1, required=auth_param is not None and len(auth_param) > 0)
        if auth_param is None or not auth_param:
            return auth_param, False
        assert protocol is not None  # required above
        with self._lock:
            token = self._token
            if self._pin_hash is None:
                raise _StatusError(_ERR.PIN_NOT_SET)
            if (
                token is None
                or token.protocol != protocol.version
                or not protocol.verify(token.value, client_data_hash, auth_param)
            ):
                raise _StatusError(_ERR.PIN_AUTH_INVALID)
            if not token.permissions & permission or token.rp_id not in (None, rp_id):
                raise _StatusError(_ERR.PIN_AUTH_INVALID)
            token.rp_id = rp_id
        return auth_param, True

    def _used_token(self) -> None:
        """After a command that collected presence with the token: its mc and ga permissions are spent."""
        with self._lock:
            if self._token is not None:
                self._token.permissions &= ~(_PERMISSION_MC | _PERMISSION_GA)

    def _make_credential(self, params: dict[Any, Any], presence: _Presence) -> dict[int, Any]:
        client_data_hash = _get(params, 0x01, bytes, required=True)
        rp = _get(params, 0x02, dict, required=True)
        user = _get(params, 0x03, dict, required=True)
        key_params = _get(params, 0x04, list, required=True)
        exclude = _descriptors(params, 0x05)
        _get(params, 0x06, dict, required=False)  # extensions: none supported, ignored
        options = _options(params, 0x07)
        if 0x0A in params:
            _get(params, 0x0A, int, required=True)
            raise _StatusError(_ERR.INVALID_PARAMETER)  # no enterprise attestation
        rp_id = _get(rp, "id", str, required=True)
        _entity_text(rp, "name")
        user_id = _get(user, "id", bytes, required=True)
        user_name = _entity_text(user, "name")
        display_name = _entity_text(user, "displayName")
        if len(client_data_hash) != 32 or not 1 <= len(user_id) <= 64:
            raise _StatusError(_ERR.INVALID_LENGTH)
        algorithms_found = []
        for each in key_params:
            if not isinstance(each, dict):
                raise _StatusError(_ERR.CBOR_UNEXPECTED_TYPE)
            kind = _get(each, "type", str, required=True)
            alg = _get(each, "alg", int, required=True)
            if kind == "public-key":
                algorithms_found.append(alg)
        auth_param, verified = self._check_uv(params, 0x08, client_data_hash, _PERMISSION_MC, rp_id)
        if auth_param is not None and not auth_param:
            presence.collect()
            raise _StatusError(_ERR.PIN_INVALID if self.has_pin else _ERR.PIN_NOT_SET)
        if _ES256 not in algorithms_found:
            raise _StatusError(_ERR.UNSUPPORTED_ALGORITHM)
        if options.get("up") is False or options.get("uv") is True:
            raise _StatusError(_ERR.INVALID_OPTION)  # no built-in user verification; presence is always asked
        resident = options.get("rk", False)
        with self._lock:
            if self.has_pin and not verified:
                raise _StatusError(_ERR.PUAT_REQUIRED)
            excluded = any(
                credential.id in (exclude or []) and credential.rp_id == rp_id
                for credential in self._credentials
            )
            replaced = [
                each
                for each in self._credentials
                if each.discoverable and each.rp_id == rp_id and each.user_id == user_id
            ]
            if not excluded and len(self._credentials) - len(replaced) >= MAX_CREDENTIALS:
                raise _StatusError(_ERR.KEY_STORE_FULL)
            if self._locked:
                raise _StatusError(LOCKED)
        presence.collect()
        if excluded:
            raise _StatusError(_ERR.CREDENTIAL_EXCLUDED)
        if verified:
            self._used_token()
        private_key = ec.generate_private_key(ec.SECP256R1())
        credential_id = os.urandom(32)
        with self._lock:
            sealed = None
            if self._sealer is not None:
                sealed = self._sealer.seal(_scalar(private_key), _seal_label(self._key_id, credential_id))
            credential = _Credential(
                id=credential_id,
                rp_id=rp_id,
                user_id=user_id,
                user_name=user_name,
                display_name=display_name,
                created=float(self._wall_clock()),
                sign_count=0,
                discoverable=resident,
                private_key=private_key,
                sealed=sealed,
            )
            if resident:
                for each in self._credentials:
                    if each.discoverable and each.rp_id == rp_id and each.user_id == user_id:
                        self._credentials.remove(each)
                        break
            self._credentials.append(credential)
            self._dirty = True
        flags = AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT
        if verified:
            flags |= AuthenticatorData.FLAG.UV
        attested = AttestedCredentialData.create(
            AAGUID, credential_id, ES256.from_cryptography_key(private_key.public_key())
        )
        auth_data = AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, 0, attested)
        return {0x01: "none", 0x02: bytes(auth_data), 0x03: {}}

    def _get_assertion(self, params: dict[Any, Any], presence: _Presence) -> dict[int, Any]:
        rp_id = _get(params, 0x01, str, required=True)
        client_data_hash = _get(params, 0x02, bytes, required=True)
        allow = _descriptors(params, 0x03)
        _get(params, 0x04, dict, required=False)  # extensions: none supported, ignored
        options = _options(params, 0x05)
        if len(client_data_hash) != 32:
            raise _StatusError(_ERR.INVALID_LENGTH)
        auth_param, verified = self._check_uv(params, 0x06, client_data_hash, _PERMISSION_GA, rp_id)
        if auth_param is not None and not auth_param:
            presence.collect()
            raise _StatusError(_ERR.PIN_INVALID if self.has_pin else _ERR.PIN_NOT_SET)
        if "rk" in options:
            raise _StatusError(_ERR.UNSUPPORTED_OPTION)
        if options.get("uv") is True:
            raise _StatusError(_ERR.INVALID_OPTION)
        user_present = options.get("up", True)
        with self._lock:
            if allow:
                found = [
                    credential
                    for wanted in allow
                    for credential in self._credentials
                    if credential.id == wanted and credential.rp_id == rp_id
                ][:1]
            else:
                found = [
                    each
                    for _, _, each in sorted(
                        (
                            (each.created, index, each)
                            for index, each in enumerate(self._credentials)
                            if each.discoverable and each.rp_id == rp_id
                        ),
                        key=lambda entry: entry[:2],
                        reverse=True,
                    )
                ]  # most recent first; the later made first among those of one time
            if found and self._locked:
                raise _StatusError(LOCKED)
        if user_present:
            presence.collect()  # before NO_CREDENTIALS, as CTAP 2.1 asks: no probing without a touch
        if not found:
            raise _StatusError(_ERR.NO_CREDENTIALS)
        if verified and user_present:
            self._used_token()
        flags = (AuthenticatorData.FLAG.UP if user_present else 0) | (
            AuthenticatorData.FLAG.UV if verified else 0
        )
        rp_id_hash = hashlib.sha256(rp_id.encode()).digest()
        with self._lock:
            found = [each for each in found if each in self._credentials]  # none removed during the wait
            if not found:
                raise _StatusError(_ERR.NO_CREDENTIALS)
            first = self._assertion(found[0], rp_id_hash, client_data_hash, flags, user_details=verified)
            if not allow and len(found) > 1:
                first[0x05] = len(found)
                self._next = _NextAssertions(
                    rp_id_hash,
                    client_data_hash,
                    flags,
                    found[1:],
                    verified,
                    self._clock() + NEXT_ASSERTION_WINDOW,
                )
            if allow and not found[0].discoverable:
                del first[0x04]  # a non-discoverable credential's user is the RP's to know
        return first

    def _assertion(
        self,
        credential: _Credential,
        rp_id_hash: bytes,
        client_data_hash: bytes,
        flags: int,
        *,
        user_details: bool,
    ) -> dict[int, Any]:
        if credential.private_key is None:
            raise _StatusError(LOCKED)
        credential.sign_count = (credential.sign_count + 1) & 0xFFFFFFFF
        self._dirty = True
        auth_data = AuthenticatorData.create(rp_id_hash, flags, credential.sign_count)
        signature = credential.private_key.sign(
            bytes(auth_data) + client_data_hash, ec.ECDSA(hashes.SHA256())
        )
        user: dict[str, Any] = {"id": credential.user_id}
        if user_details:
            if credential.user_name:
                user["name"] = credential.user_name
            if credential.display_name:
                user["displayName"] = credential.display_name
        return {
            0x01: {"id": credential.id, "type": "public-key"},
            0x02: bytes(auth_data),
            0x03: signature,
            0x04: user,
        }

    def _get_next_assertion(self) -> dict[int, Any]:
        with self._lock:
            state = self._next
            if state is None or not state.remaining or self._clock() > state.deadline:
                self._next = None
                raise _StatusError(_ERR.NOT_ALLOWED)
            credential = state.remaining.pop(0)
            if credential not in self._credentials:
                self._next = None
                raise _StatusError(_ERR.NOT_ALLOWED)
            return self._assertion(
                credential,
                state.rp_id_hash,
                state.client_data_hash,
                state.flags,
                user_details=state.user_details,
            )

    # -- authenticatorClientPIN ----------------------------------------------------------------------------

    def _client_pin(self, params: dict[Any, Any]) -> dict[int, Any]:
        if self._locked:
            raise _StatusError(LOCKED)  # its PIN state is sealed with a keychain entry that is gone
        sub_command = _get(params, 0x02, int, required=True)
        protocol = _protocol(params, 0x01, required=sub_command != 0x01)
        key_agreement = _get(params, 0x03, dict, required=False)
        auth_param = _get(params, 0x04, bytes, required=False)
        new_pin_enc = _get(params, 0x05, bytes, required=False)
        pin_hash_enc = _get(params, 0x06, bytes, required=False)
        permissions = _get(params, 0x09, int, required=False)
        permissions_rp_id = _get(params, 0x0A, str, required=False)
        if sub_command == 0x01:  # getPinRetries
            return {0x03: self._pin_retries, 0x04: self._attempts_this_power_up >= PIN_ATTEMPTS_PER_POWER_UP}
        if sub_command not in (0x02, 0x03, 0x04, 0x05, 0x09):
            raise _StatusError(_ERR.INVALID_SUBCOMMAND)  # no built-in UV: 0x06 and 0x07 are not offered
        assert protocol is not None  # required above
        if sub_command == 0x02:  # getKeyAgreement
            numbers = self._agreement.public_key().public_numbers()
            cose = {1: 2, 3: -25, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
            return {0x01: cose}
        if key_agreement is None:
            raise _StatusError(_ERR.MISSING_PARAMETER)
        if sub_command == 0x03:  # setPin
            if auth_param is None or new_pin_enc is None:
                raise _StatusError(_ERR.MISSING_PARAMETER)
            with self._lock:
                if self._pin_hash is not None:
                    raise _StatusError(_ERR.NOT_ALLOWED)
                shared = protocol.shared_secret(self._agreement, key_agreement)
                if not protocol.verify(shared, new_pin_enc, auth_param):
                    raise _StatusError(_ERR.PIN_AUTH_INVALID)
                encoded = self._new_pin(protocol, shared, new_pin_enc)
                self._pin_hash = _pin_hash(encoded)
                self._pin_retries = PIN_RETRIES
                self._dirty = True
            return {}
        if sub_command == 0x04:  # changePin
            if auth_param is None or new_pin_enc is None or pin_hash_enc is None:
                raise _StatusError(_ERR.MISSING_PARAMETER)
            with self._lock:
                shared = self._verify_pin_hash_enc(
                    protocol, key_agreement, pin_hash_enc, new_pin_enc + pin_hash_enc, auth_param
                )
                if isinstance(shared, _StatusError):
                    raise shared
                encoded = self._new_pin(protocol, shared, new_pin_enc)
                self._pin_hash = _pin_hash(encoded)
                self._token = None
            return {}
        # getPinToken (0x05) and getPinUvAuthTokenUsingPinWithPermissions (0x09)
        if pin_hash_enc is None:
            raise _StatusError(_ERR.MISSING_PARAMETER)
        if sub_command == 0x05:
            if permissions is not None or permissions_rp_id is not None:
                raise _StatusError(_ERR.INVALID_PARAMETER)
            permissions = _PERMISSION_MC | _PERMISSION_GA
        else:
            if permissions is None:
                raise _StatusError(_ERR.MISSING_PARAMETER)
            if permissions <= 0:
                raise _StatusError(_ERR.INVALID_PARAMETER)
            if permissions & ~(_PERMISSION_MC | _PERMISSION_GA):
                raise _StatusError(_ERR.UNAUTHORIZED_PERMISSION)
        with self._lock:
            shared = self._verify_pin_hash_enc(protocol, key_agreement, pin_hash_enc, None, None)
            if isinstance(shared, _StatusError):
                raise shared
            token = os.urandom(32)
            self._token = _Token(token, protocol.version, permissions, permissions_rp_id)
            return {0x02: protocol.encrypt(shared, token)}

    def _verify_pin_hash_enc(
        self,
        protocol: _PinProtocol,
        key_agreement: Any,
        pin_hash_enc: bytes,
        authenticated: bytes | None,
        auth_param: bytes | None,
    ) -> bytes | _StatusError:
        """The shared secret when the PIN hash is right; a `_StatusError` (returned) after a wrong one."""
        if self._pin_hash is None:
            raise _StatusError(_ERR.PIN_NOT_SET)
        if self._pin_retries == 0:
            raise _StatusError(_ERR.PIN_BLOCKED)
        if self._attempts_this_power_up >= PIN_ATTEMPTS_PER_POWER_UP:
            raise _StatusError(_ERR.PIN_AUTH_BLOCKED)
        shared = protocol.shared_secret(self._agreement, key_agreement)
        if (
            authenticated is not None
            and auth_param is not None
            and not protocol.verify(shared, authenticated, auth_param)
        ):
            raise _StatusError(_ERR.PIN_AUTH_INVALID)
        if len(pin_hash_enc) != (16 if protocol.version == 1 else 32):
            raise _StatusError(_ERR.INVALID_PARAMETER)
        self._pin_retries -= 1
        self._dirty = True  # the retries left: the device file keeps them, whatever the answer
        if hmac.compare_digest(protocol.decrypt(shared, pin_hash_enc), self._pin_hash):
            self._pin_retries = PIN_RETRIES
            self._attempts_this_power_up = 0
            return shared
        self._agreement = ec.generate_private_key(ec.SECP256R1())
        self._attempts_this_power_up += 1
        if self._pin_retries == 0:
            return _StatusError(_ERR.PIN_BLOCKED)
        if self._attempts_this_power_up >= PIN_ATTEMPTS_PER_POWER_UP:
            return _StatusError(_ERR.PIN_AUTH_BLOCKED)
        return _StatusError(_ERR.PIN_INVALID)

    @staticmethod
    def _new_pin(protocol: _PinProtocol, shared: bytes, new_pin_enc: bytes) -> bytes:
        if len(new_pin_enc) != (64 if protocol.version == 1 else 80):
            raise _StatusError(_ERR.INVALID_PARAMETER)
        padded = protocol.decrypt(shared, new_pin_enc)
        encoded = padded.rstrip(b"\0")
        try:
            text = encoded.decode("utf-8")
        except UnicodeDecodeError:
            raise _StatusError(_ERR.PIN_POLICY_VIOLATION) from None
        if len(text) < MIN_PIN_LENGTH or len(encoded) > MAX_PIN_BYTES:
            raise _StatusError(_ERR.PIN_POLICY_VIOLATION)
        return encoded

    # -- device file ---------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The key as its device file keeps it; private keys sealed when the key has (or had) a sealer."""
        with self._lock:
            credentials = []
            for credential in self._credentials:
                if self._sealed_by is not None:
                    if credential.sealed is None:
                        raise ValueError("a credential of a sealed key has no sealed private key")
                    private = credential.sealed
                else:
                    assert credential.private_key is not None  # unsealed keys are never locked
                    private = _scalar(credential.private_key)
                credentials.append(
                    {
                        "id": _schema.b64(credential.id),
                        "rp_id": credential.rp_id,
                        "user_id": _schema.b64(credential.user_id),
                        "user_name": credential.user_name,
                        "display_name": credential.display_name,
                        "created": credential.created,
                        "sign_count": credential.sign_count,
                        "discoverable": credential.discoverable,
                        "private_key": _schema.b64(private),
                    }
                )
            data: dict[str, Any] = {
                "key_id": self.key_id,
                "pin_hash": _schema.b64(self._pin_hash) if self._pin_hash is not None else None,
                "pin_retries": self._pin_retries,
                "sealed_by": self._sealed_by,
                "credentials": credentials,
            }
            # A sealed key seals its PIN state too (the hash would give the PIN away offline; the retries
            # would be edited back): one blob, bound to the key id. A key without a sealer keeps today's
            # clear fields (its file is 0600, as every unsealed device file).
            sealed_pin = None
            if self._sealer is not None:
                plain = _pin_plain(self._pin_retries, self._pin_hash)
                cache = self._pin_seal_cache
                if cache is None or not hmac.compare_digest(cache[0], plain):
                    cache = (plain, self._sealer.seal(plain, _pin_label(self._key_id)))
                    self._pin_seal_cache = cache
                sealed_pin = cache[1]
            elif self._sealed_by is not None:
                sealed_pin = self._pin_sealed  # locked: written back as read
            if sealed_pin is not None:
                data.update(pin_hash=None, pin_retries=None, pin_sealed=_schema.b64(sealed_pin))
            return data

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        clock: Callable[[], float] | None = None,
        sealer: Sealer | None = None,
        wall_clock: Callable[[], float] | None = None,
    ) -> VirtualSecurityKey:
        """The key back from `to_dict`; DeviceFileError naming the field (never its value). A sealed file
        without `sealer` loads `locked`; with a sealer that cannot open it, DeviceFileError."""
        where = "passkey"
        names = ("key_id", "pin_hash", "pin_retries", "sealed_by", "credentials")
        pin_is_sealed = isinstance(data, Mapping) and "pin_sealed" in data
        fields = _schema.exact_keys(data, (*names, "pin_sealed") if pin_is_sealed else names, where)
        key_id_text = _schema.get_str(fields, "key_id", where, max_len=16)
        if not re.fullmatch(r"[0-9A-F]{16}", key_id_text):
            raise DeviceFileError(f"{where}.key_id: must be 16 upper-case hex digits")
        sealed_by = None
        if fields["sealed_by"] is not None:
            sealed_by = _schema.get_str(fields, "sealed_by", where, max_len=64)
            if not re.fullmatch(r"[\x20-\x7e]{1,64}", sealed_by):
                raise DeviceFileError(f"{where}.sealed_by: must be 1 to 64 printable ASCII characters")
        pin_hash = None
        retries = PIN_RETRIES
        pin_sealed = None
        if pin_is_sealed:
            if sealed_by is None:
                raise DeviceFileError(f"{where}.pin_sealed: only a sealed file seals its PIN")
            if fields["pin_hash"] is not None or fields["pin_retries"] is not None:
                raise DeviceFileError(f"{where}: a sealed PIN leaves pin_hash and pin_retries null")
            pin_sealed = _schema.get_bytes_between(fields, "pin_sealed", where, low=1, high=256)
        else:
            if sealed_by is not None:
                # A sealed file keeps its PIN sealed: clear PIN fields there are an edit (a PIN removed,
                # the retries set back), refused as tampering.
                raise DeviceFileError(f"{where}: missing field(s) pin_sealed (the file was tampered with)")
            if fields["pin_hash"] is not None:
                pin_hash = _schema.get_bytes(fields, "pin_hash", where, size=16)
            retries = _schema.get_int(fields, "pin_retries", where, low=0, high=PIN_RETRIES)
        items = _schema.get_list(fields, "credentials", where, max_len=MAX_CREDENTIALS)
        key = cls(key_id=bytes.fromhex(key_id_text), sealer=sealer, clock=clock, wall_clock=wall_clock)
        key._pin_hash = pin_hash
        key._pin_retries = retries
        key._pin_sealed = pin_sealed
        key._sealed_by = sealed_by
        if sealed_by is not None and sealer is not None and sealer.name != sealed_by:
            raise DeviceFileError(
                f"{where}.sealed_by: the file was sealed by another sealing key than the one given"
            )
        seen: set[bytes] = set()
        for index, item in enumerate(items):
            credential = _read_credential(
                item, f"{where}.credentials[{index}]", key._key_id, sealed_by, sealer
            )
            if credential.id in seen:
                raise DeviceFileError(f"{where}.credentials[{index}].id: appears twice")
            seen.add(credential.id)
            key._credentials.append(credential)
        if pin_sealed is not None and sealer is not None:
            try:
                key._pin_retries, key._pin_hash = _open_pin(sealer, pin_sealed, key._key_id)
            except SealError:
                raise DeviceFileError(
                    f"{where}.pin_sealed: does not open: the file was tampered with"
                ) from None
            key._pin_seal_cache = (_pin_plain(key._pin_retries, key._pin_hash), pin_sealed)
            key._pin_sealed = None
        if sealed_by is not None and sealer is None and not key._credentials:
            # nothing sealed in it but its PIN state (guarding nothing on an empty key): to seal anew
            key._sealed_by = None
            key._pin_sealed = None  # nothing sealed in it: a key to seal anew, not a locked one
        key._locked = key._sealed_by is not None and sealer is None
        return key


def _open_key(sealer: Sealer, sealed: bytes, label: str) -> ec.EllipticCurvePrivateKey:
    raw = sealer.open(sealed, label)
    if not isinstance(raw, bytes) or len(raw) != 32:
        raise SealError("the sealed private key is not a P-256 key")
    try:
        return _from_scalar(raw)
    except ValueError:
        raise SealError("the sealed private key is not a P-256 key") from None


def _read_credential(
    item: Any, where: str, key_id: bytes, sealed_by: str | None, sealer: Sealer | None
) -> _Credential:
    fields = _schema.exact_keys(
        item,
        (
            "id",
            "rp_id",
            "user_id",
            "user_name",
            "display_name",
            "created",
            "sign_count",
            "discoverable",
            "private_key",
        ),
        where,
    )
    credential_id = _schema.get_bytes_between(fields, "id", where, low=16, high=MAX_CRED_ID_LENGTH)
    rp_id = _schema.get_str(fields, "rp_id", where, max_len=253)
    if not rp_id:
        raise DeviceFileError(f"{where}.rp_id: must not be empty")
    user_id = _schema.get_bytes_between(fields, "user_id", where, low=1, high=64)
    user_name = _schema.get_str(fields, "user_name", where, max_len=_MAX_NAME)
    display_name = _schema.get_str(fields, "display_name", where, max_len=_MAX_NAME)
    created = _schema.get_float(fields, "created", where)
    if created < 0 or not math.isfinite(created):
        raise DeviceFileError(f"{where}.created: must be a non-negative number of seconds")
    sign_count = _schema.get_int(fields, "sign_count", where, low=0, high=0xFFFFFFFF)
    discoverable = _schema.get_bool(fields, "discoverable", where)
    label = _seal_label(key_id, credential_id)
    private_key = None
    sealed = None
    if sealed_by is None:
        raw = _schema.get_bytes(fields, "private_key", where, size=32)
        try:
            private_key = _from_scalar(raw)
        except ValueError:
            raise DeviceFileError(f"{where}.private_key: not a P-256 private key") from None
    else:
        sealed = _schema.get_bytes_between(fields, "private_key", where, low=1, high=1024)
        if sealer is not None:
            try:
                private_key = _open_key(sealer, sealed, label)
            except SealError:
                raise DeviceFileError(
                    f"{where}.private_key: cannot be opened: the keychain no longer has this key's "
                    "sealing key (or the file was altered)"
                ) from None
    return _Credential(
        id=credential_id,
        rp_id=rp_id,
        user_id=user_id,
        user_name=user_name,
        display_name=display_name,
        created=created,
        sign_count=sign_count,
        discoverable=discoverable,
        private_key=private_key,
        sealed=sealed,
    )


class _Presence:
    """User presence for one command: waits for `touch()`, the cancel event, or the presence timeout."""

    def __init__(
        self,
        key: VirtualSecurityKey,
        event: threading.Event | None,
        on_keepalive: Callable[[STATUS], None] | None,
    ) -> None:
        self._key = key
        self._event = event
        self._on_keepalive = on_keepalive

    def collect(self) -> None:
        key = self._key
        if key.auto_touch:
            return
        with key._presence:
            key._waiting = True
            key._touched = False
            key._cancelled = False
        key._notify()
        try:
            if self._on_keepalive is not None:
                self._on_keepalive(STATUS.UPNEEDED)
            outcome = self._wait()
        finally:
            with key._presence:
                key._waiting = False
                key._touched = False
                key._cancelled = False
            key._notify()
        if outcome:
            raise _StatusError(outcome)

    def _wait(self) -> int:
        key = self._key
        # The deadline is on the key's clock (injected in tests: moving it ends the wait); the real wait
        # below is a bounded poll, so a touch or a cancel gets through at once whatever the clock does.
        deadline = key._clock() + key.presence_timeout
        with key._presence:
            while True:
                if key._touched:
                    return 0
                if key._cancelled or (self._event is not None and self._event.is_set()):
                    return _ERR.KEEPALIVE_CANCEL
                remaining = deadline - key._clock()
                if remaining <= 0:
                    return _ERR.USER_ACTION_TIMEOUT
                # The caller's Event and a moved clock cannot wake this condition: look at them as a key
                # sends keep-alives.
                key._presence.wait(min(remaining, PRESENCE_POLL_SECONDS))
