"""The IB Key phone app: signs push approvals with its P-256 device key and answers 8-digit challenges (R5).

The gateway side of the push uses `push_signing_payload` and `verify_push_decision` from here, so both ends
sign and check the very same bytes.

Number matching (issue 19): a push may carry `numbers`, the three two-digit numbers the phone offers; the
login page shows one of them, and an approval names the one the trader picked (`approve(request, number)`),
signed under the v2 domain with the numbers shown. "This wasn't me" is the decision `report`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from trader_login.auth.devices import _schema
from trader_login.auth.otp import IBKEY_SUITE, ocra

log = logging.getLogger(__name__)

SECRET_SIZE = 32
PRIVATE_KEY_SIZE = 32
CHALLENGE_LENGTH = 8
MIN_NONCE_SIZE = 16
PUSH_DOMAIN = b"trader-login/ibkey-push/v1\n"
PUSH_DOMAIN_V2 = b"trader-login/ibkey-push/v2\n"  # a decision that names a picked number
DECISIONS = ("approve", "deny", "report")
NUMBER_CHOICES = 3  # the numbers a number-matching push offers on the phone
MIN_NUMBER, MAX_NUMBER = 10, 99  # two digits

# Order of the P-256 group: a private scalar must lie in 1..n-1.
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_DIGITS = frozenset("0123456789")
_DEVICE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")

Decision = Literal["approve", "deny", "report"]


def is_push_number(value: object) -> bool:
    """Whether `value` is a number a number-matching push can show: a whole number of two digits."""
    return isinstance(value, int) and not isinstance(value, bool) and MIN_NUMBER <= value <= MAX_NUMBER


@dataclass(frozen=True)
class PushRequest:
    """A login waiting for the trader's approval, as the gateway sends it to the phone.

    `summary` is the one line the phone shows (for example "Trader Login from 127.0.0.1"); it is signed
    too, so the trader approves exactly what was shown. `numbers`: the three distinct two-digit numbers
    the phone offers to pick from (number matching), or () when the gateway does not match numbers.
    """

    transaction_id: str
    username: str
    nonce: bytes = field(repr=False)
    created_at: int
    summary: str = ""
    numbers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.transaction_id, str) or not self.transaction_id:
            raise ValueError("a push request needs a transaction id")
        if not isinstance(self.username, str) or not self.username:
            raise ValueError("a push request needs a user name")
        if not isinstance(self.nonce, bytes) or len(self.nonce) < MIN_NONCE_SIZE:
            raise ValueError(f"a push nonce must be at least {MIN_NONCE_SIZE} bytes")
        if not isinstance(self.created_at, int) or isinstance(self.created_at, bool):
            raise ValueError("created_at must be a whole number of seconds")
        if not isinstance(self.summary, str):
            raise ValueError("the push summary must be a string")
        numbers = self.numbers
        if not isinstance(numbers, tuple) or (
            numbers
            and (
                len(numbers) != NUMBER_CHOICES
                or not all(is_push_number(n) for n in numbers)
                or len(set(numbers)) != NUMBER_CHOICES
            )
        ):
            raise ValueError(
                f"a push offers no numbers or {NUMBER_CHOICES} distinct numbers from "
                f"{MIN_NUMBER} to {MAX_NUMBER}"
            )

    @classmethod
    def new(
        cls,
        transaction_id: str,
        username: str,
        *,
        summary: str = "",
        created_at: int | None = None,
        numbers: tuple[int, ...] = (),
    ) -> PushRequest:
        """A request with a fresh 32-byte nonce from the CSPRNG, stamped now unless `created_at` is given."""
        return cls(
            transaction_id=transaction_id,
            username=username,
            nonce=secrets.token_bytes(32),
            created_at=int(time.time()) if created_at is None else created_at,
            summary=summary,
            numbers=tuple(numbers),
        )


@dataclass(frozen=True)
class PushDecision:
    """The phone's answer to one push: approve, deny or report ("This wasn't me"), signed with the device
    key (DER ECDSA-SHA256). `number`: the number the trader picked (an approval of a push with numbers)."""

    device_id: str
    transaction_id: str
    decision: Decision
    signature: bytes = field(repr=False)
    number: int | None = None


def push_signing_payload(request: PushRequest, decision: str, number: int | None = None) -> bytes:
    """The exact bytes the phone signs: a domain prefix, then canonical JSON of the request and decision.

    Canonical JSON: keys sorted, no whitespace (separators "," and ":"), non-ASCII escaped, nonce as standard
    base64. The prefix keeps these signatures from ever being valid for another message the key signs.
    With a `number` (the one picked on a number-matching push): the v2 domain, and the JSON gains "number"
    and "numbers" (the three offered), so a signature for one number is no signature for another; without,
    v1 exactly as before number matching.
    """
    if decision not in DECISIONS:
        raise ValueError("a push decision is 'approve', 'deny' or 'report'")
    body: dict[str, Any] = {
        "created_at": request.created_at,
        "decision": decision,
        "nonce": base64.b64encode(request.nonce).decode("ascii"),
        "summary": request.summary,
        "transaction_id": request.transaction_id,
        "username": request.username,
    }
    domain = PUSH_DOMAIN
    if number is not None:
        if not is_push_number(number):
            raise ValueError(f"a picked number is a whole number from {MIN_NUMBER} to {MAX_NUMBER}")
        body["number"] = number
        body["numbers"] = list(request.numbers)
        domain = PUSH_DOMAIN_V2
    return domain + json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def verify_push_decision(public_key_bytes: bytes, request: PushRequest, decision: PushDecision) -> bool:
    """True only if `decision` is a valid signature by this key over this request and this decision.

    Never raises for bad input: a malformed key, a signature for another transaction or a flipped
    decision all give False.
    """
    try:
        if decision.transaction_id != request.transaction_id or decision.decision not in DECISIONS:
            return False
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key_bytes)
        key.verify(
            decision.signature,
            push_signing_payload(request, decision.decision, decision.number),
            ec.ECDSA(hashes.SHA256()),
        )
    except (InvalidSignature, ValueError, TypeError, AttributeError):
        return False
    return True


def normalise_challenge(challenge: str) -> str:
    """Remove spaces (R4) and check what is left is exactly 8 ASCII digits; ValueError otherwise."""
    if not isinstance(challenge, str):
        raise ValueError("an IB Key challenge is 8 digits")
    digits = "".join(challenge.split())
    if len(digits) != CHALLENGE_LENGTH or not set(digits) <= _DIGITS:
        raise ValueError("an IB Key challenge is 8 digits")
    return digits


class IbKeyApp:
    """The IB Key app on one phone: an ECDSA P-256 device key and a 32-byte OCRA secret."""

    def __init__(self, device_id: str, private_key: ec.EllipticCurvePrivateKey, secret: bytes) -> None:
        if not isinstance(device_id, str) or not _DEVICE_ID.fullmatch(device_id):
            raise ValueError("an IB Key device id is 1 to 64 letters, digits or dashes")
        if not isinstance(private_key, ec.EllipticCurvePrivateKey) or not isinstance(
            private_key.curve, ec.SECP256R1
        ):
            raise ValueError("the IB Key device key must be an ECDSA P-256 private key")
        if not isinstance(secret, bytes) or len(secret) != SECRET_SIZE:
            raise ValueError(f"an IB Key OCRA secret must be {SECRET_SIZE} bytes")
        self._device_id = device_id
        self._private_key = private_key
        self._secret = secret

    @classmethod
    def create(cls, device_id: str | None = None) -> IbKeyApp:
        """A freshly installed app: new device key pair and OCRA secret."""
        if device_id is None:
            device_id = f"IBK-{secrets.token_hex(8)}"
        return cls(device_id, ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(SECRET_SIZE))

    kind = "ibkey"  # its device kind (trader_login.auth.vocabulary)

    @property
    def device_id(self) -> str:
        return self._device_id

    @property
    def ident(self) -> str:
        """What a device picker shows: the device id."""
        return self._device_id

    def public_key_bytes(self) -> bytes:
        """The device public key as an X9.62 uncompressed point: 0x04 || X || Y, 65 bytes."""
        return self._private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def respond(self, challenge: str) -> str:
        """The 8-digit response to an 8-digit challenge (spaces in the challenge are ignored)."""
        return ocra(IBKEY_SUITE, self._secret, normalise_challenge(challenge))

    def approve(self, request: PushRequest, number: int | None = None) -> PushDecision:
        """Approves the push; on a push with `numbers`, with the number the trader picked (`number`,
        required there: ValueError without it). The gateway judges whether it is the one the login page
        shows: a wrong pick is a counted denial."""
        if request.numbers and number is None:
            raise ValueError("pick the number the login page shows before approving")
        return self._decide(request, "approve", number)

    def deny(self, request: PushRequest) -> PushDecision:
        return self._decide(request, "deny")

    def report(self, request: PushRequest) -> PushDecision:
        """ "This wasn't me": denies the push and reports it to the gateway as a fraud."""
        return self._decide(request, "report")

    def sign_request(
        self, method: str, path: str, body: bytes = b"", at: int | None = None, nonce: str | None = None
    ) -> dict[str, str]:
        """The three headers that authenticate one request to the gateway's device endpoints. Each call
        draws a fresh nonce: the gateway accepts a signed request once, so sign again for every send."""
        at = int(time.time()) if at is None else int(at)
        nonce = new_device_nonce() if nonce is None else nonce
        payload = device_request_payload(method, path, body, at, nonce)
        signature = self._private_key.sign(payload, ec.ECDSA(hashes.SHA256()))
        return {
            "X-Device-Time": str(at),
            "X-Device-Nonce": nonce,
            "X-Device-Signature": base64.b64encode(signature).decode("ascii"),
        }

    def _decide(self, request: PushRequest, decision: Decision, number: int | None = None) -> PushDecision:
        payload = push_signing_payload(request, decision, number)
        signature = self._private_key.sign(payload, ec.ECDSA(hashes.SHA256()))
        log.debug("IB Key %s: push %s for transaction %s", self._device_id, decision, request.transaction_id)
        return PushDecision(self._device_id, request.transaction_id, decision, signature, number)

    # -- device file ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        scalar = self._private_key.private_numbers().private_value
        return {
            "device_id": self._device_id,
            "private_key": _schema.b64(scalar.to_bytes(PRIVATE_KEY_SIZE, "big")),
            "secret": _schema.b64(self._secret),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None) -> IbKeyApp:
        """Rebuild the app from `to_dict` output; raises DeviceFileError for anything malformed. (The app
        keeps no clock: `clock` is taken, as by every device model, and not used.)"""
        where = "ibkey"
        fields = _schema.exact_keys(data, ("device_id", "private_key", "secret"), where)
        device_id = _schema.get_str(fields, "device_id", where, max_len=64)
        if not _DEVICE_ID.fullmatch(device_id):
            raise _schema.DeviceFileError(f"{where}.device_id: must be 1 to 64 letters, digits or dashes")
        raw_key = _schema.get_bytes(fields, "private_key", where, size=PRIVATE_KEY_SIZE)
        scalar = int.from_bytes(raw_key, "big")
        if not 0 < scalar < _P256_ORDER:
            raise _schema.DeviceFileError(f"{where}.private_key: not a valid P-256 private key")
        secret = _schema.get_bytes(fields, "secret", where, size=SECRET_SIZE)
        return cls(device_id, ec.derive_private_key(scalar, ec.SECP256R1()), secret)

    def __repr__(self) -> str:
        return f"IbKeyApp(device_id={self._device_id!r})"

    __str__ = __repr__


# -- signed device requests ------------------------------------------------------------------------------

# The phone reaches the gateway's device endpoints with no bearer token: each request is signed with the
# device key instead, so only the phone holding the key can read its notifications or answer them. A
# random nonce makes each signed request single use: the gateway remembers the nonces it accepted until
# their time stamp leaves the window, so a captured request cannot be sent again.
DEVICE_REQUEST_DOMAIN = b"trader-login/device-request/v2\n"
DEVICE_REQUEST_MAX_SKEW = 300  # seconds between the phone's stamp and the gateway's clock
DEVICE_NONCE_BYTES = 16  # sent as 32 lower-case hex digits
_TIME_HEADER = re.compile(r"[0-9]{1,12}")
_NONCE_HEADER = re.compile(r"[0-9a-f]{32}")
_MAX_SIGNATURE_TEXT = 200  # base64 of a DER ECDSA P-256 signature is at most 96 characters


def new_device_nonce() -> str:
    """A fresh nonce for one device request: 16 bytes from the CSPRNG as 32 lower-case hex digits."""
    return secrets.token_hex(DEVICE_NONCE_BYTES)


def device_request_payload(method: str, path: str, body: bytes, at: int, nonce: str) -> bytes:
    """The bytes a device request signature covers: domain, method, path, time, nonce and the body's
    SHA-256, one per line.

    `path` is the request path without the query string (e.g. "/v1/devices/IBK-0a1b/pushes"); `at` is
    unix seconds; `nonce` is the X-Device-Nonce header. Binding method and path keeps a signature for one
    endpoint from opening another.
    """
    digest = hashlib.sha256(body).hexdigest()
    fields = (
        method.upper().encode("ascii"),
        path.encode("utf-8"),
        str(int(at)).encode("ascii"),
        nonce.encode("ascii"),
        digest.encode(),
    )
    return DEVICE_REQUEST_DOMAIN + b"\n".join(fields)


def verify_device_request(
    public_key_bytes: bytes | None,
    method: str,
    path: str,
    body: bytes,
    at_header: str | None,
    nonce_header: str | None,
    signature_header: str | None,
    now: float,
) -> bool:
    """True only for a fresh request (|at - now| <= 300 s) with a well-formed nonce, signed by this device
    key. Never raises. Whether the nonce was used before is the gateway's to check (it keeps them)."""
    try:
        if not public_key_bytes or not isinstance(signature_header, str):
            return False
        if not isinstance(at_header, str) or not _TIME_HEADER.fullmatch(at_header):
            return False
        if not isinstance(nonce_header, str) or not _NONCE_HEADER.fullmatch(nonce_header):
            return False
        if len(signature_header) > _MAX_SIGNATURE_TEXT:
            return False
        at = int(at_header)
        if not abs(at - now) <= DEVICE_REQUEST_MAX_SKEW:  # written so that a NaN clock fails too
            return False
        signature = base64.b64decode(signature_header, validate=True)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key_bytes)
        payload = device_request_payload(method, path, body, at, nonce_header)
        key.verify(signature, payload, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError, UnicodeError):
        return False
    return True
