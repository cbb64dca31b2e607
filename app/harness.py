"""The one harness that plays the trader's devices (Qt-free): the table of challenge kinds and how each is
answered, the reader of a texted or spoken code, the users' device handles, and the one clock a test moves.

The pytest plugin (`app/testing.py`, `app/driving.py`), `--self-test`, the screenshots and the project's own
tests all answer a challenge through `answer_challenge`; a new kind is one `register_challenge_kind` call
(and one `register_device_kind` for the device the desk issues), not edits across the drivers.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PIN

WAIT_SECONDS = 30.0  # a safety net for a loaded machine, never an expectation


class ToolkitError(AssertionError):
    """A step the toolkit could not take (no notification arrived, no such user, a login that failed),
    with what the window or the gateway said. An AssertionError, so pytest shows it as a test failure."""


# --- one clock for the gateway and the windows ----------------------------------------------------------


class HarnessClock:
    """The test's time: the gateway's wall clock (call it), the windows' wall clock (the same call) and
    their monotonic clock (`.monotonic`), all standing still until `advance` moves them together.

    Frozen rather than real: a countdown reads "3 min 0 s" and a resend delay "30 seconds" however loaded
    the machine is, and a lockout of 24 hours ends by `advance(86401)`."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self.monotonic = _MonotonicView(self, time.monotonic())

    def __call__(self) -> float:
        return self.now

    def __repr__(self) -> str:
        return f"HarnessClock(now={self.now!r})"

    def advance(self, seconds: float) -> None:
        """Moves every clock of the test on by `seconds`."""
        if seconds < 0:
            raise ToolkitError("time only moves forward")
        self.now += seconds
        self.monotonic.now += seconds


class _MonotonicView:
    """The windows' monotonic clock (countdowns, resend delays): `advance` moves the whole HarnessClock,
    so no caller can move one clock without the others."""

    def __init__(self, owner: HarnessClock, start: float) -> None:
        self._owner = owner
        self.now = start

    def __call__(self) -> float:
        return self.now

    def __repr__(self) -> str:
        return f"HarnessClock.monotonic(now={self.now!r})"

    def advance(self, seconds: float) -> None:
        self._owner.advance(seconds)


# --- reading a code, working a DSC+ ----------------------------------------------------------------------

_SPOKEN = re.compile(r"code is ([0-9](?:, [0-9])*)\.")
_TEXTED = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


def code_in_message(text: str) -> str | None:
    """The security code of a text ("…code 123456…") or a voice call ("…code is 1, 2, 3, 4, 5, 6."), as
    the trader reads or hears it; None when the message carries none."""
    spoken = _SPOKEN.search(text)
    if spoken:
        return spoken.group(1).replace(", ", "")
    texted = _TEXTED.findall(text)
    return texted[0] if len(texted) == 1 else None


def dsc_response(dsc: Any, challenge: str, pin: str = DEMO_PIN) -> str:
    """What a trader does on the DSC+ (R6): the button, the PIN, OK, the challenge, OK; the LCD's answer."""
    dsc.press_button()
    if dsc.display != "PIN>":
        raise ToolkitError(f"the DSC+ shows {dsc.display!r}, not PIN>")
    for key in pin:
        dsc.press_key(key)
    dsc.press_ok()
    if dsc.display != "CHALLNG>":
        raise ToolkitError(f"the DSC+ refused the PIN: it shows {dsc.display!r}")
    for key in challenge:
        dsc.press_key(key)
    dsc.press_ok()
    return dsc.display


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def indices_of(text: str) -> tuple[int, int]:
    """The two card index values of a `challengeLabel` text ("12 · 87") or of "12 87"."""
    found = [int(n) for n in re.findall(r"[0-9]+", text)]
    if len(found) != 2:
        raise ToolkitError(f"expected two index values in {text!r}")
    return found[0], found[1]


def challenge_text(digits: str | None = None, indices: Iterable[int] | None = None) -> str:
    """A challenge as the window shows it, from the protocol's fields (a flow's or a gateway's step)."""
    if digits:
        return digits
    if indices is not None:
        return " · ".join(str(index) for index in indices)
    return ""


