"""What the login flow shows: its stages and the immutable views a page renders, read from the gateway's
step and session objects (docs/protocol.md §3).

Nothing here holds a secret: no password, token or response ever reaches a view, so every repr is safe
to log. Wire objects that do not have the protocol's shape raise `ProtocolError`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from trader_login.auth.client.errors import ProtocolError

PUSH_KIND = "ibkey_push"
SMS_KIND = "sms"
# The protocol's fixed SMS resend delay; a gateway clock ahead of ours must not make the wait longer.
SMS_RESEND_DELAY = 30.0


class Stage(enum.Enum):
    """Where the login is. The UI shows one page per stage."""

    CREDENTIALS = "credentials"
    WORKING = "working"
    CHOOSE_DEVICE = "choose_device"
    SECOND_FACTOR = "second_factor"
    EXISTING_SESSION = "existing_session"
    DONE = "done"
    FAILED = "failed"
    LOCKED = "locked"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class DeviceOption:
    """One second-factor device of the user, as the M2FS list shows it."""

    id: str
    kind: str
    label: str
    level: int


@dataclass(frozen=True, slots=True)
class Challenge:
    """The challenge of the current second-factor page.

    `kind` is the protocol's challenge kind: ibkey_push, ibkey_challenge, dscplus, card, online-card, sms,
    temp_passcode. Times the page counts down to (`push_deadline`, `resend_after`) are on the flow's
    monotonic clock, so a wall-clock change or a gateway clock that differs from ours cannot distort them;
    `expires_at` is the gateway's own Unix time, for information.
    """

    kind: str
    message: str = ""
    digits: str | None = None  # ibkey_challenge (8 digits), dscplus (6 digits)
    indices: tuple[int, int] | None = None  # card, online-card
    expires_at: float | None = None
    push_seconds: float | None = None
    push_deadline: float | None = None
    channel: str | None = None  # sms: "sms" or "voice"
    masked_number: str | None = None
    resend_after: float | None = None
    codes_left: int | None = None

    @property
    def is_push(self) -> bool:
        return self.kind == PUSH_KIND

    @property
    def can_switch_to_challenge(self) -> bool:
        """R5: "Click here if you do not receive the notification"."""
        return self.kind == PUSH_KIND

    @property
    def can_resend_code(self) -> bool:
        """R10: "Didn't receive a security code?" (SMS or voice)."""
        return self.kind == SMS_KIND and (self.codes_left is None or self.codes_left > 0)


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Restriction:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """The gateway's session object. The session token is not part of it: the flow keeps that privately."""

    status: str
    message: str
    username: str
    mode: str
    accounts: tuple[Account, ...]
    device_kind: str | None
    device_label: str | None
    withdrawal_per_day: int | None  # USD; None = unlimited
    withdrawal_per_5_business_days: int | None
    restrictions: tuple[Restriction, ...]
    read_only: bool
    created_at: float
    expires_at: float


@dataclass(frozen=True, slots=True)
class LoginView:
    """Everything one page needs, immutable. `message` is the English text to show (the UI translates by
    `error_code` where it has one); `locked_until` is Unix time; `retry_after` is seconds."""

    stage: Stage
    message: str = ""
    error_code: str | None = None
    username: str = ""
    mode: str = "live"
    devices: tuple[DeviceOption, ...] = ()
    preselected: str | None = None
    device: DeviceOption | None = None
    challenge: Challenge | None = None
    read_only_available: bool = False
    session: SessionInfo | None = None
    locked_until: float | None = None
    retry_after: float | None = None

    @property
    def can_switch_to_challenge(self) -> bool:
        return self.stage is Stage.SECOND_FACTOR and self.challenge is not None and self.challenge.is_push


# --- reading wire objects --------------------------------------------------------------------------------


