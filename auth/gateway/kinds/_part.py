"""What a device kind's gateway part is (`GatewayKind`), and the helpers the parts share.

A new kind (say `totp`) is registered in `trader_login.auth.vocabulary` and gets a module here named by its
`DeviceKind.module` (`totp.py`) whose `GATEWAY_KIND` is an instance of a `GatewayKind` subclass built with
the kind's name. Nothing else on the gateway changes: the login steps (`second_factor.py`), the desk
(`admin.py`) and `sls-gateway device add` (`cli.py`) ask the part. What a part defines:

Logging in (each call gets a `Step`: the connection, the login and user rows, the device id, the clock's
`now`, the gateway part (vault, config, phone network) and `LoginRows`; `step.challenge_secret()`,
`step.device()`, `step.device_secret()` and `step.replace_device_secret(row, secret)` — a compare-and-set
of the device's sealed secrets, for what a kind must remember across gateway processes):
- `issue(step, challenge) -> Issued` (required): a new challenge of the challenge kind `challenge`, one of
  the kind's `vocabulary` challenges (the first when the device is chosen). `Issued.public` goes to the
  client with `kind` set to `challenge`; `Issued.secret` is sealed into the login row for `check`.
- `check(step, challenge, response) -> bool | Wrong | Next | GatewayError` (required): whether the typed
  `response` answers the challenge, compared in constant time (`answer()` normalises and shape-checks it
  with the vocabulary's `ResponseFormat`; the kinds before TOTP count a wrongly shaped answer as wrong).
  For a challenge kind whose vocabulary entry says `credential` (the security key's), `response` is a
  `Credential` (the WebAuthn credential the client's key made, as JSON, and its optional name), never
  text: the shared code refuses text for such a challenge and a credential for any other (400,
  uncounted). `Wrong(code, text)`: wrong and counted (R3), told with its own text (a code already
  used), and its own `reason` in the audit trail if it sets one. `Next(challenge)`: right, but the
  login is not done: that challenge kind of the same device is issued next and answered 200 (a right
  enrolment code, then the key's registration). A GatewayError ends the attempt uncounted, the
  challenge standing (a temporary passcode past its window; a shape error a kind does not count).
  The part may set `step.device_id` before answering True: the `devices` row that answered, when the
  option stood for several (any of the user's security keys): the session and the device preselected
  next time are that row's.
- `opening_challenge(step) -> str`: the challenge kind choosing the device opens; by default
  `first_challenge` (a pending security key opens with its enrolment code).
- `wrong(step, challenge) -> Wrong`: how a wrong answer is told — `wrong_text` (what to check on the
  device, the new challenge) with its params (`serial`: the device's `tail`); a part whose text needs
  other values (the masked number) overrides it. Never the response or a code.
- `answers(step, question, response) -> bool` and `from_other_device(used, expected) -> Wrong | None`:
  a wrong answer is tried against the user's OTHER usable devices (the user's own, after the password:
  nothing to enumerate); a device whose part `answers` the standing challenge's `question` (its sealed
  secret) with the response is named (`other_device_text`, params `used` and `serial`).
- `wrong_keeps_challenge`: a wrong answer leaves the same challenge standing (a code sent to a phone, a
  temporary passcode) rather than issuing a fresh one (R4). `expired_keeps_challenge` and
  `expired_text`: what an expired challenge does — the same one is kept (a code is not re-sent unasked)
  or a fresh one is issued — and the text the trader is told.
- `succeeded(step) -> list[str]`: what a right answer does besides opening the session (R8's activation),
  and the session's restrictions (R9: `["temp_passcode"]`).
- `usable(device, status, now) -> bool`: whether one of the user's `devices` rows (in `status`, R11's
  auto-activation applied) may be offered; by default an active one.
- `offered(user, usable) -> list[dict]`: the M2FS options for the user's usable rows of this kind (each
  `LoginRows.option(id, kind)`, maybe with a `name`); by default one per row. The security key offers
  one option for all the user's registered keys (any of them answers) and one per pending enrolment.
  An option's `id` must be one of the rows' ids.
- `phishing_resistant`: within one security level, such a kind's options come first (R13: the security
  key before the DSC+).
- `other_options(connection, user, now) -> list[str]`: ids of factors that are not `devices` rows (the
  temporary passcode); `listed_device = False` for such a kind (its challenge is not refused as "device
  gone" when its row is missing: it has none).
- `switches`: challenge kind → challenge kind the trader may switch to ("Click here if you do not
  receive the notification", R5); `resend_channels` and `resend(step, channel)`: a new code by
  `channel` (R10).
- `temporary`: a stand-in Client Services issues while the permanent device is away (R8, R9): it is never
  shared, never reactivated by the desk; `has_temporary(connection, user_id, now)` says whether a user has
  one, `end_temporary(connection, user_id, now)` ends them when the permanent device is reactivated (R11),
  `activate_pending(connection, user_id, device, now) -> bool` activates a pending one (R8).

The OpenAPI document (`api_schema.py`):
- `challenge_models`: the pydantic models of the challenges `issue` sends, built on `_wire.Challenge`
  (which adds `expires_at`), each with a `kind: Literal[...]` of the kind's challenge kinds; the
  document's `Challenge` is the union of every part's models, told apart by `kind`. Every challenge kind
  of the part must be the `kind` of one model (a part that shares another's challenge shape, like the
  online card the card's, lists the same model).

Enrolment at the desk (`issued_by_desk` in the vocabulary):
- `add_arguments(group) -> list[argparse.Action]`: the kind's own options of `sls-gateway device add USER
  KIND` (`--pin`, `--phone`, …); giving one with another kind is refused.
- `desk_options(args, read_stdin) -> dict`: those options as keyword arguments of
  `ClientServices.add_device`; `EnrolmentError` for bad ones.
- `enrol(username, now, **options) -> Enrolment` (required for a desk kind): a new device — its model for the
  emulators (`auth.devices`, what `--export` writes) and its `devices` row (`id` first; `sealed` as a dict,
  the desk seals it); `EnrolmentError` for bad options, before anything is stored. A part with
  `enrol_with_desk = True` also gets `desk=` (the `GatewayPart` of the desk: its vault, config, clock),
  for a device it must make against the gateway itself (a virtual security key registered with this
  gateway's relying party).
- `enrolled(enrolment, args, out)`: what `device add` prints besides "added KIND ID for USER" (and files
  it writes), e.g. an enrolment URI and its QR code; an `EnrolmentError` or `OSError` there takes the
  device back out (check paths early, in `desk_options`).
"""