# --- where the devices are --------------------------------------------------------------------------------


class GatewayLike(Protocol):
    """What the shelf uses of `trader_login.auth.gateway.gateway.Gateway`."""

    desk: Any

    @property
    def device_dir(self) -> Path: ...


class PushPhone(Protocol):
    """How the IB Key phone reaches the gateway to see and answer a notification."""

    def decide(self, app: Any, *, approve: bool, timeout: float) -> None: ...


class LinkPhone:
    """The phone over HTTPS, with signed requests, as the emulator's phone talks to any gateway."""

    def __init__(self, url: str, fingerprint: str) -> None:
        self.url, self.fingerprint = url, fingerprint

    def __repr__(self) -> str:
        return f"LinkPhone(url={self.url!r})"

    def decide(self, app: Any, *, approve: bool, timeout: float) -> None:
        from trader_login.auth.client.device_link import PhoneLink

        with PhoneLink(self.url, fingerprint=self.fingerprint) as link:
            pushes = _wait_for(lambda: link.pending_pushes(app), timeout)
            link.decide(app, pushes[-1], approve)


class ServicePhone:
    """The phone through the gateway's service layer (no HTTP), for the gateway's own tests."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def __repr__(self) -> str:
        return "ServicePhone()"

    def decide(self, app: Any, *, approve: bool, timeout: float) -> None:
        request = _wait_for(lambda: push_requests(self.service, app.device_id), timeout)[-1]
        answer = app.approve(request) if approve else app.deny(request)
        decision = "approve" if approve else "deny"
        self.service.decide_push(app.device_id, request.transaction_id, decision, answer.signature)


def push_requests(service: Any, device_id: str) -> list[Any]:
    """The notifications waiting for a device, as the IB Key app reads them from the service layer."""
    import base64

    from trader_login.auth.devices.ibkey import PushRequest

    return [
        PushRequest(
            p["transaction_id"],
            p["username"],
            base64.b64decode(p["nonce"]),
            p["created_at"],
            p["summary"],
        )
        for p in service.pending_pushes(device_id)
    ]


def _wait_for(fetch: Callable[[], list[Any]], timeout: float) -> list[Any]:
    # The test's thread waits here, not the window's: the notification is on the gateway before its page
    # shows, so this returns on the first look unless something is wrong. timeout=0: one look.
    deadline = time.monotonic() + timeout
    while not (found := fetch()):
        if time.monotonic() >= deadline:
            raise ToolkitError(f"no IB Key notification reached the phone in {timeout:g} s")
        time.sleep(0.05)
    return found


@dataclass
class DeviceShelf:
    """The users' devices beside one gateway: the device files the desk wrote, the PINs and temporary
    passcodes it set, the texts and calls it sent, and the phone's way to it."""

    gateway: GatewayLike
    phone: PushPhone
    pins: dict[str, str] = field(default_factory=dict)
    passcodes: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"DeviceShelf({self.phone!r})"

    def path(self, user: str, kind: str) -> Path:
        return self.gateway.device_dir / f"{user}-{kind}.json"

    def device(self, user: str, kind: str) -> Any:
        """The device model, loaded afresh from its file (as the trader picks it up)."""
        path = self.path(user, kind)
        if not path.exists():
            raise ToolkitError(f"{user} has no {kind} device")
        return files.load(path)

    def pin(self, user: str) -> str:
        return self.pins.get(user, DEMO_PIN)

    def temp_passcode(self, user: str) -> str:
        if user in self.passcodes:
            return self.passcodes[user]
        return self.gateway.desk.demo_temp_passcode(user)

    def messages(self, phone_number: str) -> list[dict[str, Any]]:
        """The texts and calls sent to a number, newest last."""
        return self.gateway.desk.outbox(phone_number)

    def device_ids(self, user: str, kind: str) -> list[str]:
        """The ids under which the user's device of `kind` appears in the M2FS list (`deviceList`)."""
        fixed = device_kind(kind).list_id
        if fixed is not None:
            return [fixed]
        return [row["id"] for row in self.gateway.desk.list_devices(user) if row["kind"] == kind]

    def user(self, name: str, *, must_exist: bool = True) -> User:
        """The user's handle; `must_exist=False` for a name the login is to be refused (R1, R2)."""
        if must_exist and not self.gateway.desk.has_user(name):
            raise ToolkitError(f"the gateway has no user {name!r}")
        return User(self, name)


