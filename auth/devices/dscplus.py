"""The DSC+ (Digital Security Card+) emulator: a key-driven state machine with an LCD, PIN lock and auto-off.

It turns a 6-digit challenge into the 8-digit OCRA response the gateway checks (R6, SPEC section 4).
"""

from __future__ import annotations

import enum
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from trader_login.auth.devices import _schema
from trader_login.auth.otp import DSCPLUS_SUITE, ocra, ocra_pin_hash

log = logging.getLogger(__name__)

PIN_LENGTH = 4
CHALLENGE_LENGTH = 6
SECRET_SIZE = 32
PIN_HASH_SIZE = 20  # SHA-1, as the PSHA1 suite prescribes
MAX_WRONG_PINS = 5
AUTO_OFF_SECONDS = 30.0

PIN_PROMPT = "PIN>"
CHALLENGE_PROMPT = "CHALLNG>"
PIN_ERROR_TEXT = "PIN ERROR"
LOCKED_TEXT = "LOCKED"

_DIGITS = frozenset("0123456789")
_SERIAL = re.compile(r"[A-Za-z0-9-]{1,32}")


class DscState(enum.Enum):
    OFF = "off"
    PIN = "pin"
    PIN_ERROR = "pin-error"
    CHALLENGE = "challenge"
    RESPONSE = "response"
    LOCKED = "locked"


def validate_pin(pin: str) -> None:
    """Raise ValueError unless `pin` is exactly 4 ASCII digits (the message never repeats the PIN)."""
    if not isinstance(pin, str) or len(pin) != PIN_LENGTH or not set(pin) <= _DIGITS:
        raise ValueError("the DSC+ PIN must be exactly 4 digits")


def normalise_challenge(challenge: str) -> str:
    """Removes spaces (R4) and checks what is left is exactly 6 ASCII digits, the keys a DSC+ takes at
    CHALLNG>; ValueError otherwise (the message never repeats the input)."""
    if not isinstance(challenge, str):
        raise ValueError("a DSC+ challenge is 6 digits")
    digits = "".join(challenge.split())
    if len(digits) != CHALLENGE_LENGTH or not set(digits) <= _DIGITS:
        raise ValueError("a DSC+ challenge is 6 digits")
    return digits


def _validate_serial(serial: str) -> None:
    if not isinstance(serial, str) or not _SERIAL.fullmatch(serial):
        raise ValueError("a DSC+ serial is 1 to 32 letters, digits or dashes")


