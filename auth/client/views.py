"""What the login flow shows: its stages and the immutable views a page renders, read from the gateway's
step and session objects (docs/protocol.md §3).

Nothing here holds a secret: no password, token or response ever reaches a view, so every repr is safe
to log. Wire objects that do not have the protocol's shape raise `ProtocolError`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from trader_login.auth import texts
from trader_login.auth.client.errors import ProtocolError, english, wire_message
from trader_login.auth.texts import Message


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
    # The device's own name where the gateway sends one (a security key's "blue YubiKey"), else None.
    name: str | None = None


_NOTHING: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Challenge:
    """The challenge of the current second-factor page, read by its kind's client part
    (`trader_login.auth.client.kinds`).

    `kind` is the protocol's challenge kind (`trader_login.auth.vocabulary.CHALLENGE_KINDS`). Times the page
    counts down to (`push_deadline`, `resend_after`, and those a later kind keeps in `extra`) are on the
    flow's monotonic clock, so a wall-clock change or a gateway clock that differs from ours cannot distort
    them; `expires_at` is the gateway's own Unix time, for information. `extra` holds the fields of kinds
    that have no field of their own here (read-only). `message` is the gateway's English text (console).
    `sequence` is the gateway's number of this challenge within the login (1 for the first; a new
    challenge has a higher one, the same challenge standing keeps its own; None from a gateway that does
    not send it): the page and the emulators following the login tell a new challenge by it.
    """

    kind: str
    message: str = ""
    sequence: int | None = None
    digits: str | None = None  # ibkey_challenge, dscplus
    indices: tuple[int, int] | None = None  # card, online-card
    expires_at: float | None = None
    push_seconds: float | None = None
    push_deadline: float | None = None
    channel: str | None = None  # sms: "sms" or "voice"
    masked_number: str | None = None
    resend_after: float | None = None
    codes_left: int | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _NOTHING, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def same_as(self, other: Challenge | None) -> bool:
        """Whether `other` is this very challenge (not a new one): by `sequence` where both have one,
        else by what the trader answers (kind, digits, index values, the code's channel and number)."""
        if other is None:
            return False
        if self.sequence is not None and other.sequence is not None:
            return self.sequence == other.sequence
        shown = ("kind", "digits", "indices", "channel", "masked_number", "expires_at", "push_number")
        return all(getattr(self, name) == getattr(other, name) for name in shown)

    @property
    def push_number(self) -> int | None:
        """Push number matching: the two digits (10-99) the trader picks on the phone (`extra["number"]`);
        None for a push without one (the gateway's switch off) and for every other challenge."""
        number = self.extra.get("number")
        return number if isinstance(number, int) else None

    @property
    def part(self) -> Any:
        """The client part of this challenge's kind (`KindRegistryError` for a kind not registered)."""
        from trader_login.auth.client import kinds

        return kinds.for_challenge(self.kind)

    @property
    def is_push(self) -> bool:
        """Nothing to type: the page waits for an approval on the phone."""
        return self.part.is_push(self)

    @property
    def can_switch_to_challenge(self) -> bool:
        """R5: "Click here if you do not receive the notification"."""
        return self.part.can_switch_to_challenge(self)

    @property
    def sends_codes(self) -> bool:
        """The gateway sends the code: the page offers R10's "Didn't receive a security code?"."""
        return self.part.sends_codes(self)

    @property
    def can_resend_code(self) -> bool:
        """R10: a new code (SMS or voice) may be asked for."""
        return self.part.can_resend_code(self)

    @property
    def uses_security_key(self) -> bool:
        """Answered by a security key (`LoginFlow.use_security_key`), nothing typed: the passkey's assertion
        and its registration. `extra["deadline"]` is when the ceremony must end (flow's monotonic clock)."""
        return self.part.uses_security_key(self)


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Restriction:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class RestartGrant:
    """The user name's restart grant for the session's mode (whichever computer holds its key): the
    restart without the second factor is allowed until `cutoff_at` (Unix time, the weekly cut-off fixed
    when the grant was made). `label` is the computer's name as it was given, if any. The key is not here:
    the gateway keeps only its public half, the computer keeps the private one in its keychain."""

    id: str
    created_at: float
    cutoff_at: float
    label: str | None = None
    device_kind: str | None = None  # the second factor of the full login that made the grant


@dataclass(frozen=True, slots=True)
class LastLogin:
    """The user name's last successful login before this session (the session window's lastLoginLabel)."""

    at: float
    address: str | None = None
    device_kind: str | None = None
    device_label: str | None = None
    restart: bool = False  # opened by a restart, without the second factor


class FailedLogin(NamedTuple):
    """One failed attempt since the last successful login: when, from where, and the audit trail's
    reason (`wrong_password`, `wrong_response`, `push_denied`, `push_wrong_number`, …)."""

    at: float
    address: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class LoginHistory:
    """What the trader sees of the user name's logins: the last successful one before this session (None
    for a first login, or one past the audit retention), how many attempts failed since, and the newest of
    them (up to 5, newest first)."""

    last_login: LastLogin | None = None
    failures_since: int = 0
    failures: tuple[FailedLogin, ...] = ()


NO_HISTORY = LoginHistory()


@dataclass(frozen=True, slots=True)
class RestartOutcome:
    """What became of a restart without the second factor (`LoginFlow.log_in(..., restart=key)`): "used"
    (the session opened at once) or "refused" (the password was right, nothing counted, and the login goes
    on to the second factor). For a refusal, `problem` says why (texts `restart_*`), `code` is the
    gateway's (`RESTART_EXPIRED`, `RESTART_REVOKED`, `RESTART_FORGOTTEN`, `RESTART_PASSWORD_CHANGED`,
    `RESTART_DEVICE_CHANGED`, `RESTART_REPLACED`, `RESTART_WRONG_KEY`, `RESTART_UNKNOWN`) and `ended_at` is
    when the grant ended (Unix time; None when there was none). Every page of the login that follows a
    refusal keeps it, so the device list and the second-factor page can say why the factor is asked."""

    status: str
    problem: Message | None = None
    code: str | None = None
    ended_at: float | None = None

    @property
    def used(self) -> bool:
        return self.status == "used"

    @property
    def message(self) -> str:
        """`problem` in English (logs, the console); "" for none."""
        return english(self.problem)


RESTART_USED = RestartOutcome("used")


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """The gateway's session object. The session token is not part of it: the flow keeps that privately.

    Issue 19's fields: `restart_grant` (the user name's active grant for this mode, or None),
    `opened_by_restart`, `restart_cutoff_at` (the cut-off a grant made now would get; None when this
    session may not grant one or the gateway does not allow restarts) and `history`."""

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
    notice: Message | None = None  # what the session window says (the takeover), in the catalogue
    restart_grant: RestartGrant | None = None
    opened_by_restart: bool = False
    restart_cutoff_at: float | None = None
    history: LoginHistory = NO_HISTORY

    @property
    def may_grant_restart(self) -> bool:
        """Whether this session may make a restart grant (a full login, the gateway's switch on)."""
        return self.restart_cutoff_at is not None


@dataclass(frozen=True, slots=True)
class LoginView:
    """Everything one page needs, immutable. `problem` is what the page says, a catalogue message the UI
    renders in the trader's language (an error, a notice; on WORKING what is being done; None: nothing),
    `error_code` the protocol's or the client's code of an error; `locked_until` is Unix time;
    `retry_after` is seconds. `new_challenge`: this page's challenge replaced the one the trader was
    answering — a refusal (a wrong response, an expired challenge, a denied notification) that came with
    a fresh challenge; False when the same challenge stands (an SMS code, the authenticator app, a
    temporary passcode) and on every other page. The page shows the challenge as new when it is True.

    `restart`: what became of a restart without the second factor (None when none was asked); kept on
    every page of the login that follows. `attempts_left` and `warning`: a counted refusal once 7 failures
    in a row stand against the user name (R3): how many attempts are left before the lock, and the
    catalogue's `attempts_left` text the page shows under the refusal; None otherwise (this page only)."""

    stage: Stage
    problem: Message | None = None
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
    new_challenge: bool = False
    restart: RestartOutcome | None = None
    attempts_left: int | None = None
    warning: Message | None = None

    @property
    def message(self) -> str:
        """`problem` in English, for logs and the console ("" for none); the UI renders `problem`."""
        return english(self.problem)

    @property
    def can_switch_to_challenge(self) -> bool:
        return (
            self.stage is Stage.SECOND_FACTOR
            and self.challenge is not None
            and self.challenge.can_switch_to_challenge
        )


# --- reading wire objects --------------------------------------------------------------------------------


def wire_field(
    data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], *, optional: bool = False
) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    # bool is an int to Python; the protocol's numbers are never true/false.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise ProtocolError(detail=f"field {name!r} is missing or wrong")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _object(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProtocolError(detail=f"{name!r} is not an object")
    return value


