"""What every kind's app part is (`AppKind`) and the pieces the parts share: a harness answer (`Answer`),
a console page for a typed response (`TypedPrompt`), a console command beside it (`Command`), and the
emulators window's picture of a login following the kind (`FollowingShot`).

Light on purpose: the console and the window load every part at start, and the desktop bundle carries
them, so a part imports nothing heavy (no Qt, no gateway, no pytest) until one of its methods runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Protocol

from trader_login.auth import vocabulary

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import Challenge, LoginView


# --- the harness --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """How the testers' harness answers one kind of second-factor page (the page's `challengeKind`):
    `answer(user, challenge)` is the text to type, or None when the device answers by itself
    (`on_device`: the IB Key notification, approved on the phone; nothing is typed)."""

    name: str
    device: str
    answer: Callable[[Any, str], str | None]
    on_device: bool = False


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
    - `screenshots(shots)`: its pages for `make screenshots`; `following`: its emulators picture.
    """

    device: str = ""
    handle: str = ""
    answers: Mapping[str, Answer] = MappingProxyType({})
    console: Mapping[str, ConsolePage] = MappingProxyType({})
    console_keys: Sequence[tuple[str, str]] = ()
    following: FollowingShot | None = None

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