# --- the trader's devices ---------------------------------------------------------------------------------


class User:
    """One user's devices, as the trader holds them: `.dscplus`, `.ibkey`, `.phone`, `.card`,
    `.online_card`, `.temp_passcode`. A device the user does not have raises ToolkitError when used."""

    def __init__(self, shelf: DeviceShelf, name: str) -> None:
        self.name = name
        self.shelf = shelf  # where the devices are (not part of the testers' contract)
        self.dscplus = DscPlusHandle(shelf, name)
        self.ibkey = IbKeyHandle(shelf, name)
        self.phone = PhoneHandle(shelf, name)
        self.card = CardHandle(shelf, name, "card")
        self.online_card = CardHandle(shelf, name, "online-card")

    def __repr__(self) -> str:
        return f"User({self.name!r})"

    @property
    def temp_passcode(self) -> str:
        """The temporary passcode Client Services last issued to this user (the demo seed's for tempuser)."""
        return self.shelf.temp_passcode(self.name)

    def answer(self, kind: str, challenge: str = "") -> str | None:
        """The answer to a challenge of `kind` (the page's `challengeKind`) showing `challenge` (the
        `challengeLabel` text); None when the answer is given on the device itself (a push approved)."""
        return challenge_kind(kind).answer(self, challenge)


class DscPlusHandle:
    def __init__(self, shelf: DeviceShelf, name: str) -> None:
        self._shelf, self._name = shelf, name

    def respond(self, challenge: str) -> str:
        """The 8-digit response the DSC+ shows for a 6-digit challenge (R6: button, PIN, OK, challenge,
        OK)."""
        device = self._shelf.device(self._name, "dscplus")
        return dsc_response(device, digits_of(challenge), self._shelf.pin(self._name))


class IbKeyHandle:
    def __init__(self, shelf: DeviceShelf, name: str) -> None:
        self._shelf, self._name = shelf, name

    def respond(self, challenge: str) -> str:
        """IB Key's "Authenticate": the 8-digit response to an 8-digit challenge."""
        return self._shelf.device(self._name, "ibkey").respond(digits_of(challenge))

    def approve(self, timeout: float = WAIT_SECONDS) -> None:
        """Approves the login's notification on the phone (waits up to `timeout` s for it to arrive)."""
        self._shelf.phone.decide(self._shelf.device(self._name, "ibkey"), approve=True, timeout=timeout)

    def deny(self, timeout: float = WAIT_SECONDS) -> None:
        """Denies the login's notification: the window says "Login failed" and sends another."""
        self._shelf.phone.decide(self._shelf.device(self._name, "ibkey"), approve=False, timeout=timeout)


class PhoneHandle:
    def __init__(self, shelf: DeviceShelf, name: str) -> None:
        self._shelf, self._name = shelf, name

    @property
    def number(self) -> str:
        return self._shelf.device(self._name, "sms").number

    def last_code(self) -> str:
        """The code of the newest text or voice call to the user's phone, as the trader reads or hears it."""
        messages = self._shelf.messages(self.number)
        if not messages:
            raise ToolkitError(f"{self._name}'s phone has received nothing")
        code = code_in_message(messages[-1]["text"])
        if code is None:
            raise ToolkitError("the newest message carries no code")
        return code


class CardHandle:
    def __init__(self, shelf: DeviceShelf, name: str, kind: str) -> None:
        self._shelf, self._name, self._kind = shelf, name, kind

    def response(self, challenge_text: str) -> str:
        """The codes at the two index values the login shows (e.g. the `challengeLabel` text "12 · 87"),
        one after the other without a space (R7)."""
        return self._shelf.device(self._name, self._kind).response(*indices_of(challenge_text))


