"""Restart grants: the device key that lets a computer restart a session without the second factor, and
the weekly cut-off that ends such a grant.

Qt-free and shared: the gateway checks what the client signs with these very functions, so the bytes signed
(``restart_payload``) are defined once, here.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "CHALLENGE_SIZE",
    "DEFAULT_CUTOFF",
    "GRANT_ID_PATTERN",
    "LABEL_MAX",
    "MAX_SIGNATURE",
    "PUBLIC_KEY_SIZE",
    "RESTART_DOMAIN",
    "Cutoff",
    "check_public",
    "computer_label",
    "load_private",
    "new_device_key",
    "new_grant_id",
    "private_pem",
    "public_bytes",
    "restart_payload",
    "sign",
    "verify",
]

RESTART_DOMAIN = b"trader-login/restart/v1\n"
"""Prefix of every signed restart payload, so a restart signature can never be replayed as another one."""

PUBLIC_KEY_SIZE = 65
"""An X9.62 uncompressed P-256 point: 0x04, then x and y of 32 bytes each."""

GRANT_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,32}$")
"""What the wire accepts as a grant id (the gateway makes ``RG-`` + 16 upper-case hex digits)."""

CHALLENGE_SIZE = 32
"""A restart login's challenge (the start reply's ``restart_challenge``): fresh random bytes, single use."""

MAX_SIGNATURE = 128
"""The longest restart signature the wire takes (a DER ECDSA P-256 signature is at most 72 bytes)."""

LABEL_MAX = 64
"""A grant's label (the computer's name) at most this many characters."""


# --- keys and signatures ---


def new_grant_id() -> str:
    return "RG-" + secrets.token_hex(8).upper()


def restart_payload(grant_id: str, username: str, mode: str, challenge: bytes) -> bytes:
    """The bytes a restart signs: the domain, then canonical JSON (sorted keys, compact, ASCII)."""
    body = {
        "challenge": base64.b64encode(bytes(challenge)).decode("ascii"),
        "grant": grant_id,
        "mode": mode,
        "username": username,
    }
    return RESTART_DOMAIN + json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def new_device_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def sign(key: ec.EllipticCurvePrivateKey, payload: bytes) -> bytes:
    return key.sign(payload, ec.ECDSA(hashes.SHA256()))


def check_public(public: bytes) -> ec.EllipticCurvePublicKey:
    """The public key from its 65 bytes; ValueError with one clear line when they are not a P-256 point."""
    if not isinstance(public, bytes | bytearray) or len(public) != PUBLIC_KEY_SIZE or public[0] != 0x04:
        raise ValueError("the device key must be a 65-byte uncompressed P-256 point (X9.62)")
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), bytes(public))
    except (ValueError, TypeError):
        raise ValueError("the device key is not a point on the P-256 curve") from None


def verify(public: bytes, payload: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the key's signature of ``payload``; False (never an exception) on garbage."""
    try:
        key = check_public(public)
        if not isinstance(signature, bytes | bytearray) or not 0 < len(signature) <= MAX_SIGNATURE:
            return False
        key.verify(bytes(signature), bytes(payload), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def private_pem(key: ec.EllipticCurvePrivateKey) -> str:
    """PKCS#8 PEM without encryption: the keychain (or its 0600 file) is what protects it."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def load_private(pem: str) -> ec.EllipticCurvePrivateKey:
    """The device key from its PEM; ValueError with one line (never the key's text) when it is not one."""
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError, AttributeError):
        raise ValueError("the stored device key is damaged (not a PKCS#8 PEM private key)") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("the stored device key is not a P-256 key")
    return key


# --- the weekly cut-off ---

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CUTOFF_TEXT = re.compile(r"^\s*([A-Za-z]+)\s+([0-9]{1,2}):([0-9]{2})\s+(\S+)\s*$")
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$")
_CUTOFF_FORM = 'a weekly cut-off is "<day> <HH:MM> <time zone>", such as "Sun 01:00 America/New_York"'


def _day_of(word: str) -> int | None:
    lowered = word.lower()
    for number, (short, full) in enumerate(zip(_DAYS, _FULL_DAYS, strict=True)):
        if lowered in (short, full):
            return number
    return None


@dataclass(frozen=True)
class Cutoff:
    """A weekly moment in a time zone: weekday 0 = Monday .. 6 = Sunday, hour, minute, IANA zone name."""

    weekday: int
    hour: int
    minute: int
    zone: str

    def __post_init__(self) -> None:
        if not (isinstance(self.weekday, int) and 0 <= self.weekday <= 6):
            raise ValueError(f"the cut-off's weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday!r}")
        if not (isinstance(self.hour, int) and 0 <= self.hour <= 23):
            raise ValueError(f"the cut-off's hour must be 0 to 23, got {self.hour!r}")
        if not (isinstance(self.minute, int) and 0 <= self.minute <= 59):
            raise ValueError(f"the cut-off's minute must be 0 to 59, got {self.minute!r}")
        _zone(self.zone)

    @classmethod
    def parse(cls, text: str) -> Cutoff:
        if not isinstance(text, str):
            raise ValueError(_CUTOFF_FORM)
        match = _CUTOFF_TEXT.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a cut-off: {_CUTOFF_FORM}")
        day_word, hour, minute, zone = match.groups()
        weekday = _day_of(day_word)
        if weekday is None:
            raise ValueError(f"{day_word!r} is not a day of the week: {_CUTOFF_FORM}")
        if int(hour) > 23 or int(minute) > 59:
            raise ValueError(f"{hour}:{minute} is not a time of day (00:00 to 23:59): {_CUTOFF_FORM}")
        return cls(weekday=weekday, hour=int(hour), minute=int(minute), zone=zone)

    def __str__(self) -> str:
        return f"{_DAY_NAMES[self.weekday]} {self.hour:02d}:{self.minute:02d} {self.zone}"

    @property
    def tzinfo(self) -> ZoneInfo:
        return _zone(self.zone)

    def next_after(self, unix: float) -> float:
        """The first cut-off moment strictly after ``unix``.

        A wall time in a spring-forward gap means the first instant after the gap; an ambiguous one (fall
        back) its first occurrence.
        """
        zone = self.tzinfo
        local_day = datetime.fromtimestamp(unix, zone).date()
        best: float | None = None
        # The week's candidate may lie a day either side of the local date once gaps and offsets are counted.
        for shift in range(-1, 9):
            day = local_day + timedelta(days=shift)
            if day.weekday() != self.weekday:
                continue
            moment = self._instant_on(day, zone)
            if moment > unix and (best is None or moment < best):
                best = moment
        assert best is not None  # a week always holds one
        return best

    def _instant_on(self, day: date, zone: ZoneInfo) -> float:
        wall = datetime(day.year, day.month, day.day, self.hour, self.minute, tzinfo=zone, fold=0)
        first = wall.timestamp()
        back = datetime.fromtimestamp(first, zone)
        if back.replace(tzinfo=None) == wall.replace(tzinfo=None):
            return first
        # The wall time does not exist (spring forward): fold=0 read it with the offset before the gap, fold=1
        # with the one after; the transition lies between the two, and it is the first instant after the gap.
        low = int(wall.replace(fold=1).timestamp())
        high = int(first)
        if low > high:
            low, high = high, low
        after = datetime.fromtimestamp(high, zone).utcoffset()
        while low < high:
            middle = (low + high) // 2
            if datetime.fromtimestamp(middle, zone).utcoffset() == after:
                high = middle
            else:
                low = middle + 1
        return float(high)


def _zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not name or len(name) > 64 or not _ZONE_NAME.match(name):
        raise ValueError(f"{name!r} is not a time zone name (such as America/New_York)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{name!r} is not a time zone this computer knows (such as America/New_York)"
        ) from None


DEFAULT_CUTOFF = Cutoff.parse("Sun 01:00 America/New_York")
"""The broker's: Sunday 01:00 US/Eastern."""


def computer_label(node: str) -> str | None:
    """A grant's label from this computer's host name (`platform.node()`): what another computer's session
    window shows as "held by …". Printable characters only, at most LABEL_MAX; None for an empty name."""
    name = "".join(ch for ch in node if ch.isprintable()).strip()
    return name[:LABEL_MAX] or None
