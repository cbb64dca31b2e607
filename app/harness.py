"""The one harness that plays the trader's devices (Qt-free): the users' device handles, each kind's
answer, and the one clock a test moves.

Each device kind's answer and handle are its app part (`trader_login.app.kinds`, loaded here through the
vocabulary's registry: a half-registered kind fails when this module is imported). The pytest plugin
(`app/testing.py`, `app/driving.py`), `--self-test`, the screenshots and the project's own tests all
answer a challenge through `answer_challenge`; a new kind is one new module in app/kinds, not edits here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from trader_login.app import kinds
from trader_login.app.kinds._base import Answer, AppKind
from trader_login.app.toolkit import (
    WAIT_SECONDS,
    ToolkitError,
    challenge_text,
    code_in_message,
    digits_of,
    dsc_response,
    indices_of,
)
from trader_login.auth import vocabulary
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PIN

__all__ = [
    "APP_KINDS",
    "WAIT_SECONDS",
    "Answer",
    "AppKind",
    "DeviceShelf",
    "HarnessClock",
    "LinkPhone",
    "MemoryKeychain",
    "ServicePhone",
    "ToolkitError",
    "User",
    "answer_challenge",
    "challenge_kind",
    "challenge_kinds_of",
    "challenge_text",
    "code_in_message",
    "device_kind",
    "digits_of",
    "dsc_response",
    "indices_of",
    "push_requests",
    "sign_decision",
]

# Every kind's part, by device kind: fails loudly here, at import, for a half-registered kind.
APP_KINDS: Mapping[str, AppKind] = kinds.load()


# --- one clock for the gateway and the windows ----------------------------------------------------------


class HarnessClock:
    """The test's time: the gateway's wall clock (call it: Unix time in seconds, a float), the windows'
    wall clock (the same call) and their monotonic clock (`.monotonic`), all standing still until
    `advance(seconds)` moves them together. Also the gateway's tests' clock double: any `Callable[[],
    float]` clock parameter takes it.

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


# --- where the devices are --------------------------------------------------------------------------------


class GatewayLike(Protocol):
    """What the shelf uses of `trader_login.auth.gateway.gateway.Gateway`."""

    desk: Any
    clock: Callable[[], float]
    store: Any  # the IB Key handle reads a push's number from its row

    @property
    def device_dir(self) -> Path: ...


class PushPhone(Protocol):
    """How the IB Key phone reaches the gateway to see and answer a notification."""

    def waiting(self, app: Any, *, timeout: float) -> list[Any]:
        """The notifications waiting for `app` (PushRequest, oldest first), after waiting up to `timeout` s
        for one to arrive (timeout=0: one look; [] when none)."""
        ...

    def answer(self, app: Any, request: Any, decision: str, number: int | None = None) -> str:
        """Sends the phone's signed "approve" (with the picked `number` when the push has numbers), "deny"
        or "report"; returns the gateway's status ("approved" or "denied")."""
        ...


class LinkPhone:
    """The phone over HTTPS, with signed requests, as the emulator's phone talks to any gateway."""

    def __init__(self, url: str, fingerprint: str) -> None:
        self.url, self.fingerprint = url, fingerprint

    def __repr__(self) -> str:
        return f"LinkPhone(url={self.url!r})"

    def waiting(self, app: Any, *, timeout: float) -> list[Any]:
        from trader_login.auth.client.device_link import PhoneLink

        with PhoneLink(self.url, fingerprint=self.fingerprint) as link:
            return _wait_for(lambda: link.pending_pushes(app), timeout)

    def answer(self, app: Any, request: Any, decision: str, number: int | None = None) -> str:
        from trader_login.auth.client.device_link import PhoneLink

        with PhoneLink(self.url, fingerprint=self.fingerprint) as link:
            return str(link.decide(app, request, decision, number=number))


class ServicePhone:
    """The phone through the gateway's service layer (no HTTP), for the gateway's own tests."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def __repr__(self) -> str:
        return "ServicePhone()"

    def waiting(self, app: Any, *, timeout: float) -> list[Any]:
        return _wait_for(lambda: push_requests(self.service, app.device_id), timeout)

    def answer(self, app: Any, request: Any, decision: str, number: int | None = None) -> str:
        signed = sign_decision(app, request, decision, number)
        extra = {} if number is None else {"number": number}
        reply = self.service.decide_push(
            app.device_id, request.transaction_id, signed.decision, signed.signature, **extra
        )
        return str(reply["status"])


def sign_decision(app: Any, request: Any, decision: str, number: int | None = None) -> Any:
    """The IB Key app's signed PushDecision for "approve" (with `number`), "deny" or "report"."""
    if decision == "approve":
        return app.approve(request) if number is None else app.approve(request, number=number)
    if decision == "deny":
        return app.deny(request)
    if decision == "report":
        return app.report(request)
    raise ToolkitError(f"a push decision is approve, deny or report, not {decision!r}")


def push_requests(service: Any, device_id: str) -> list[Any]:
    """The notifications waiting for a device, as the IB Key app reads them from the service layer (with
    the three numbers the phone shows when the gateway matches numbers)."""
    return [push_request_of(item) for item in service.pending_pushes(device_id)]