# --- the table of kinds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeKind:
    """One kind of second-factor page (the protocol's challenge kind, the page's `challengeKind`): which
    device answers it and how. `answer` returns the text to type, or None when the device answers itself
    (the IB Key notification, approved on the phone)."""

    name: str
    device: str
    answer: Callable[[User, str], str | None]
    on_device: bool = False  # answered on the device itself, nothing typed (the page waits by itself)


@dataclass(frozen=True)
class DeviceKind:
    """One kind of device the desk issues (`add_user(devices=…)`, `log_in(device=…)`): the desk's options
    for it from `add_user`'s arguments, and whether it needs activating once issued."""

    name: str
    desk_options: Callable[[Mapping[str, str]], dict[str, str]] = lambda _given: {}
    activate: bool = False
    issued_by_desk: bool = True  # False: not a device one adds (a temporary passcode is issued, R9)
    list_id: str | None = None  # its fixed id in the M2FS list, for a kind that is not a device row


CHALLENGE_KINDS: dict[str, ChallengeKind] = {}
DEVICE_KINDS: dict[str, DeviceKind] = {}


def register_challenge_kind(kind: ChallengeKind) -> ChallengeKind:
    """Adds a kind to the table; a name registered twice, or a device not registered, is an error."""
    if kind.name in CHALLENGE_KINDS:
        raise ValueError(f"challenge kind {kind.name!r} is registered already")
    if kind.device not in DEVICE_KINDS:
        raise ValueError(f"challenge kind {kind.name!r} names an unknown device {kind.device!r}")
    CHALLENGE_KINDS[kind.name] = kind
    return kind


def register_device_kind(kind: DeviceKind) -> DeviceKind:
    if kind.name in DEVICE_KINDS:
        raise ValueError(f"device kind {kind.name!r} is registered already")
    DEVICE_KINDS[kind.name] = kind
    return kind


def challenge_kind(name: str) -> ChallengeKind:
    try:
        return CHALLENGE_KINDS[name]
    except KeyError:
        raise ToolkitError(f"the harness cannot answer a {name!r} page") from None


def device_kind(name: str) -> DeviceKind:
    try:
        return DEVICE_KINDS[name]
    except KeyError:
        known = ", ".join(sorted(DEVICE_KINDS))
        raise ToolkitError(f"device kind must be one of {known}, not {name!r}") from None


def challenge_kinds_of(device: str) -> tuple[str, ...]:
    """The pages a device answers (`ibkey`: the notification and the challenge/response)."""
    device_kind(device)
    return tuple(kind.name for kind in CHALLENGE_KINDS.values() if kind.device == device)


def answer_challenge(user: User, kind: str, challenge: str = "") -> str | None:
    """The one place a challenge is answered by kind; see `User.answer`."""
    return user.answer(kind, challenge)


def _approve(user: User, _challenge: str) -> None:
    user.ibkey.approve()


register_device_kind(DeviceKind("dscplus", desk_options=lambda given: {"pin": given["pin"]}))
register_device_kind(DeviceKind("ibkey"))
register_device_kind(DeviceKind("card"))
register_device_kind(DeviceKind("online-card", activate=True))
register_device_kind(DeviceKind("sms", desk_options=lambda given: {"phone": given["phone"]}))
register_device_kind(DeviceKind("temp_passcode", issued_by_desk=False, list_id="temp-passcode"))

register_challenge_kind(ChallengeKind("dscplus", "dscplus", lambda u, c: u.dscplus.respond(c)))
register_challenge_kind(ChallengeKind("ibkey_push", "ibkey", _approve, on_device=True))
register_challenge_kind(ChallengeKind("ibkey_challenge", "ibkey", lambda u, c: u.ibkey.respond(c)))
register_challenge_kind(ChallengeKind("card", "card", lambda u, c: u.card.response(c)))
register_challenge_kind(ChallengeKind("online-card", "online-card", lambda u, c: u.online_card.response(c)))
register_challenge_kind(ChallengeKind("sms", "sms", lambda u, _c: u.phone.last_code()))
register_challenge_kind(ChallengeKind("temp_passcode", "temp_passcode", lambda u, _c: u.temp_passcode))
