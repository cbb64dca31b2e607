"""The authenticator app (TOTP, RFC 6238: 6 digits, 30 s): its harness answer and handle `user.totp`, its
console page and the console's `--totp-uri-file FILE` for unattended logins, its screenshots.

The gateway takes a step's code once (a second login in the same 30 s step is refused as a reused code)
and accepts the next step's code too. So the harness remembers, per device, the last step it answered:
the current step's code first, the next step's when the current one was used, and then it asks the
test to move the clock on rather than send a code the gateway would refuse (and count, R3).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import stat
import sys
import weakref
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trader_login.app.kinds._base import (
    Answer,
    AppKind,
    DeviceContext,
    FollowingShot,
    Terminal,
    TerminalDevice,
    ask_shaped,
)
from trader_login.app.toolkit import ToolkitError
from trader_login.auth import texts

if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import Challenge, LoginView
    from trader_login.auth.devices.totp import Authenticator

KIND = "totp"  # the device kind and its one challenge kind
URI_FILE_LIMIT = 4096  # bytes read from --totp-uri-file: an otpauth URI is at most 1024 characters
INSTRUCTIONS = "Open your authenticator app and enter the 6-digit code it shows for Trader Login."


# --- the harness ------------------------------------------------------------------------------------------


class _AnsweredSteps:
    """The last step the harness answered, per device, for as long as the shelf (one per gateway) lives."""

    def __init__(self) -> None:
        self._by_shelf: dict[int, dict[tuple[str, str], int]] = {}

    def of(self, shelf: Any) -> dict[tuple[str, str], int]:
        key = id(shelf)
        if key not in self._by_shelf:
            self._by_shelf[key] = {}
            weakref.finalize(shelf, self._by_shelf.pop, key, None)
        return self._by_shelf[key]


_ANSWERED = _AnsweredSteps()


def _model() -> Any:
    """`auth.devices.totp`, imported on first use: the window's first paint loads this part, not the model
    (nor the OTP code and cryptography it brings)."""
    from trader_login.auth.devices import totp

    return totp


_MODEL_NAMES = frozenset({"PERIOD", "Authenticator", "TotpUriError", "step_at"})


def __getattr__(name: str) -> Any:
    """The model's names this module has always offered (`step_at`, `PERIOD`…), imported on first use."""
    if name in _MODEL_NAMES:
        return getattr(_model(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _device_key(user: str, app: Authenticator) -> tuple[str, str]:
    # A device enrolled again (a new secret) starts afresh; the secret itself is not kept.
    return user, hashlib.sha256(app.secret).hexdigest()[:16]


class TotpHandle:
    """`user.totp`: the trader's authenticator app, as enrolled by the desk (`<user>-totp.json`)."""

    def __init__(self, shelf: Any, name: str) -> None:
        self._shelf, self._name = shelf, name

    def __repr__(self) -> str:  # no URI, no secret
        return f"TotpHandle({self._name!r})"

    def _app(self) -> Authenticator:
        return self._shelf.device(self._name, KIND)

    @property
    def uri(self) -> str:
        """The `otpauth://totp/…` URI the desk printed at enrolment (the QR code's text; it holds the
        secret)."""
        return self._app().uri

    def code(self, at: float | None = None) -> str:
        """The 6-digit code the app shows at the gateway's time (the test's one clock), or at `at` (Unix
        seconds)."""
        return self._app().code(self._shelf.now() if at is None else at)

    def answer(self) -> str:
        """The code the harness types: the current step's, or the next step's when the harness has
        answered the current one already (the gateway takes a step's code once and accepts the next
        step's). A third login in the same step raises ToolkitError: advance the clock."""
        app = self._app()
        now = self._shelf.now()
        model = _model()
        current = model.step_at(now)
        answered = _ANSWERED.of(self._shelf)
        key = _device_key(self._name, app)
        last = answered.get(key)
        step = current if last is None or last < current else last + 1
        if step > current + 1:
            raise ToolkitError(
                f"{self._name}'s authenticator codes of this 30 s step and of the next were used by two "
                "logins already, and the gateway refuses a code used before (the harness's clock stands "
                "still): advance the clock (sls_gateway.advance(30)) before the next login"
            )
        answered[key] = step
        return app.code(step * model.PERIOD)


# --- the console ------------------------------------------------------------------------------------------


class UriFile:
    """`--totp-uri-file FILE`, read and checked when the command line is parsed (before any network): the
    authenticator its otpauth URI describes. Its repr names the file only."""

    def __init__(self, path: str, app: Authenticator) -> None:
        self.path = path
        self._app = app
        self.sent: list[int] = []  # the steps whose codes this login sent from the file
        self.given_up = False  # refused: the trader types the code instead

    def __repr__(self) -> str:
        return f"UriFile({self.path!r})"

    def code(self, step: int) -> str:
        return self._app.code(step * _model().PERIOD)

    @classmethod
    def read(cls, path: str) -> tuple[UriFile, str | None]:
        """The file's authenticator and a warning (None: none), or ValueError with one line that never
        quotes the file's content."""
        where = Path(path)
        try:
            info = where.stat()
            if not stat.S_ISREG(info.st_mode):
                raise ValueError(f"{path} is not a file")
            with where.open("rb") as file:
                data = file.read(URI_FILE_LIMIT + 1)
        except OSError as error:
            raise ValueError(f"cannot read {path}: {error.strerror or type(error).__name__}") from None
        if len(data) > URI_FILE_LIMIT:
            raise ValueError(f"{path} is too large to hold an otpauth:// URI")
        try:
            app = _model().Authenticator.from_uri(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ValueError(f"{path} is not a text file holding an otpauth:// URI") from None
        except _model().TotpUriError as error:  # its text never holds the secret or the URI
            raise ValueError(f"{path}: {error}") from None
        warning = None
        if os.name == "posix" and info.st_mode & (stat.S_IRGRP | stat.S_IROTH):
            warning = (
                f"warning: {path} can be read by other users (mode {stat.S_IMODE(info.st_mode):04o}) and it "
                f"holds your second factor: chmod 600 {path}"
            )
        return cls(path, app), warning


class _UriFileOption(argparse.Action):
    """Reads the file as the command line is parsed: a bad one ends the program there, with one line and
    exit status 2, before any network."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        try:
            source, warning = UriFile.read(str(values))
        except ValueError as error:
            parser.exit(2, f"{parser.prog}: {option_string}: {error}\n")
        if warning is not None:
            print(f"{parser.prog}: {warning}", file=sys.stderr, flush=True)
        setattr(namespace, self.dest, source)


def seconds_left(flow: LoginFlow, challenge: Challenge) -> int | None:
    """The seconds until the trader's app shows the next code, on the flow's clock (the challenge's period
    anchor, `extra["period_start"]`); None for a challenge that does not say where its period began."""
    period, start = challenge.extra.get("period") or _model().PERIOD, challenge.extra.get("period_start")
    if start is None:
        return None
    return max(1, math.ceil(float(period) - ((flow.clock() - float(start)) % float(period))))


def _reused(view: LoginView) -> bool:
    """The gateway refused the code as one already used (LOGIN_FAILED told with `code_used`)."""
    return view.problem is not None and view.problem.id == texts.CODE_USED.id


class TotpPage:
    """The authenticator page on the console: the code typed (its shape checked before it is sent: a
    wrongly shaped code is not an attempt), or, with `--totp-uri-file`, computed from the file's URI."""

    name = "Authenticator code"

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView:
        source = getattr(options, "totp_uri_file", None)
        if isinstance(source, UriFile) and not source.given_up:
            sent = self.from_file(flow, terminal, view, source)
            if sent is not None:
                return sent
            return self.typed(flow, terminal, view, said=True)
        return self.typed(flow, terminal, view)

    def from_file(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, source: UriFile
    ) -> LoginView | None:
        """Sends the file's code: the current step's; after "code already used" (another login of this
        step), once, the next step's, which the gateway accepts. Any other refusal, or a second one: None
        (the trader is asked to type a code; unattended, the input ends there)."""
        current = _model().step_at(flow.wall_clock())
        if not source.sent:
            step: int | None = current
        elif _reused(view) and len(source.sent) == 1 and source.sent[0] <= current:
            step = max(current, source.sent[0] + 1)
            terminal.say(view.message)
        else:
            step = None
        if step is None:
            source.given_up = True
            terminal.say(view.message)
            terminal.say(f"The code from {source.path} was refused.")
            return None
        source.sent.append(step)
        terminal.say(f"{self.name}: from the otpauth URI in {source.path}")
        return flow.respond(source.code(step))

    def typed(self, flow: LoginFlow, terminal: Terminal, view: LoginView, *, said: bool = False) -> LoginView:
        challenge = view.challenge
        assert challenge is not None  # a SECOND_FACTOR page always has one
        if view.error_code and not said:  # "Login failed", a reused code: said before asking again
            terminal.say(view.message)
        terminal.say(INSTRUCTIONS)

        def countdown() -> list[str]:
            left = seconds_left(flow, challenge)
            return [f"new code in {left} s"] if left is not None else []

        return ask_shaped(flow, terminal, view, self.name, countdown)


# --- the device on the terminal -----------------------------------------------------------------------


class AuthenticatorDevice(TerminalDevice):
    """The authenticator app on the terminal: the code it shows now, and the seconds until the next."""

    summary = "authenticator app (TOTP): the code it shows now"
    examples = ("trader-login device totp --user totpuser",)

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        app: Authenticator = context.device((KIND,)).model
        now = context.wall_clock()
        period = _model().PERIOD
        left = max(1, math.ceil(period - now % period))
        context.console.say(f"Code: {app.code(now)} (new code in {left} s)")
        return 0


# --- the part ---------------------------------------------------------------------------------------------


def _answer(user: Any, _challenge: str) -> str:
    return user.totp.answer()


def _following_ready(child: Any) -> list[tuple[Any, str]]:
    from PySide6.QtWidgets import QLabel

    code = child(QLabel, "totpCodeLabel")
    return [(lambda: any(ch.isdigit() for ch in code.text()), "the code in the authenticator app")]


class TotpKind(AppKind):
    device = KIND
    handle = "totp"
    answers = MappingProxyType({KIND: Answer(KIND, KIND, _answer)})
    console = MappingProxyType({KIND: TotpPage()})
    console_keys = (
        (
            "authenticator page",
            "the 6-digit code your authenticator app shows; --totp-uri-file FILE sends it unattended",
        ),
    )
    following = FollowingShot("totp", "totpuser", "totpTab", _following_ready)
    terminal_device = AuthenticatorDevice()

    def make_handle(self, shelf: Any, user: str) -> TotpHandle:
        return TotpHandle(shelf, user)

    def desk_options(self, given: Any) -> dict[str, Any]:
        return {}  # nothing to give: the desk makes the secret (its URI and QR code are the trader's)

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--totp-uri-file",
            metavar="FILE",
            action=_UriFileOption,
            help="--console, unattended: the authenticator code is computed from the otpauth:// URI in FILE "
            "(the second factor then lives in that file: keep it readable by you alone)",
        )

    def screenshots(self, shots: Any) -> None:
        shots.log_in("totpuser")
        shots.save("16-totp")
        shots.cancel()


APP_KIND = TotpKind()