def push_request_of(item: Mapping[str, Any]) -> Any:
    """A PushRequest from one item of the gateway's pending pushes (its service layer's dicts)."""
    import base64

    from trader_login.auth.devices.ibkey import PushRequest

    numbers = tuple(int(number) for number in item.get("numbers") or ())
    return PushRequest(
        item["transaction_id"],
        item["username"],
        base64.b64decode(item["nonce"]),
        int(item["created_at"]),
        item.get("summary") or "",
        **({"numbers": numbers} if numbers else {}),
    )


def _wait_for(fetch: Callable[[], list[Any]], timeout: float) -> list[Any]:
    # The test's thread waits here, not the window's: the notification is on the gateway before its page
    # shows, so this returns on the first look unless something is wrong. timeout=0: one look.
    deadline = time.monotonic() + timeout
    while not (found := fetch()):
        if time.monotonic() >= deadline:
            return []
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
    # What a kind's part keeps for as long as the shelf lives, by the part's own key (the passkey part's
    # one loaded instance of each virtual key, shared by the handles, the windows and the emulators).
    live: dict[str, Any] = field(default_factory=dict)

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

    def now(self) -> float:
        """The gateway's time (Unix seconds; the harness's clock in a test): what a time-based code is
        computed at."""
        return self.gateway.clock()

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
        return device_kind(kind).list_ids(self.gateway.desk, user)

    def user(self, name: str, *, must_exist: bool = True) -> User:
        """The user's handle; `must_exist=False` for a name the login is to be refused (R1, R2)."""
        if must_exist and not self.gateway.desk.has_user(name):
            raise ToolkitError(f"the gateway has no user {name!r}")
        return User(self, name)


class MemoryKeychain:
    """A keychain kept in memory (`get`, `set`, `delete`): the test computer's, where the windows of the
    harness keep their restart keys (issue 19), so that nothing reaches the machine's own keychain. One
    per test: the windows that share it are one computer. Its values (private keys) are never shown."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"MemoryKeychain({len(self._values)} entries)"

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"keychain values are str, not {type(value).__name__}")
        self._values[key] = value

    def delete(self, key: str) -> None:
        self._values.pop(key, None)

    def keys(self) -> list[str]:
        """The entries' names (never their values)."""
        return sorted(self._values)

    def fallback_notice(self) -> None:
        return None  # in memory: there is no fallback file to speak of


# --- the trader's devices ---------------------------------------------------------------------------------


class User:
    """One user's devices, as the trader holds them: one handle per device kind, named by the kind's app
    part — `.dscplus`, `.ibkey`, `.phone`, `.card`, `.online_card`, `.temp_passcode`. A device the user
    does not have raises ToolkitError when used."""

    def __init__(self, shelf: DeviceShelf, name: str) -> None:
        self.name = name
        self.shelf = shelf  # where the devices are (not part of the testers' contract)

    def __repr__(self) -> str:
        return f"User({self.name!r})"

    def __getattr__(self, handle: str) -> Any:
        # Made afresh on each use, as the devices are loaded afresh: a passcode issued since is the one seen.
        for part in APP_KINDS.values():
            if part.handle == handle:
                return part.make_handle(self.shelf, self.name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {handle!r}")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *(part.handle for part in APP_KINDS.values())})

    def answer(self, kind: str, challenge: str = "") -> str | None:
        """The answer to a challenge of `kind` (the page's `challengeKind`) showing `challenge` (the
        `challengeLabel` text); None when the answer is given on the device itself (a push approved)."""
        return challenge_kind(kind).answer(self, challenge)

    @property
    def restart_grant(self) -> dict[str, Any] | None:
        """The user's restart grant in force as the gateway has it (the desk's `sls-gateway restart-grant
        list` row: `id`, `mode`, `label`, `device_kind`, `status` "active", `created_at`, `cutoff_at`,
        `last_used_at`, …; the newest when there is one per mode), or None: none made, or it ended (at
        the cut-off, forgotten, revoked, a password or device change). Read afresh on each use."""
        grants = self.shelf.gateway.desk.restart_grants(self.name)
        return next((grant for grant in grants if grant["status"] == "active"), None)


# --- the kinds, as the parts answer -------------------------------------------------------------------------


def challenge_kind(name: str) -> Answer:
    """How the harness answers a page of challenge kind `name` (`.answer(user, text)`, `.on_device`)."""
    try:
        return kinds.part_of_challenge(name).answers[name]
    except vocabulary.KindRegistryError:
        raise ToolkitError(f"the harness cannot answer a {name!r} page") from None


def device_kind(name: str) -> AppKind:
    """The app part of device kind `name`."""
    try:
        return APP_KINDS[name]
    except KeyError:
        known = ", ".join(APP_KINDS)
        raise ToolkitError(f"device kind must be one of {known}, not {name!r}") from None


def challenge_kinds_of(device: str) -> tuple[str, ...]:
    """The pages a device answers (`ibkey`: the notification and the challenge/response)."""
    return tuple(device_kind(device).answers)


def answer_challenge(user: User, kind: str, challenge: str = "") -> str | None:
    """The one place a challenge is answered by kind; see `User.answer`."""
    return user.answer(kind, challenge)