from __future__ import annotations

import argparse
import base64
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TextIO

from sqlalchemy import Connection, Row, bindparam, select, update

from trader_login.auth import texts, vocabulary
from trader_login.auth.gateway.errors import GatewayError, bad_request
from trader_login.auth.gateway.kinds._wire import Challenge
from trader_login.auth.gateway.part import GatewayPart, LoginRows
from trader_login.auth.gateway.store import devices
from trader_login.auth.texts import Text

_DEVICE = select(devices).where(devices.c.id == bindparam("device_id"))


class EnrolmentError(ValueError):
    """Options a kind cannot enrol a device with; the message is for the person at the desk (English)."""


@dataclass(frozen=True)
class Issued:
    """A challenge as issued: what the client may see, what checking needs (sealed into the login row)."""

    public: dict[str, Any]
    secret: dict[str, Any]
    expires_at: float


@dataclass(frozen=True)
class Wrong:
    """A wrong answer told more precisely than "Login failed" (what to check, a code already used): still
    a failed attempt (R3), refused with this protocol `code` and catalogue `text` with `params` (never the
    response or a code). `reason`: login.failed's reason in the audit trail (one of
    audit.LOGIN_FAILED_REASONS); None: `code_used` for `texts.CODE_USED`, else `wrong_response`."""

    code: str
    text: Text
    params: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None


@dataclass(frozen=True)
class Next:
    """A right answer that does not end the login: the device's `challenge` (a challenge kind of its own)
    is issued next, answered 200 as a second-factor step (a right enrolment code, then the registration)."""

    challenge: str


@dataclass(frozen=True)
class Credential:
    """The answer to a `credential` challenge kind (POST /v1/login/passkey): the WebAuthn
    PublicKeyCredential in its JSON form as the client sent it (not checked yet: the part parses it), and
    the name the trader gave the key (registration only), as given: the part checks it (a bad one is
    its `check`'s 400, uncounted; `rules.check_device_label`, `rules.device_label`)."""

    data: Mapping[str, Any]
    label: str | None = None