class DscPlus:
    """One DSC+ device. Drive it with `press_button`, `press_key` and `press_ok`; read `display`.

    Only the device secret and the SHA-1 hash of the PIN are kept. The hash is as sensitive as the PIN
    itself: there are only 10,000 PINs, so anyone holding the hash finds the PIN by trying them all, and the
    hash alone (with the secret) is all the OCRA suite needs to compute responses.

    `on_persistent_change`, if set, is called with the device whenever its wrong-PIN count or lock changes,
    so the owner can save the device file: a real DSC+ remembers its lock when the battery is pulled.
    """

    def __init__(
        self,
        serial: str,
        secret: bytes,
        pin: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        validate_pin(pin)
        self._setup(serial, secret, ocra_pin_hash(DSCPLUS_SUITE, pin), 0, clock)

    def _setup(
        self,
        serial: str,
        secret: bytes,
        pin_hash: bytes,
        wrong_pin_count: int,
        clock: Callable[[], float],
    ) -> None:
        _validate_serial(serial)
        if not isinstance(secret, bytes) or len(secret) != SECRET_SIZE:
            raise ValueError(f"a DSC+ secret must be {SECRET_SIZE} bytes")
        if not isinstance(pin_hash, bytes) or len(pin_hash) != PIN_HASH_SIZE:
            raise ValueError(f"a DSC+ PIN hash must be {PIN_HASH_SIZE} bytes")
        if not 0 <= wrong_pin_count <= MAX_WRONG_PINS:
            raise ValueError(f"the wrong-PIN count must be between 0 and {MAX_WRONG_PINS}")
        self._serial = serial
        self._secret = secret
        self._pin_hash = pin_hash
        self._wrong_pin_count = wrong_pin_count
        self._clock = clock
        self._state = DscState.OFF
        self._entry = ""
        self._response = ""
        self._last_press = 0.0
        self.on_persistent_change: Callable[[DscPlus], None] | None = None

    @classmethod
    def create(
        cls,
        serial: str | None = None,
        *,
        pin: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> DscPlus:
        """A new device with a fresh random secret, as shipped to a trader who chose `pin` when ordering."""
        if serial is None:
            serial = f"DSC{secrets.randbelow(10**8):08d}"
        return cls(serial, secrets.token_bytes(SECRET_SIZE), pin, clock=clock)

    # -- what the trader sees -------------------------------------------------------------------------

    kind = "dscplus"  # its device kind (trader_login.auth.vocabulary)

    @property
    def serial(self) -> str:
        return self._serial

    @property
    def ident(self) -> str:
        """What a device picker shows: the serial."""
        return self._serial

    @property
    def locked(self) -> bool:
        return self._wrong_pin_count >= MAX_WRONG_PINS

    @property
    def wrong_pin_count(self) -> int:
        return self._wrong_pin_count

    @property
    def state(self) -> DscState:
        self._apply_auto_off()
        return self._state

    @property
    def display(self) -> str:
        """The LCD text. Reading it lets the device notice it has been idle and switch itself off."""
        self._apply_auto_off()
        match self._state:
            case DscState.OFF:
                return ""
            case DscState.PIN:
                return f"{PIN_PROMPT} {'*' * len(self._entry)}" if self._entry else PIN_PROMPT
            case DscState.PIN_ERROR:
                return PIN_ERROR_TEXT
            case DscState.CHALLENGE:
                return f"{CHALLENGE_PROMPT} {self._entry}" if self._entry else CHALLENGE_PROMPT
            case DscState.RESPONSE:
                return self._response
            case DscState.LOCKED:
                return LOCKED_TEXT

    # -- keys -------------------------------------------------------------------------------------------

    def press_button(self) -> None:
        """The power button: switches the device on, or back to "PIN>" when it is on."""
        self._apply_auto_off()
        self._touch()
        self._entry = ""
        self._response = ""
        self._state = DscState.LOCKED if self.locked else DscState.PIN

    def press_key(self, digit: str) -> None:
        """One of the keys 0-9. Ignored while off or locked, and beyond the 4th PIN or 6th challenge digit."""
        if not isinstance(digit, str) or len(digit) != 1 or digit not in _DIGITS:
            raise ValueError("a DSC+ key is one of the digits 0-9")
        self._apply_auto_off()
        if self._state is DscState.OFF:
            return
        self._touch()
        match self._state:
            case DscState.PIN_ERROR:
                self._state = DscState.PIN
                self._entry = digit
            case DscState.PIN if len(self._entry) < PIN_LENGTH:
                self._entry += digit
            case DscState.RESPONSE:
                # The PIN stays verified while the device is on: a digit starts the next challenge.
                self._response = ""
                self._state = DscState.CHALLENGE
                self._entry = digit
            case DscState.CHALLENGE if len(self._entry) < CHALLENGE_LENGTH:
                self._entry += digit

    def press_ok(self) -> None:
        """OK: checks a complete PIN or answers a complete challenge; with too few digits it does nothing."""
        self._apply_auto_off()
        if self._state is DscState.OFF:
            return
        self._touch()
        if self._state is DscState.PIN and len(self._entry) == PIN_LENGTH:
            self._check_pin()
        elif self._state is DscState.CHALLENGE and len(self._entry) == CHALLENGE_LENGTH:
            self._response = ocra(DSCPLUS_SUITE, self._secret, self._entry, pin_hash=self._pin_hash)
            self._entry = ""
            self._state = DscState.RESPONSE
            log.debug("DSC+ %s: response shown", self._serial)
        elif self._state is DscState.RESPONSE:
            self._response = ""
            self._state = DscState.CHALLENGE

    # -- internals --------------------------------------------------------------------------------------

    def _check_pin(self) -> None:
        entered = ocra_pin_hash(DSCPLUS_SUITE, self._entry)
        self._entry = ""
        if hmac.compare_digest(entered, self._pin_hash):
            self._state = DscState.CHALLENGE
            log.debug("DSC+ %s: PIN accepted", self._serial)
            self._set_wrong_pin_count(0)
            return
        self._set_wrong_pin_count(self._wrong_pin_count + 1)
        if self.locked:
            self._state = DscState.LOCKED
            log.warning("DSC+ %s: locked after %d wrong PINs", self._serial, MAX_WRONG_PINS)
        else:
            self._state = DscState.PIN_ERROR
            log.debug("DSC+ %s: wrong PIN (%d of %d)", self._serial, self._wrong_pin_count, MAX_WRONG_PINS)

    def _set_wrong_pin_count(self, count: int) -> None:
        if count == self._wrong_pin_count:
            return
        self._wrong_pin_count = count
        if self.on_persistent_change is not None:
            self.on_persistent_change(self)

    def _touch(self) -> None:
        self._last_press = self._clock()

    def _apply_auto_off(self) -> None:
        if self._state is DscState.OFF:
            return
        if self._clock() - self._last_press >= AUTO_OFF_SECONDS:
            # Switching off forgets the verified PIN and anything half typed.
            self._state = DscState.OFF
            self._entry = ""
            self._response = ""
            log.debug("DSC+ %s: switched itself off", self._serial)

    # -- device file ------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """What outlives a power-off, for the device file: secret, PIN hash and lock, not the screen."""
        return {
            "serial": self._serial,
            "secret": _schema.b64(self._secret),
            "pin_hash": _schema.b64(self._pin_hash),
            "wrong_pin_count": self._wrong_pin_count,
            "locked": self.locked,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, clock: Callable[[], float] | None = None) -> DscPlus:
        """Rebuild a device from `to_dict` output; raises DeviceFileError for anything malformed.

        `clock` is the monotonic clock its auto-off counts with (`time.monotonic` when None)."""
        where = "dscplus"
        fields = _schema.exact_keys(
            data, ("serial", "secret", "pin_hash", "wrong_pin_count", "locked"), where
        )
        serial = _schema.get_str(fields, "serial", where, max_len=32)
        if not _SERIAL.fullmatch(serial):
            raise _schema.DeviceFileError(f"{where}.serial: must be 1 to 32 letters, digits or dashes")
        secret = _schema.get_bytes(fields, "secret", where, size=SECRET_SIZE)
        pin_hash = _schema.get_bytes(fields, "pin_hash", where, size=PIN_HASH_SIZE)
        count = _schema.get_int(fields, "wrong_pin_count", where, low=0, high=MAX_WRONG_PINS)
        locked = _schema.get_bool(fields, "locked", where)
        if locked != (count >= MAX_WRONG_PINS):
            raise _schema.DeviceFileError(
                f"{where}: 'locked' must be true exactly when wrong_pin_count is {MAX_WRONG_PINS}"
            )
        device = cls.__new__(cls)
        device._setup(serial, secret, pin_hash, count, clock or time.monotonic)
        return device

    def __repr__(self) -> str:
        return (
            f"DscPlus(serial={self._serial!r}, state={self._state.name}, "
            f"wrong_pin_count={self._wrong_pin_count}, locked={self.locked})"
        )

    __str__ = __repr__