NUMBER = (int, float)


def read_device(data: Any) -> DeviceOption:
    data = _object(data, "device")
    return DeviceOption(
        wire_field(data, "id", str),
        wire_field(data, "kind", str),
        wire_field(data, "label", str),
        wire_field(data, "level", int),
        wire_field(data, "name", str, optional=True),
    )


def read_devices(step: Mapping[str, Any]) -> tuple[DeviceOption, ...]:
    """Highest security level first (R13), whatever order the gateway used; ties keep its order."""
    listed = wire_field(step, "devices", list)
    devices = [read_device(item) for item in listed]
    if not devices:
        raise ProtocolError(detail="an empty device list")
    return tuple(sorted(devices, key=lambda d: -d.level))


def read_challenge(
    data: Any,
    *,
    monotonic: Callable[[], float],
    wall: Callable[[], float],
    push_expired: bool = False,
) -> Challenge:
    """The challenge of a step, read by its kind's client part. `push_expired`: the step repeats a
    challenge that expired (its countdown is over, not restarted)."""
    from trader_login.auth import vocabulary
    from trader_login.auth.client import kinds

    data = _object(data, "challenge")
    kind = wire_field(data, "kind", str)
    if kind not in vocabulary.CHALLENGE_KINDS:
        raise ProtocolError(detail="an unknown challenge kind")
    sequence = wire_field(data, "sequence", int, optional=True)
    if sequence is not None and sequence < 1:
        raise ProtocolError(detail="field 'sequence' is missing or wrong")
    base = Challenge(
        kind,
        wire_field(data, "message", str, optional=True) or "",
        sequence=sequence,
        expires_at=wire_field(data, "expires_at", NUMBER, optional=True),
    )
    context = kinds.ReadContext(monotonic, wall, push_expired)
    return kinds.for_challenge(kind).read(data, base, context)