@dataclass(frozen=True)
class Enrolment:
    """A device made at the desk: its emulator model (None: nothing to hand over) and its `devices` row
    values (`id`, and any of `sealed` as a dict, `public_key`, `phone`, `status`, `activated_at`)."""

    device: Any
    row: dict[str, Any]

    @property
    def device_id(self) -> str:
        return self.row["id"]


@dataclass
class Step:
    """One login step as a part sees it: the open write transaction and the rows it works on."""

    part: GatewayPart
    rows: LoginRows
    connection: Connection
    login: Row
    user: Row
    device_id: str
    now: float
    _challenge_secret: dict[str, Any] | None = field(default=None, repr=False)
    # The device's row when the step read it already in this transaction (second_factor.py); dropped
    # when `replace_device_secret` changes it.
    _device: Row | None = field(default=None, repr=False)

    def set_login(self, **values: Any) -> None:
        self.rows.set_login(self.connection, self.login, **values)

    def challenge_secret(self) -> dict[str, Any]:
        """What `issue` sealed into the login row for the standing challenge."""
        if self._challenge_secret is None:
            self._challenge_secret = self.part.vault.open_json(
                self.login.challenge_secret, f"challenge:{self.login.id.hex()}"
            )
        return self._challenge_secret

    def device(self) -> Row:
        """The device's `devices` row, as this write transaction sees it."""
        if self._device is not None and self._device.id == self.device_id:
            return self._device
        return self.connection.execute(_DEVICE, {"device_id": self.device_id}).one()

    def device_secret(self) -> dict[str, Any]:
        """The device's sealed secrets (the desk sealed what `enrol` put in `sealed`)."""
        device = self.device()
        return self.part.vault.open_json(device.sealed, f"device:{device.id}") if device.sealed else {}

    def replace_device_secret(self, device: Row, secret: dict[str, Any]) -> bool:
        """Seals `secret` as the device's new secrets if they are still those of `device` (read by this
        step): False if another request or gateway process changed them first. A kind that must remember
        something per device across processes (the last code used) keeps it here, with no column of its
        own."""
        sealed = self.part.vault.seal_json(secret, f"device:{device.id}")
        changed = self.connection.execute(
            update(devices)
            .where(devices.c.id == device.id, devices.c.sealed == device.sealed)
            .values(sealed=sealed)
        ).rowcount
        self._device = None  # changed, or found changed: read again when asked
        return bool(changed)