def wire_field(
    data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    # bool is an int to Python; the protocol's numbers are never true/false.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise ProtocolError(f"The gateway's reply is not the protocol: field {name!r} is missing or wrong.")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProtocolError(f"The gateway's reply is not the protocol: {name!r} is not an object.")
    return value


_NUMBER = (int, float)


def read_device(data: Any) -> DeviceOption:
    data = _object(data, "device")
    return DeviceOption(
        wire_field(data, "id", str),
        wire_field(data, "kind", str),
        wire_field(data, "label", str),
        wire_field(data, "level", int),
    )


def read_devices(step: Mapping[str, Any]) -> tuple[DeviceOption, ...]:
    """Highest security level first (R13), whatever order the gateway used; ties keep its order."""
    listed = wire_field(step, "devices", list)
    devices = [read_device(item) for item in listed]
    if not devices:
        raise ProtocolError("The gateway's reply is not the protocol: an empty device list.")
    return tuple(sorted(devices, key=lambda d: -d.level))


def read_challenge(
    data: Any,
    *,
    monotonic: Callable[[], float],
    wall: Callable[[], float],
    push_expired: bool = False,
) -> Challenge:
    data = _object(data, "challenge")
    kind = wire_field(data, "kind", str)
    expires_at = wire_field(data, "expires_at", _NUMBER, optional=True)
    message = wire_field(data, "message", str, optional=True) or ""
    if kind == PUSH_KIND:
        seconds = float(wire_field(data, "seconds", _NUMBER))
        # An expired notification's step repeats the old challenge: its deadline has passed, not restarted.
        deadline = monotonic() if push_expired else monotonic() + seconds
        return Challenge(kind, message, push_seconds=seconds, push_deadline=deadline, expires_at=expires_at)
    if kind in ("ibkey_challenge", "dscplus"):
        digits = wire_field(data, "challenge", str)
        if not digits.isascii() or not digits.isdigit():
            raise ProtocolError("The gateway's reply is not the protocol: the challenge is not digits.")
        return Challenge(kind, message, digits=digits, expires_at=expires_at)
    if kind in ("card", "online-card"):
        indices = wire_field(data, "indices", list)
        if len(indices) != 2 or not all(type(i) is int and 1 <= i <= 100 for i in indices):
            raise ProtocolError("The gateway's reply is not the protocol: card indices must be two numbers.")
        return Challenge(kind, message, indices=(indices[0], indices[1]), expires_at=expires_at)
    if kind == SMS_KIND:
        resend_at = float(wire_field(data, "resend_after", _NUMBER))
        wait = min(max(resend_at - wall(), 0.0), SMS_RESEND_DELAY)
        return Challenge(
            kind,
            message,
            expires_at=expires_at,
            channel=wire_field(data, "channel", str),
            masked_number=wire_field(data, "masked_number", str),
            resend_after=monotonic() + wait,
            codes_left=wire_field(data, "codes_left", int),
        )
    if kind == "temp_passcode":
        return Challenge(kind, message, expires_at=expires_at)
    raise ProtocolError("The gateway's reply is not the protocol: an unknown challenge kind.")


def read_session(data: Any) -> SessionInfo:
    data = _object(data, "session")
    accounts = tuple(
        Account(wire_field(a, "id", str), wire_field(a, "title", str))
        for a in (_object(item, "account") for item in wire_field(data, "accounts", list))
    )
    device = data.get("device")
    device = _object(device, "device") if device is not None else {}
    limits = _object(data.get("withdrawal_limits"), "withdrawal_limits")
    restrictions = tuple(
        Restriction(wire_field(r, "code", str), wire_field(r, "text", str))
        for r in (_object(item, "restriction") for item in wire_field(data, "restrictions", list))
    )
    return SessionInfo(
        status=wire_field(data, "status", str),
        message=wire_field(data, "message", str, optional=True) or "",
        username=wire_field(data, "username", str),
        mode=wire_field(data, "mode", str),
        accounts=accounts,
        device_kind=wire_field(device, "kind", str, optional=True),
        device_label=wire_field(device, "label", str, optional=True),
        withdrawal_per_day=wire_field(limits, "per_day", int, optional=True),
        withdrawal_per_5_business_days=wire_field(limits, "per_5_business_days", int, optional=True),
        restrictions=restrictions,
        read_only=wire_field(data, "read_only", bool),
        created_at=float(wire_field(data, "created_at", _NUMBER)),
        expires_at=float(wire_field(data, "expires_at", _NUMBER)),
    )
