"""The TOTP authenticator app (RFC 6238): the phone app a trader enrols by scanning a QR code, showing a
6-digit code that changes every 30 seconds.

SHA-1, 6 digits and 30 s are the one set every authenticator app (Google Authenticator, 1Password,
Microsoft Authenticator, Authy, ...) accepts, so they are fixed here, and a URI asking for anything else is
refused rather than half understood. The enrolment URI is the de-facto standard "Key Uri Format"
(github.com/google/google-authenticator/wiki/Key-Uri-Format)::

    otpauth://totp/Trader%20Login:alice?secret=BASE32NOPAD&issuer=Trader%20Login&algorithm=SHA1&digits=6&period=30

The secret is the whole second factor: it never appears in a repr, a str, a log record or an error
message, and neither does the URI that carries it. Qt-free; the QR code is drawn by segno (pure Python,
no dependencies, writes PNG itself).

`verify` is the gateway's check: the current step and one on each side, compared in constant time. It
returns the step it accepted so the gateway can refuse that step the next time (a code is single use).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import math
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from trader_login.auth.devices import _schema
from trader_login.auth.devices._schema import DeviceFileError
from trader_login.auth.otp import hotp

__all__ = [
    "ALGORITHM",
    "DIGITS",
    "ISSUER",
    "MIN_SECRET_SIZE",
    "PERIOD",
    "QUIET_ZONE",
    "SECRET_SIZE",
    "Authenticator",
    "TotpUriError",
    "step_at",
    "verify",
]

ISSUER = "Trader Login"
ALGORITHM = "SHA1"
DIGITS = 6
PERIOD = 30
SECRET_SIZE = 20  # 160 bits, the HMAC-SHA-1 block's natural key size (RFC 4226 section 4 recommends it)
MIN_SECRET_SIZE = 16  # 128 bits, RFC 4226's floor
MAX_SECRET_SIZE = 64
MAX_NAME_LENGTH = 64
MAX_URI_LENGTH = 1024
MAX_WINDOW = 10
QR_ERROR = "M"  # 15 % of the symbol may be damaged; what authenticator enrolment codes commonly use
QUIET_ZONE = 4  # modules of light margin around the symbol, as ISO/IEC 18004 requires for a QR code

_CODE = re.compile(r"[0-9]{6}")
_PARAMETERS = ("secret", "issuer", "algorithm", "digits", "period")
_BASE32 = re.compile(r"[A-Z2-7]+=*")
# Printable, and no colon: the label's colon separates the issuer from the account.
_NAME = re.compile(r"[^\x00-\x1f\x7f:]+")


class TotpUriError(DeviceFileError):
    """An `otpauth://` URI that is malformed or asks for what an authenticator app does not do.

    A `DeviceFileError`, hence a `ValueError`. Its message names the part that is wrong and never quotes
    the URI: it carries the secret."""


def _check_at(at: float) -> float:
    if not isinstance(at, int | float) or isinstance(at, bool) or not math.isfinite(at) or at < 0:
        raise ValueError("a TOTP time is a finite, non-negative number of seconds since the Unix epoch")
    return at


def step_at(at: float) -> int:
    """The RFC 6238 time step of the Unix time `at` (seconds): floor(at / 30)."""
    return int(_check_at(at) // PERIOD)


def _code(secret: bytes, step: int) -> str:
    return hotp(secret, step, digits=DIGITS, algorithm=ALGORITHM)


def verify(secret: bytes, code: str, at: float, *, window: int = 1) -> int | None:
    """The time step whose code `code` is, among the step at `at` and `window` steps on each side
    (the current one preferred, then earlier ones), or None.

    Every candidate is computed and compared in constant time, whatever matches. A code of the wrong
    shape (not 6 ASCII digits) is simply wrong: None. The caller refuses a step it has accepted before.
    """
    if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= MAX_WINDOW:
        raise ValueError(f"the window is a whole number of steps from 0 to {MAX_WINDOW}")
    current = step_at(at)
    if not isinstance(code, str) or not code.isascii() or not _CODE.fullmatch(code):
        return None
    candidates = [current]
    for distance in range(1, window + 1):
        candidates += [current - distance, current + distance]
    accepted: int | None = None
    for step in candidates:
        if step < 0:
            continue
        matched = hmac.compare_digest(_code(secret, step), code)
        if matched and accepted is None:
            accepted = step
    return accepted


def _check_secret(secret: object) -> bytes:
    if not isinstance(secret, bytes):
        raise ValueError("a TOTP secret is bytes")
    if not MIN_SECRET_SIZE <= len(secret) <= MAX_SECRET_SIZE:
        raise ValueError(
            f"a TOTP secret is {MIN_SECRET_SIZE} to {MAX_SECRET_SIZE} bytes, found {len(secret)}"
        )
    return secret


def _check_name(value: object, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > MAX_NAME_LENGTH:
        raise ValueError(f"the {what} is a text of at most {MAX_NAME_LENGTH} characters")
    if value == "" and empty:
        return value
    if not _NAME.fullmatch(value):
        raise ValueError(f"the {what} must not be empty, nor hold a colon or a control character")
    return value


class Authenticator:
    """An authenticator app holding one account: a secret, the issuer ("Trader Login") and the account
    (the user name). `code(at)` is what the app shows at Unix time `at`."""

    kind = "totp"  # its device kind (trader_login.auth.vocabulary)

    def __init__(self, secret: bytes, account: str, issuer: str = ISSUER) -> None:
        self._secret = _check_secret(secret)
        self._account = _check_name(account, "account")
        self._issuer = _check_name(issuer, "issuer", empty=True)

    @classmethod
    def create(cls, account: str, issuer: str = ISSUER) -> Authenticator:
        """A new enrolment: a fresh 20-byte secret from the CSPRNG."""
        return cls(secrets.token_bytes(SECRET_SIZE), account, issuer)

    # -- what the app shows -----------------------------------------------------------------------------

    @property
    def secret(self) -> bytes:
        """The shared secret (the gateway stores it, sealed). Never print it."""
        return self._secret

    @property
    def account(self) -> str:
        return self._account

    @property
    def issuer(self) -> str:
        return self._issuer

    @property
    def ident(self) -> str:
        """What a device picker shows: "Issuer: account", as the apps list it."""
        return f"{self._issuer}: {self._account}" if self._issuer else self._account

    @staticmethod
    def step(at: float) -> int:
        """The time step at Unix time `at`."""
        return step_at(at)

    def code(self, at: float) -> str:
        """The 6-digit code shown at Unix time `at` (seconds)."""
        return _code(self._secret, step_at(at))

    @staticmethod
    def seconds_left(at: float) -> int:
        """Whole seconds until the code changes, 30 down to 1, as the apps count them: 30 at the start
        of a period, 1 in its last second."""
        return PERIOD - int(_check_at(at)) % PERIOD

    def verify(self, code: str, at: float, *, window: int = 1) -> int | None:
        """`verify` with this app's secret."""
        return verify(self._secret, code, at, window=window)

    # -- enrolment ----------------------------------------------------------------------------------------

    @property
    def secret_base32(self) -> str:
        """The secret as an app's "enter a setup key" field takes it: base32, upper case, no padding."""
        return base64.b32encode(self._secret).decode("ascii").rstrip("=")

    @property
    def uri(self) -> str:
        """The `otpauth://totp/...` enrolment URI (holds the secret)."""
        account = quote(self._account, safe="")
        if self._issuer:
            issuer = quote(self._issuer, safe="")
            label, issuer_parameter = f"{issuer}:{account}", f"&issuer={issuer}"
        else:
            label, issuer_parameter = account, ""
        return (
            f"otpauth://totp/{label}?secret={self.secret_base32}{issuer_parameter}"
            f"&algorithm={ALGORITHM}&digits={DIGITS}&period={PERIOD}"
        )

    @classmethod
    def from_uri(cls, text: str) -> Authenticator:
        """Read an enrolment URI strictly; `TotpUriError` names what is wrong, never the secret."""
        return _parse_uri(text)

    def _qr(self) -> Any:
        import segno  # imported on first use: only enrolment draws a QR code

        return segno.make_qr(self.uri, error=QR_ERROR, boost_error=False)

    def qr_matrix(self, *, border: int = QUIET_ZONE) -> list[list[bool]]:
        """The enrolment QR code as rows of modules, True for dark, with `border` light modules of quiet
        zone on every side: for a widget that paints it (the matrix holds the secret)."""
        if not isinstance(border, int) or isinstance(border, bool) or not 0 <= border <= 16:
            raise ValueError("the quiet zone is 0 to 16 modules")
        return [[bool(module) for module in row] for row in self._qr().matrix_iter(scale=1, border=border)]

    def qr_png(self, *, scale: int = 8, border: int = QUIET_ZONE) -> bytes:
        """The enrolment QR code as a PNG image: each module `scale` pixels square, a quiet zone of
        `border` modules. The image holds the secret: write it only where the device file may go."""
        if not isinstance(scale, int) or isinstance(scale, bool) or not 1 <= scale <= 64:
            raise ValueError("the QR scale is 1 to 64 pixels per module")
        if not isinstance(border, int) or isinstance(border, bool) or not 0 <= border <= 16:
            raise ValueError("the quiet zone is 0 to 16 modules")
        buffer = io.BytesIO()
        self._qr().save(buffer, kind="png", scale=scale, border=border)
        return buffer.getvalue()

    # -- device file ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {"secret": _schema.b64(self._secret), "issuer": self._issuer, "account": self._account}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None) -> Authenticator:
        """Rebuild the app from `to_dict` output; raises DeviceFileError for anything malformed. (Its
        codes follow the wall clock the caller passes to `code(at)`: `clock` is taken, as by every
        device model, and not used.)"""
        where = "totp"
        fields = _schema.exact_keys(data, ("secret", "issuer", "account"), where)
        secret = _schema.get_bytes_between(fields, "secret", where, low=MIN_SECRET_SIZE, high=MAX_SECRET_SIZE)
        issuer = _schema.get_str(fields, "issuer", where, max_len=MAX_NAME_LENGTH)
        account = _schema.get_str(fields, "account", where, max_len=MAX_NAME_LENGTH)
        if issuer and not _NAME.fullmatch(issuer):
            raise DeviceFileError(f"{where}.issuer: must not hold a colon or a control character")
        if not _NAME.fullmatch(account):
            raise DeviceFileError(
                f"{where}.account: must not be empty, nor hold a colon or a control character"
            )
        return cls(secret, account, issuer)

    def __repr__(self) -> str:
        return f"Authenticator(issuer={self._issuer!r}, account={self._account!r})"

    __str__ = __repr__