class GatewayKind:
    """A device kind's part on the gateway; subclasses override what their kind does differently."""

    listed_device = True
    wrong_text: Text = texts.LOGIN_FAILED
    other_device_text: Text | None = None
    wrong_keeps_challenge = False
    expired_keeps_challenge = False
    expired_text: Text = texts.CHALLENGE_EXPIRED
    switches: Mapping[str, str] = MappingProxyType({})
    resend_channels: tuple[str, ...] = ()
    temporary = False
    enrol_with_desk = False
    phishing_resistant = False
    """R13's order within a level: a phishing-resistant kind (the security key: its answer is bound to the
    gateway's origin) comes first among kinds of its level."""
    challenge_models: tuple[type[Challenge], ...] = ()
    """The models of the challenges this kind issues, for the OpenAPI document: one per shape, each a
    `_wire.Challenge` whose `kind` Literal lists the challenge kinds of that shape."""

    def __init__(self, name: str) -> None:
        self.kind = vocabulary.device_kind(name)

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def first_challenge(self) -> str:
        return self.kind.challenges[0].name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    # -- logging in --------------------------------------------------------------------------------------

    def issue(self, step: Step, challenge: str) -> Issued:
        raise NotImplementedError

    def check(self, step: Step, challenge: str, response: Any) -> bool | Wrong | Next | GatewayError:
        raise NotImplementedError

    def opening_challenge(self, step: Step) -> str:
        """The challenge kind choosing `step`'s device opens (by default the kind's first)."""
        return self.first_challenge

    def wrong(self, step: Step, challenge: str) -> Wrong:
        """How a wrong answer is told (`wrong_text`, LOGIN_FAILED): what to check on the device, with the
        values fit to show it needs — `serial`, the last characters of the device's serial (`tail`)."""
        values = {"serial": tail(step.device_id)}
        return Wrong("LOGIN_FAILED", self.wrong_text, {name: values[name] for name in self.wrong_text.params})

    def answers(self, step: Step, question: Mapping[str, Any], response: str) -> bool:
        """Whether `step`'s device (one of this kind, the user's own) would have answered another
        device's challenge `question` (that challenge's sealed secret: its digits, its indices) with
        `response`: a wrong answer typed from the wrong device of the user's own. Only a device that
        can take such a question says yes (a DSC+ takes 6 digits, an IB Key app 8). By default: no."""
        return False

    def from_other_device(self, used: Step, expected: Step) -> Wrong | None:
        """How a response that `used`'s device (this kind) made for `expected`'s challenge is told:
        `other_device_text` with `used` and `serial` (the two devices' tails); None: as any wrong one."""
        if self.other_device_text is None:
            return None
        values = {"used": tail(used.device_id), "serial": tail(expected.device_id)}
        return Wrong("LOGIN_FAILED", self.other_device_text, values)

    def succeeded(self, step: Step) -> list[str]:
        return []

    def usable(self, device: Row, status: str, now: float) -> bool:
        return status == "active"

    def offered(self, user: Row, usable: list[Row]) -> list[dict[str, Any]]:
        """The M2FS options for the user's usable `devices` rows of this kind: one per row by default."""
        return [LoginRows.option(device.id, device.kind) for device in usable]

    def other_options(self, connection: Connection, user: Row, now: float) -> list[str]:
        return []

    def resend(self, step: Step, channel: str) -> Issued:
        raise bad_request("Only a login with a code sent to a phone can send a new code.")

    def has_temporary(self, connection: Connection, user_id: int, now: float) -> bool:
        return False

    def end_temporary(self, connection: Connection, user_id: int, now: float) -> None:
        return None

    def activate_pending(self, connection: Connection, user_id: int, device: Row, now: float) -> bool:
        return False

    # -- enrolment at the desk ---------------------------------------------------------------------------

    def add_arguments(self, parser: Any) -> list[argparse.Action]:
        """Adds the kind's `device add` options to `parser` (an argument group of the kind's own)."""
        return []

    def desk_options(self, args: argparse.Namespace, read_stdin: Callable[[], str]) -> dict[str, Any]:
        return {}

    def enrol(self, username: str, now: float, **options: Any) -> Enrolment:
        raise EnrolmentError(f"a {self.name} device is not enrolled with device add")

    def enrolled(self, enrolment: Enrolment, args: argparse.Namespace, out: TextIO) -> None:
        return None

    def log_levels(self) -> dict[str, int]:
        """The levels a serving gateway gives the loggers of the libraries this part works with (`sls-gateway
        serve` logs INFO): logger name -> level. None by default."""
        return {}

    def desk_note(self, row: Mapping[str, Any], show: Callable[[float], str]) -> str | None:
        """The NOTE `device list` shows for one of this kind's devices (`row`: `ClientServices.list_devices`'
        dict; `show` writes a moment as the desk reads it), or None for the desk's own (activates, expires,
        active since)."""
        return None

    # -- helpers for the parts ---------------------------------------------------------------------------

    @staticmethod
    def answer(challenge: str, response: str) -> str | None:
        """The typed `response` normalised as the challenge kind's `ResponseFormat` says, or None if it
        has the wrong shape (a wrong answer, not a malformed request)."""
        form = vocabulary.challenge_kind(challenge).response
        if form is None:
            return None
        normalised = form.normalise(response)
        return normalised if form.format.check(normalised).ok else None

    def no_options(self, **options: Any) -> None:
        """Refuses options this kind does not take (a PIN for a card)."""
        given = sorted(name for name, value in options.items() if value is not None)
        if given:
            raise EnrolmentError(f"a {self.name} device takes no {', '.join(given)}")


def challenge_digits(question: Mapping[str, Any], length: int) -> str | None:
    """The digits of an earlier challenge (`question`, as the gateway keeps it) if a device that takes
    `length` digits could have been given them, else None (a DSC+ takes 6, the IB Key app 8)."""
    digits = question.get("challenge")
    if not isinstance(digits, str) or len(digits) != length or not digits.isdigit():
        return None
    return digits


def tail(device_id: str, length: int = 4) -> str:
    """The last `length` characters of a device's serial or id: enough for the trader to tell two devices
    apart by what is printed on them, shown after "…" (a serial is no secret)."""
    return device_id[-length:]


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def same(left: str | bytes, right: str | bytes) -> bool:
    """Constant-time comparison of an answer with what it must be."""
    if isinstance(left, str):
        left = left.encode("utf-8")
    if isinstance(right, str):
        right = right.encode("utf-8")
    return hmac.compare_digest(left, right)
