"""What every kind's app part is (`AppKind`) and the pieces the parts share: a harness answer (`Answer`),
a console page for a typed response (`TypedPrompt`), a console command beside it (`Command`), the
emulators window's picture of a login following the kind (`FollowingShot`), and the kind's device on the
terminal (`TerminalDevice`, run by `trader-login device KIND`: `app/device_command.py`).

Light on purpose: the console and the window load every part at start, and the desktop bundle carries
them, so a part imports nothing heavy (no Qt, no gateway, no pytest) until one of its methods runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from trader_login.auth import texts, vocabulary

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import Challenge, LoginView


# --- the harness --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """How the testers' harness answers one kind of second-factor page (the page's `challengeKind`):
    `answer(user, challenge)` is the text to type, or None when the device answers by itself
    (`on_device`: the IB Key notification, approved on the phone; a security key touched; nothing is
    typed). `press` names a button of the page the harness clicks first (the security key's
    registerSecurityKeyButton, which starts the ceremony the touch answers)."""

    name: str
    device: str
    answer: Callable[[Any, str], str | None]
    on_device: bool = False
    press: str | None = None


@dataclass(frozen=True)
class FollowingShot:
    """The picture of the emulators window following a login of this kind (docs/screenshots/following/):
    `user` logs in, the emulator tab `tab` comes forward; `ready(child)` does what the trader does first
    and says what to wait for, as (condition, what) pairs; `child(type, object_name)` finds a widget of
    the emulators window."""

    name: str
    user: str
    tab: str
    ready: Callable[[Callable[[type, str], Any]], list[tuple[Callable[[], bool], str]]] = lambda _child: []


# --- the console --------------------------------------------------------------------------------------------


class Terminal(Protocol):
    """What a console page uses of `app.console_login.Terminal`."""

    def say(self, text: str = "") -> None: ...
    def ask(self, prompt: str) -> str: ...
    def status(self, text: str) -> None: ...
    def end_status(self) -> None: ...
    def line_waiting(self) -> bool: ...


class ConsolePage(Protocol):
    """One second-factor page on the console: asks, then returns the flow's next view."""

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView: ...


@dataclass(frozen=True)
class Command:
    """A key typed instead of a response (`r` = read only, `s` = a new code by SMS): `hint` is how the
    prompt names it, `run(key)` what it does."""

    keys: tuple[str, ...]
    hint: str
    run: Callable[[str], LoginView]


@dataclass(frozen=True)
class TypedPrompt:
    """A page answered by typing: the instructions, then a prompt named `name`. The typed text goes to the
    flow as it is (the flow normalises and checks it); `commands` adds the kind's own keys."""

    name: str
    instructions: Callable[[Challenge], str]
    commands: Callable[[LoginFlow, Challenge], list[Command]] = field(default=lambda _flow, _challenge: [])

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView:
        challenge = view.challenge
        assert challenge is not None  # a SECOND_FACTOR page always has one
        if view.error_code:  # "Login failed", an expired challenge, a wait: said before the new challenge
            terminal.say(view.message)
        terminal.say(self.instructions(challenge))
        commands = self.commands(flow, challenge)
        if view.read_only_available:
            commands.append(Command(("r",), "r = read only", lambda _key: flow.enter_read_only()))
        hint = f" ({'; '.join(command.hint for command in commands)})" if commands else ""
        typed = terminal.ask(f"{self.name}{hint}: ").strip()
        for command in commands:
            if typed.lower() in command.keys:
                return command.run(typed.lower())
        return flow.respond(typed)


def ask_shaped(
    flow: LoginFlow,
    terminal: Terminal,
    view: LoginView,
    name: str,
    notes: Callable[[], list[str]] = list,
) -> LoginView:
    """Asks for a typed answer named `name` until it has the standing challenge kind's shape, and sends it;
    a wrongly shaped one is told and not sent (not an attempt, R3). `notes` (asked anew at each prompt: a
    countdown) go in the prompt's brackets, "r = read only" after them where it is offered."""
    challenge = view.challenge
    assert challenge is not None  # a SECOND_FACTOR page always has one
    form = vocabulary.challenge_kind(challenge.kind).response
    while True:
        shown = notes() + (["r = read only"] if view.read_only_available else [])
        hint = f" ({'; '.join(shown)})" if shown else ""
        typed = terminal.ask(f"{name}{hint}: ").strip()
        if typed.lower() == "r" and view.read_only_available:
            return flow.enter_read_only()
        if form is None or form.check(typed).ok:
            return flow.respond(typed)
        terminal.say(texts.message(form.message).english)


# --- the device on the terminal (`trader-login device KIND`) -------------------------------------------


