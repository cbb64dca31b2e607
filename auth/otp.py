"""One-time passwords for the second factor: HOTP (RFC 4226), TOTP (RFC 6238) and OCRA challenge/response
(RFC 6287), as computed by the device emulators and checked by the gateway."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.twofactor.hotp import HOTP
from cryptography.hazmat.primitives.twofactor.totp import TOTP

__all__ = [
    "DSCPLUS_SUITE",
    "IBKEY_SUITE",
    "OcraSuite",
    "hotp",
    "ocra",
    "ocra_pin_hash",
    "ocra_timestamp",
    "parse_ocra_suite",
    "totp",
    "verify_ocra",
]

IBKEY_SUITE = "OCRA-1:HOTP-SHA256-8:QN08"
"""IB Key challenge/response: 8-digit challenge, 8-digit response."""

DSCPLUS_SUITE = "OCRA-1:HOTP-SHA256-8:QN06-PSHA1"
"""DSC+ token: 6-digit challenge, 8-digit response, bound to the SHA-1 hash of the 4-digit PIN."""

HashName = Literal["SHA1", "SHA256", "SHA512"]
QuestionKind = Literal["N", "A", "H"]

_U64_LIMIT = 2**64
_HASH_NAMES: dict[str, HashName] = {"SHA1": "SHA1", "SHA256": "SHA256", "SHA512": "SHA512"}
_DIGEST_SIZES: dict[str, int] = {"SHA1": 20, "SHA256": 32, "SHA512": 64}
_HOTP_HASHES: dict[str, type[hashes.SHA1 | hashes.SHA256 | hashes.SHA512]] = {
    "SHA1": hashes.SHA1,
    "SHA256": hashes.SHA256,
    "SHA512": hashes.SHA512,
}
# cryptography's TOTP computes int(time / step) in floating point, which equals time // step only while
# time is below 2**53 (beyond that the time itself is no longer exact as a float).
_TOTP_TIME_LIMIT = 2**53

# OCRA: the RFC's CryptoFunction table allows t = 0 (no truncation) or 4..10 digits.
_OCRA_DIGITS = {"0", *(str(n) for n in range(4, 11))}
_OCRA_INPUT_ORDER = "CQPST"
_OCRA_QUESTION_FIELD = 128
_OCRA_MIN_QUESTION = 4
_QUESTION_KINDS: dict[str, QuestionKind] = {"N": "N", "A": "A", "H": "H"}
_QUESTION_TOKEN = re.compile(r"Q([NAH])([0-9]{2})")
_SESSION_TOKEN = re.compile(r"S([0-9]{3})")
_TIME_TOKEN = re.compile(r"T([1-9][0-9]?)([SMH])")
_TIME_UNITS = {"S": (1, 59), "M": (60, 59), "H": (3600, 48)}
# Explicit ASCII classes: str.isdigit() and \d also accept other scripts' digits, which int() would
# then silently convert.
_QUESTION_PATTERNS = {
    "N": (re.compile(r"[0-9]+"), "decimal digits 0-9"),
    "A": (re.compile(r"[A-Za-z0-9]+"), "ASCII letters and digits"),
    "H": (re.compile(r"[0-9A-Fa-f]+"), "hexadecimal digits 0-9, A-F, a-f"),
}


# --- HOTP / TOTP ---


def _hotp_hash(key: bytes, digits: int, algorithm: str) -> hashes.SHA1 | hashes.SHA256 | hashes.SHA512:
    if algorithm not in _HOTP_HASHES:
        raise ValueError(f"algorithm must be one of SHA1, SHA256, SHA512, got {algorithm!r}")
    if not isinstance(digits, int) or isinstance(digits, bool):
        raise TypeError("digits must be an int")
    if not 6 <= digits <= 8:
        raise ValueError(f"digits must be 6, 7 or 8, got {digits}")
    if not isinstance(key, bytes | bytearray):
        raise TypeError("key must be bytes")
    return _HOTP_HASHES[algorithm]()


def _key_too_short(key: bytes) -> ValueError:
    # Digits and algorithm are checked before cryptography sees them, so its only remaining objection
    # at construction is the key length (RFC 4226 section 4 requires at least 128 bits).
    return ValueError(f"key must be at least 16 bytes (128 bits), got {len(key)} bytes")


def hotp(key: bytes, counter: int, *, digits: int = 6, algorithm: str = "SHA1") -> str:
    """HOTP value (RFC 4226) of ``key`` at ``counter``, as a zero-padded decimal string."""
    hash_algorithm = _hotp_hash(key, digits, algorithm)
    try:
        engine = HOTP(key, digits, hash_algorithm)
    except ValueError as exc:
        raise _key_too_short(key) from exc
    try:
        return engine.generate(counter).decode("ascii")
    except ValueError as exc:
        raise ValueError(f"counter must be between 0 and 2**64 - 1, got {counter}") from exc


def totp(
    key: bytes,
    unix_time: int,
    *,
    digits: int = 8,
    step: int = 30,
    t0: int = 0,
    algorithm: str = "SHA1",
) -> str:
    """TOTP value (RFC 6238) of ``key`` at ``unix_time`` seconds, counting ``step``-second steps from ``t0``.

    The RFC's test table uses a key as long as the hash output for each mode (20, 32, 64 bytes), not the
    20-byte key its prose mentions; the key given here is used as is.
    """
    hash_algorithm = _hotp_hash(key, digits, algorithm)
    for name, value in (("unix_time", unix_time), ("step", step), ("t0", t0)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int")
    if step < 1:
        raise ValueError(f"step must be at least 1 second, got {step}")
    if t0 < 0:
        raise ValueError(f"t0 must not be negative, got {t0}")
    if unix_time < 0:
        raise ValueError(f"unix_time must not be negative, got {unix_time}")
    if unix_time < t0:
        raise ValueError(f"unix_time {unix_time} is before t0 {t0}")
    elapsed = unix_time - t0
    if elapsed >= _TOTP_TIME_LIMIT:
        raise ValueError(f"unix_time - t0 must be below 2**53 seconds, got {elapsed}")
    try:
        engine = TOTP(key, digits, hash_algorithm, step)
    except ValueError as exc:
        raise _key_too_short(key) from exc
    return engine.generate(elapsed).decode("ascii")


# --- OCRA suite ---


@dataclass(frozen=True, slots=True)
class OcraSuite:
    """A parsed OCRA suite (RFC 6287 section 6): ``OCRA-1:HOTP-<hash>-<digits>:<DataInput>``."""

    text: str
    hash_algorithm: HashName
    digits: int
    """Response length in decimal digits; 0 means no truncation (the response is the HMAC in hex)."""
    uses_counter: bool
    question_kind: QuestionKind
    question_max_length: int
    pin_hash_algorithm: HashName | None
    session_length: int | None
    time_step_seconds: int | None


def _suite_error(suite: str, why: str) -> ValueError:
    return ValueError(f"invalid OCRA suite {suite!r}: {why}")


def parse_ocra_suite(suite: str) -> OcraSuite:
    """Parse an OCRA suite string; ``ValueError`` names the part that is wrong.

    The grammar is read strictly (upper case, xx as two digits, nnn as three), because the suite text
    itself is hashed into every response and a variant spelling would give different responses.
    """
    if not isinstance(suite, str):
        raise TypeError("suite must be a str")
    parts = suite.split(":")
    if len(parts) != 3:
        raise _suite_error(suite, "expected three parts <Algorithm>:<CryptoFunction>:<DataInput>")
    version, crypto, data_input = parts
    if version != "OCRA-1":
        raise _suite_error(suite, f"algorithm {version!r} is not 'OCRA-1'")

    crypto_parts = crypto.split("-")
    if len(crypto_parts) != 3 or crypto_parts[0] != "HOTP":
        raise _suite_error(suite, f"crypto function {crypto!r} is not of the form HOTP-SHA<n>-<digits>")
    hash_algorithm = _HASH_NAMES.get(crypto_parts[1])
    if hash_algorithm is None:
        raise _suite_error(suite, f"crypto function hash {crypto_parts[1]!r} is not SHA1, SHA256 or SHA512")
    if crypto_parts[2] not in _OCRA_DIGITS:
        raise _suite_error(suite, f"truncation {crypto_parts[2]!r} is not 0 or 4..10")

    uses_counter = False
    question: tuple[QuestionKind, int] | None = None
    pin_hash_algorithm: HashName | None = None
    session_length: int | None = None
    time_step_seconds: int | None = None
    seen = -1
    for item in data_input.split("-"):
        if not item:
            raise _suite_error(suite, "empty data input (stray '-')")
        position = _OCRA_INPUT_ORDER.find(item[0])
        if position < 0:
            raise _suite_error(suite, f"unknown data input {item!r}")
        if position <= seen:
            raise _suite_error(suite, f"data input {item!r} repeated or out of order (order: C, Q, P, S, T)")
        seen = position
        if item[0] == "C":
            if item != "C":
                raise _suite_error(suite, f"counter input {item!r} must be just 'C'")
            uses_counter = True
        elif item[0] == "Q":
            question = _parse_question(suite, item)
        elif item[0] == "P":
            pin_hash_algorithm = _HASH_NAMES.get(item[1:])
            if pin_hash_algorithm is None:
                raise _suite_error(suite, f"PIN hash {item!r} is not PSHA1, PSHA256 or PSHA512")
        elif item[0] == "S":
            match = _SESSION_TOKEN.fullmatch(item)
            if match is None or not 1 <= int(match[1]) <= 512:
                raise _suite_error(suite, f"session input {item!r} is not S001..S512")
            session_length = int(match[1])
        else:
            time_step_seconds = _parse_time_step(suite, item)
    if question is None:
        raise _suite_error(suite, "data input has no question QFxx")

    return OcraSuite(
        text=suite,
        hash_algorithm=hash_algorithm,
        digits=int(crypto_parts[2]),
        uses_counter=uses_counter,
        question_kind=question[0],
        question_max_length=question[1],
        pin_hash_algorithm=pin_hash_algorithm,
        session_length=session_length,
        time_step_seconds=time_step_seconds,
    )


def _parse_question(suite: str, token: str) -> tuple[QuestionKind, int]:
    match = _QUESTION_TOKEN.fullmatch(token)
    if match is None:
        raise _suite_error(suite, f"question {token!r} is not Q followed by N, A or H and two digits")
    max_length = int(match[2])
    if not _OCRA_MIN_QUESTION <= max_length <= 64:
        raise _suite_error(suite, f"question length {match[2]!r} is not 04..64")
    return _QUESTION_KINDS[match[1]], max_length


def _parse_time_step(suite: str, token: str) -> int:
    match = _TIME_TOKEN.fullmatch(token)
    if match is None:
        # T0H is in the RFC's table, but a zero-length step cannot count time, so it is refused.
        raise _suite_error(suite, f"time-step {token!r} is not T followed by 1-59S, 1-59M or 1-48H")
    seconds_per_unit, largest = _TIME_UNITS[match[2]]
    count = int(match[1])
    if count > largest:
        raise _suite_error(suite, f"time-step {token!r} exceeds {largest}{match[2]}")
    return count * seconds_per_unit


# --- OCRA computation ---


def _question_bytes(spec: OcraSuite, question: str) -> bytes:
    label = f"Q{spec.question_kind}{spec.question_max_length:02d}"
    if not isinstance(question, str):
        raise TypeError("question must be a str")
    if not _OCRA_MIN_QUESTION <= len(question) <= spec.question_max_length:
        raise ValueError(
            f"question for {label} must be {_OCRA_MIN_QUESTION} to {spec.question_max_length} characters, "
            f"got {len(question)}"
        )
    pattern, description = _QUESTION_PATTERNS[spec.question_kind]
    if pattern.fullmatch(question) is None:
        raise ValueError(f"question for {label} must contain only {description}")
    if spec.question_kind == "N":
        hex_text = format(int(question), "X")
    elif spec.question_kind == "A":
        hex_text = question.encode("ascii").hex()
    else:
        hex_text = question
    # Right-padding the hex text (not the bytes) is what the RFC reference code does: an odd-length
    # hex string thereby gains a trailing 0 nibble.
    return bytes.fromhex(hex_text.ljust(2 * _OCRA_QUESTION_FIELD, "0"))


def _u64(name: str, value: object) -> bytes:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int")
    if not 0 <= value < _U64_LIMIT:
        raise ValueError(f"{name} must be between 0 and 2**64 - 1, got {value}")
    return value.to_bytes(8, "big")


def _secret_bytes(name: str, value: object) -> bytes:
    # The messages name the input and at most its length: these values are secrets.
    if not isinstance(value, bytes | bytearray):
        raise TypeError(f"{name} must be bytes")
    return bytes(value)


def _check_presence(spec: OcraSuite, needed: bool, value: object, what: str, code: str) -> None:
    if needed and value is None:
        raise ValueError(f"OCRA suite {spec.text!r} needs {what} ({code}) but none was given")
    if not needed and value is not None:
        raise ValueError(f"OCRA suite {spec.text!r} does not use {what} ({code}); do not pass one")


def _data_input(
    spec: OcraSuite,
    question: str,
    counter: int | None,
    pin_hash: bytes | None,
    session: bytes | None,
    timestamp: int | None,
) -> bytes:
    """The HMAC message of RFC 6287 section 5.1: suite || 0x00 || C || Q || P || S || T."""
    _check_presence(spec, spec.uses_counter, counter, "a counter", "C")
    _check_presence(spec, spec.pin_hash_algorithm is not None, pin_hash, "a PIN hash", "P")
    _check_presence(spec, spec.session_length is not None, session, "session information", "S")
    _check_presence(spec, spec.time_step_seconds is not None, timestamp, "a timestamp", "T")

    parts = [spec.text.encode("ascii"), b"\x00"]
    if spec.uses_counter:
        parts.append(_u64("counter", counter))
    parts.append(_question_bytes(spec, question))
    if spec.pin_hash_algorithm is not None:
        pin = _secret_bytes("pin_hash", pin_hash)
        wanted = _DIGEST_SIZES[spec.pin_hash_algorithm]
        if len(pin) != wanted:
            raise ValueError(
                f"pin_hash must be {wanted} bytes for P{spec.pin_hash_algorithm}, got {len(pin)} bytes"
            )
        parts.append(pin)
    if spec.session_length is not None:
        data = _secret_bytes("session", session)
        size = spec.session_length
        if len(data) > size:
            raise ValueError(f"session must be at most {size} bytes for S{size:03d}, got {len(data)} bytes")
        # Left-padded to the declared length, as the RFC's reference implementation does.
        parts.append(data.rjust(size, b"\x00"))
    if spec.time_step_seconds is not None:
        parts.append(_u64("timestamp", timestamp))
    return b"".join(parts)


def ocra(
    suite: str,
    key: bytes,
    question: str,
    *,
    counter: int | None = None,
    pin_hash: bytes | None = None,
    session: bytes | None = None,
    timestamp: int | None = None,
) -> str:
    """OCRA response (RFC 6287) of ``key`` to ``question`` under ``suite``.

    Pass exactly the inputs the suite names: ``counter`` for C, ``pin_hash`` (the digest, see
    `ocra_pin_hash`) for P, ``session`` for S (at most nnn bytes, left-padded with zero bytes) and
    ``timestamp`` for T (a count of time steps, see `ocra_timestamp`). The response is a zero-padded
    decimal string of the suite's digit count, or, for truncation 0, the full HMAC as lowercase hex.
    ``ValueError`` messages never contain the key, the PIN hash or the session data.
    """
    spec = parse_ocra_suite(suite)
    secret = _secret_bytes("key", key)
    if not secret:
        raise ValueError("OCRA key must not be empty")
    message = _data_input(spec, question, counter, pin_hash, session, timestamp)
    mac = hmac.digest(secret, message, spec.hash_algorithm.lower())
    if spec.digits == 0:
        return mac.hex()
    # Dynamic truncation as in RFC 4226 section 5.3.
    offset = mac[-1] & 0x0F
    code = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(code % 10**spec.digits).zfill(spec.digits)


def verify_ocra(
    suite: str,
    key: bytes,
    question: str,
    response: str,
    *,
    counter: int | None = None,
    pin_hash: bytes | None = None,
    session: bytes | None = None,
    timestamp: int | None = None,
) -> bool:
    """Whether ``response`` is the OCRA response to ``question``, compared in constant time.

    A response of the wrong shape is simply wrong (False); a bad suite, question or input still raises
    ``ValueError``, because that is the verifier's mistake, not the trader's.
    """
    expected = ocra(
        suite, key, question, counter=counter, pin_hash=pin_hash, session=session, timestamp=timestamp
    )
    # compare_digest refuses non-ASCII str; the length check only reveals the suite's public length.
    if not isinstance(response, str) or not response.isascii() or len(response) != len(expected):
        return False
    return hmac.compare_digest(response, expected)


def ocra_pin_hash(suite: str, pin: str) -> bytes:
    """The P input for ``suite``: the hash of the PIN's UTF-8 with the suite's P algorithm."""
    spec = parse_ocra_suite(suite)
    if spec.pin_hash_algorithm is None:
        raise ValueError(f"OCRA suite {suite!r} has no PIN input (P)")
    if not isinstance(pin, str):
        raise TypeError("pin must be a str")
    return hashlib.new(spec.pin_hash_algorithm.lower(), pin.encode("utf-8")).digest()


def ocra_timestamp(suite: str, unix_time: int) -> int:
    """The T input for ``suite`` at ``unix_time``: whole time steps since the Unix epoch."""
    spec = parse_ocra_suite(suite)
    if spec.time_step_seconds is None:
        raise ValueError(f"OCRA suite {suite!r} has no timestamp input (T)")
    if not isinstance(unix_time, int) or isinstance(unix_time, bool):
        raise TypeError("unix_time must be an int")
    if unix_time < 0:
        raise ValueError(f"unix_time must not be negative, got {unix_time}")
    return unix_time // spec.time_step_seconds