def read_message(data: Mapping[str, Any], name: str = "message") -> Message | None:
    """The catalogue message beside a wire object's English `name` (its `message_id` and `params`), the
    English as it is when the id is unknown; None when there is no text."""
    english_text = data.get(name)
    if not isinstance(english_text, str):
        english_text = ""
    if not english_text and not isinstance(data.get("message_id"), str):
        return None
    return wire_message(data, english_text)


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
        created_at=_known_unix(data, "created_at"),
        expires_at=_known_unix(data, "expires_at"),
        notice=_session_notice(data),
        restart_grant=read_restart_grant(data.get("restart_grant"), optional=True),
        opened_by_restart=bool(wire_field(data, "opened_by_restart", bool, optional=True)),
        restart_cutoff_at=_unix(data, "restart_cutoff_at", optional=True),
        history=read_history(data.get("history")),
    )


def _unix(data: Mapping[str, Any], name: str, *, optional: bool = False) -> float | None:
    value = wire_field(data, name, NUMBER, optional=optional)
    if value is None:
        return None
    try:
        return float(value)
    except OverflowError:  # an integer past any float: not a time
        raise ProtocolError(detail=f"field {name!r} is missing or wrong") from None


def _known_unix(data: Mapping[str, Any], name: str) -> float:
    value = _unix(data, name)
    if value is None:  # wire_field raises first; for the type checker
        raise ProtocolError(detail=f"field {name!r} is missing or wrong")
    return value