# -- reading a URI ---------------------------------------------------------------------------------------


def _parse_uri(text: object) -> Authenticator:
    if not isinstance(text, str):
        raise TotpUriError("an otpauth URI is text")
    text = text.strip()
    if len(text) > MAX_URI_LENGTH:
        raise TotpUriError(f"an otpauth URI is at most {MAX_URI_LENGTH} characters")
    if not text.isascii() or any(ch.isspace() or not ch.isprintable() for ch in text):
        raise TotpUriError("an otpauth URI is printable ASCII without spaces (percent-encode the rest)")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise TotpUriError("not a URI") from None
    if parts.scheme.lower() != "otpauth":
        raise TotpUriError("not an otpauth URI: it must start with otpauth://totp/")
    kind = parts.netloc.lower()
    if kind == "hotp":
        raise TotpUriError("an HOTP (counter) URI: only TOTP, otpauth://totp/, is supported")
    if kind != "totp":
        raise TotpUriError("not a TOTP URI: it must start with otpauth://totp/")
    if parts.fragment:
        raise TotpUriError("an otpauth URI has no #fragment")
    issuer_prefix, account = _label(parts.path)
    parameters = _parameters(parts.query)

    if "secret" not in parameters:
        raise TotpUriError("the URI has no secret")
    secret = _secret(parameters["secret"])
    algorithm = parameters.get("algorithm", ALGORITHM)
    if algorithm.upper() != ALGORITHM:
        raise TotpUriError("unsupported algorithm: only SHA1, the one every authenticator app accepts")
    if parameters.get("digits", str(DIGITS)) != str(DIGITS):
        raise TotpUriError(f"unsupported number of digits: only {DIGITS}")
    if parameters.get("period", str(PERIOD)) != str(PERIOD):
        raise TotpUriError(f"unsupported period: only {PERIOD} seconds")

    issuer = parameters.get("issuer")
    if issuer is not None and issuer_prefix is not None and issuer != issuer_prefix:
        raise TotpUriError("the issuer in the label and the issuer parameter differ")
    issuer = issuer if issuer is not None else issuer_prefix or ""
    try:
        _check_name(account, "account")
    except ValueError:
        raise TotpUriError(
            f"the account in the label must be 1 to {MAX_NAME_LENGTH} characters, without a colon "
            "or a control character"
        ) from None
    try:
        _check_name(issuer, "issuer", empty=True)
    except ValueError:
        raise TotpUriError(
            f"the issuer must be at most {MAX_NAME_LENGTH} characters, without a colon or a control character"
        ) from None
    return Authenticator(secret, account, issuer)