class DeviceCommandError(Exception):
    """What `trader-login device` could not do, as the trader reads it: `message` (never a secret) and
    the exit status, 1 for a refusal or a failure (a wrong PIN, no notification waiting), 2 for bad input
    (a malformed challenge, an index out of range, a file that is not a device file): nothing changed."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class DeviceConsole(Protocol):
    """The terminal a device command talks to (`app.device_command.Console`)."""

    def say(self, text: str = "") -> None: ...
    def ask(self, prompt: str) -> str: ...
    def secret(self, prompt: str) -> str:
        """A line read without echo on a terminal (getpass); from stdin as it is when stdin is not one."""
        ...

    def confirm(self, question: str) -> bool:
        """`question [y/N]: `; True only for y or yes."""
        ...


@dataclass(frozen=True)
class HeldDevice:
    """The device the trader holds, loaded from its file: `--file FILE`, or the shelf's
    `<user>-<kind>.json` for `--user` (`user` is then its user)."""

    model: Any = field(repr=False)
    path: Path
    user: str | None = None


class DeviceContext(Protocol):
    """What `trader-login device` gives a kind's terminal device: the console, the device file, the
    gateway's phone side (IB Key notifications; the SMS outbox where it can be reached) and the clocks."""

    console: DeviceConsole

    def device(self, kinds: Sequence[str]) -> HeldDevice:
        """The device named on the command line (one of `kinds`); DeviceCommandError when there is none or
        the file is not a device file of those kinds."""
        ...

    def save(self, held: HeldDevice) -> None:
        """Writes the device back to its file (a DSC+'s wrong-PIN count); DeviceCommandError if it fails."""
        ...

    def check_writable(self, held: HeldDevice, why: str) -> None:
        """DeviceCommandError unless the device's file can be written back (`why` says what it keeps)."""
        ...

    def phone_link(self) -> Any:
        """The IB Key phone's side of the gateway: `pending_pushes(app)` and `decide(app, push, approve)`
        (over HTTPS with --gateway, else the embedded gateway's objects in the data directory); a
        refusal or an unreachable gateway is DeviceCommandError."""
        ...

    def outbox(self, number: str) -> list[dict[str, Any]]:
        """The texts and calls the gateway sent to `number`, oldest first (`channel`, `text`, `at`);
        DeviceCommandError where the outbox cannot be reached (a remote gateway)."""
        ...

    def clock(self) -> float:
        """The monotonic clock a device keeps (the DSC+'s auto-off)."""
        ...

    def wall_clock(self) -> float:
        """Unix time (an authenticator's codes)."""
        ...

    def moment(self, unix: float) -> str:
        """A moment as the console writes it (`auth.moments.show`)."""
        ...

    def pause(self, seconds: float) -> None:
        """Waits that long (between two looks at the gateway)."""
        ...


class TerminalDevice:
    """A kind's device on the terminal: `trader-login device <kind> …`. `summary` is its line in
    `trader-login device --help`, `examples` the lines of its own `--help`; `add_arguments(parser)` adds
    its arguments (the command adds --user/--file and the gateway's options); `run(context, args)` does
    what the trader does on the device and returns the exit status, or raises DeviceCommandError."""

    summary: str = ""
    examples: Sequence[str] = ()

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """None by default."""

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        raise NotImplementedError


# --- the part -----------------------------------------------------------------------------------------------


class AppKind:
    """A device kind's part in the harness and the console (`APP_KIND` of `app/kinds/<module>.py`).

    - `device`: the vocabulary's device kind; `handle`: the attribute of the testers' `User` that holds
      the trader's device (`user.phone`), made by `make_handle(shelf, user)`;
    - `answers`: for each challenge kind of the device, the harness's answer;
    - `console`: for each challenge kind, the console page; `console_keys`: the keys it explains in
      `trader-login --help`; `add_options(parser)`: command-line options the kind adds;
    - `desk_options(given)` and `issue(desk, user, given)`: how `SlsGateway.add_user(devices=…)` issues
      one (`given`: add_user's `pin` and `phone`); `list_ids(desk, user)`: its ids in the M2FS list;
    - `screenshots(shots)`: its pages for `make screenshots`; `following`: its emulators picture;
    - `terminal_device`: its device on the terminal (`trader-login device <kind>`), or None with
      `no_terminal_device` saying why and what the trader does instead.
    """

    device: str = ""
    handle: str = ""
    answers: Mapping[str, Answer] = MappingProxyType({})
    console: Mapping[str, ConsolePage] = MappingProxyType({})
    console_keys: Sequence[tuple[str, str]] = ()
    following: FollowingShot | None = None
    terminal_device: TerminalDevice | None = None
    no_terminal_device: str = "it has no device of its own to emulate on the terminal"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.device!r})"

    @property
    def kind(self) -> vocabulary.DeviceKind:
        return vocabulary.device_kind(self.device)

    def make_handle(self, shelf: Any, user: str) -> Any:
        raise NotImplementedError

    def desk_options(self, given: Mapping[str, str]) -> dict[str, Any]:
        return {}

    def issue(self, desk: Any, user: str, given: Mapping[str, str]) -> Any:
        """Client Services issues the device (`desk.add_device`); returns the device model."""
        return desk.add_device(user, self.device, **self.desk_options(given))

    def list_ids(self, desk: Any, user: str) -> list[str]:
        """The ids under which the user's device appears in the M2FS list (`deviceList`)."""
        return [row["id"] for row in desk.list_devices(user) if row["kind"] == self.device]

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Adds the kind's `trader-login` options (none by default)."""

    def screenshots(self, shots: Any) -> None:
        """Takes the kind's pictures with `app.screenshots.Screens` (none by default)."""