def read_restart_grant(data: Any, *, optional: bool = False) -> RestartGrant | None:
    """A grant object (`{"id", "created_at", "cutoff_at", "label", "device_kind"}`); None for a null one
    when `optional`."""
    # Imported where used: auth.restart loads cryptography's EC keys (some 40 ms), which reading a page's
    # view does not need.
    from trader_login.auth.restart import GRANT_ID_PATTERN

    if data is None and optional:
        return None
    data = _object(data, "restart_grant")
    grant_id = wire_field(data, "id", str)
    if not GRANT_ID_PATTERN.fullmatch(grant_id):
        raise ProtocolError(detail="field 'id' is not a grant id")
    return RestartGrant(
        grant_id,
        _known_unix(data, "created_at"),
        _known_unix(data, "cutoff_at"),
        wire_field(data, "label", str, optional=True),
        wire_field(data, "device_kind", str, optional=True),
    )


_SHOWN_FAILURES = 5


def read_history(data: Any) -> LoginHistory:
    """The session's `history` (issue 19): absent or null from a gateway that does not keep it."""
    if data is None:
        return NO_HISTORY
    data = _object(data, "history")
    last = data.get("last_login")
    last_login = None
    if last is not None:
        last = _object(last, "last_login")
        last_login = LastLogin(
            _known_unix(last, "at"),
            wire_field(last, "address", str, optional=True),
            wire_field(last, "device_kind", str, optional=True),
            wire_field(last, "device_label", str, optional=True),
            bool(wire_field(last, "restart", bool, optional=True)),
        )
    since = wire_field(data, "failures_since", int)
    if since < 0:
        raise ProtocolError(detail="field 'failures_since' is missing or wrong")
    failures = tuple(
        FailedLogin(
            _known_unix(item, "at"),
            wire_field(item, "address", str, optional=True),
            wire_field(item, "reason", str),
        )
        for item in (_object(entry, "failure") for entry in wire_field(data, "failures", list))
    )
    return LoginHistory(last_login, since, failures[:_SHOWN_FAILURES])


def read_restart(data: Any) -> RestartOutcome:
    """A step's `restart` object: `{"status": "refused", "code", "message", "message_id", "params",
    "ended_at"}` (or `{"status": "used"}`)."""
    data = _object(data, "restart")
    status = wire_field(data, "status", str)
    if status == "used":
        return RESTART_USED
    if status != "refused":
        raise ProtocolError(detail="field 'status' of 'restart' is missing or wrong")
    code = wire_field(data, "code", str)
    ended_at = _unix(data, "ended_at", optional=True)
    return RestartOutcome("refused", read_message(data), code, ended_at)


PUSH_NUMBERS = range(10, 100)


def read_attempts_left(details: Mapping[str, Any]) -> tuple[int | None, Message | None]:
    """A counted refusal's `attempts_left` (1-9) and `warning` (the catalogue's `attempts_left` text), read
    from the error object's other fields; (None, None) when it has neither. A warning without a number is
    shown as it is; a number without a warning gets the catalogue's text."""
    left = details.get("attempts_left")
    warning = details.get("warning")
    if left is not None:
        left = wire_field(details, "attempts_left", int)
        if not 0 <= left < 10:
            raise ProtocolError(detail="field 'attempts_left' is missing or wrong")
    shown = None
    if warning is not None:
        shown = read_message(_object(warning, "warning"))
    if shown is None and left is not None:
        shown = texts.message(texts.ATTEMPTS_LEFT, attempts=left)
    return left, shown


def _session_notice(data: Mapping[str, Any]) -> Message | None:
    if isinstance(data.get("message_id"), str):
        return read_message(data)
    if data.get("status") == "taken_over":  # the protocol's status says it; no need of the gateway's words
        return texts.message(texts.TAKEN_OVER)
    return read_message(data)