def _decoded(value: str, what: str) -> str:
    # errors="strict": a percent-escape that is not UTF-8 is refused, not replaced.
    try:
        return unquote(value, errors="strict")
    except UnicodeDecodeError:
        raise TotpUriError(f"the {what} is not valid percent-encoded UTF-8") from None


def _label(path: str) -> tuple[str | None, str]:
    """(issuer prefix or None, account) from the path "/Issuer:account" or "/account"."""
    if not path.startswith("/") or len(path) == 1:
        raise TotpUriError("the URI has no label: otpauth://totp/Issuer:account?...")
    raw = path[1:]
    # The separator may be written as ":" or "%3A"; split on the first, after decoding.
    label = _decoded(raw, "label")
    if ":" in label:
        issuer, _, account = label.partition(":")
        # Google Authenticator allows spaces after the colon.
        return issuer, account.lstrip(" ")
    return None, label


def _parameters(query: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if not query:
        return found
    for item in query.split("&"):
        name, equals, value = item.partition("=")
        if not equals or not name:
            # The item is not quoted: it may be the secret.
            raise TotpUriError("the URI's query is malformed: each part is name=value")
        name = name.lower()
        if name not in _PARAMETERS:
            continue  # others (image, ...) are passed over, as the apps do
        if name in found:
            raise TotpUriError(f"the parameter {name} appears twice")
        # A "+" in a query is a space (HTML forms); a "+" in an issuer is written %2B.
        found[name] = _decoded(value.replace("+", " ") if name == "issuer" else value, name)
    return found


def _secret(value: str) -> bytes:
    text = value.upper()
    if not text:
        raise TotpUriError("the secret is empty")
    if not _BASE32.fullmatch(text):
        raise TotpUriError("the secret is not valid base32 (letters A-Z and digits 2-7)")
    text = text.rstrip("=")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise TotpUriError("the secret is not valid base32 (its length is impossible)") from None
    if base64.b32encode(raw).decode("ascii").rstrip("=") != text:
        # Bits left over past the last byte: a secret cut short or mistyped, not one an issuer wrote.
        raise TotpUriError("the secret is not canonical base32 (cut short or mistyped?)")
    if len(raw) < MIN_SECRET_SIZE:
        raise TotpUriError(
            f"the secret is {len(raw)} bytes; at least {MIN_SECRET_SIZE} (128 bits) are required"
        )
    if len(raw) > MAX_SECRET_SIZE:
        raise TotpUriError(f"the secret is longer than {MAX_SECRET_SIZE} bytes")
    return raw
