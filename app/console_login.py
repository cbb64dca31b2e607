"""The console login (`trader-login --console`): the same `LoginFlow` the window drives, rendered as
prompts. Each stage of the flow is one prompt; the flow decides, this module only asks and prints.

It runs the flow's blocking steps on the main thread, so Ctrl-C lands in them as KeyboardInterrupt: the
caller then cancels the flow and abandons the login on the gateway. Nothing secret is printed: the
password is read without echo, tokens never leave the flow.
"""

from __future__ import annotations

import getpass
import os
import select
import signal
import sys
import threading
from argparse import Namespace
from datetime import tzinfo
from typing import TextIO

from trader_login.app import kinds
from trader_login.auth import moments, rules
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.views import LoginView, SessionInfo, Stage


def restore_ctrl_c() -> None:
    """Ctrl-C cancels the console login even when the console was started with SIGINT ignored (a
    background job of a script, `nohup`): Python installs its KeyboardInterrupt handler only when SIGINT
    was not inherited as ignored. On the main thread only (the only place a handler can be set)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class Terminal:
    """The console's input and output. A class so that the prompts' wording lives in one place and the
    push page can look for a typed line without blocking. The real terminal (no streams given) makes
    Ctrl-C work (`restore_ctrl_c`)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
        if stdin is None:
            restore_ctrl_c()
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self._status_width = 0

    def say(self, text: str = "") -> None:
        self.end_status()
        print(text, file=self.stdout, flush=True)

    def ask(self, prompt: str) -> str:
        self.end_status()
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\r\n")

    def secret(self, prompt: str) -> str:
        self.end_status()
        return getpass.getpass(prompt)

    def status(self, text: str) -> None:
        """A line rewritten in place (the push countdown)."""
        padding = " " * max(0, self._status_width - len(text))
        self.stdout.write(f"\r{text}{padding}")
        self.stdout.flush()
        self._status_width = len(text)

    def end_status(self) -> None:
        if self._status_width:
            self.stdout.write("\n")
            self.stdout.flush()
            self._status_width = 0

    def line_waiting(self) -> bool:
        """Whether the trader has typed a line (Enter) that `ask` would read at once."""
        if os.name == "nt":  # select() takes sockets only on Windows
            import msvcrt

            return bool(msvcrt.kbhit())
        ready, _, _ = select.select([self.stdin], [], [], 0)
        return bool(ready)


def log_in(
    flow: LoginFlow,
    terminal: Terminal,
    *,
    username: str | None,
    mode: str,
    options: Namespace | None = None,
) -> int:
    """The whole console login; the exit status. KeyboardInterrupt and EOFError reach the caller.
    `options` are the command line's (the kinds' own options among them: `app/kinds`)."""
    while True:
        name = username if username is not None else terminal.ask("User name: ").strip()
        verdict = rules.check_username(name)
        if verdict.ok:
            break
        if username is not None:  # given on the command line: nothing to correct interactively
            terminal.say(f"Not sent: {verdict.problem.english}")
            return 1
        terminal.say(verdict.problem.english)
    view = flow.log_in(name, terminal.secret("Password: "), mode=mode)
    return follow(flow, terminal, view, options)


def follow(flow: LoginFlow, terminal: Terminal, view: LoginView, options: Namespace | None = None) -> int:
    """Renders each page the flow reaches until the login ends. What the flow says is `view.problem`, a
    catalogue message (auth/texts.py), printed in its English."""
    options = options if options is not None else Namespace()
    while True:
        if view.stage is Stage.CHOOSE_DEVICE:
            view = choose_device(flow, terminal, view)
        elif view.stage is Stage.SECOND_FACTOR:
            view = second_factor(flow, terminal, view, options)
        elif view.stage is Stage.EXISTING_SESSION:
            answer = terminal.ask(f"{view.message} [y/N]: ").strip().lower()
            view = flow.answer_existing_session(answer in ("y", "yes"))
        elif view.stage is Stage.DONE:
            return finish(flow, terminal, view)
        elif view.stage is Stage.LOCKED:
            terminal.say(locked_line(view))
            return 1
        elif view.stage is Stage.CANCELLED:
            terminal.say(f"Not logged in: {view.message}")
            return 1
        else:  # FAILED, or CREDENTIALS with the gateway's refusal (user-name rules, rate limit)
            terminal.say(f"Login failed: {view.message}")
            return 1


def choose_device(flow: LoginFlow, terminal: Terminal, view: LoginView) -> LoginView:
    if view.problem is not None:
        terminal.say(view.message)
    terminal.say("Choose your security device (highest security first):")
    default = 1
    for number, device in enumerate(view.devices, start=1):
        mark = "  (default)" if device.id == view.preselected else ""
        if device.id == view.preselected:
            default = number
        terminal.say(f"  {number}. {device.label}{mark}")
    if view.read_only_available:
        terminal.say("  r. Enter read only (market data and portfolio; no trading, no withdrawals)")
    while True:
        choice = terminal.ask(f"Device [{default}]: ").strip().lower()
        if choice == "r" and view.read_only_available:
            return flow.enter_read_only()
        if not choice:
            choice = str(default)
        if choice.isdigit() and 1 <= int(choice) <= len(view.devices):
            return flow.choose_device(view.devices[int(choice) - 1].id)
        terminal.say(f"Type a number from 1 to {len(view.devices)}.")


def second_factor(flow: LoginFlow, terminal: Terminal, view: LoginView, options: Namespace) -> LoginView:
    """The page of the challenge's kind, as its app part asks for the answer (`app/kinds`)."""
    challenge = view.challenge
    assert challenge is not None  # a SECOND_FACTOR page always has one
    page = kinds.part_of_challenge(challenge.kind).console[challenge.kind]
    return page.run(flow, terminal, view, options)


def finish(flow: LoginFlow, terminal: Terminal, view: LoginView) -> int:
    """The session summary, then log out: the console login shows that the login works; there is no
    platform behind it to keep a session open for."""
    assert view.session is not None
    for line in session_summary(view.session):
        terminal.say(line)
    after = flow.log_out()
    terminal.say(after.message or "Logged out: the console login ends here.")
    return 0


def session_summary(session: SessionInfo, zone: tzinfo | None = None) -> list[str]:
    """What the console prints after a login; times as every window writes them (`auth.moments.show`,
    the terminal's language, this machine's zone or `zone`)."""
    accounts = ", ".join(f"{account.id} {account.title}" for account in session.accounts) or "none"
    restrictions = "; ".join(r.text for r in session.restrictions) or "none"
    return [
        f"Logged in: {session.username} ({session.mode}{', read only' if session.read_only else ''})",
        f"Accounts: {accounts}",
        f"Device: {session.device_label or _no_device(session)}",
        f"Withdrawal limits: {_usd(session.withdrawal_per_day)} per day, "
        f"{_usd(session.withdrawal_per_5_business_days)} per 5 business days",
        f"Restrictions: {restrictions}",
        f"Session expires: {_local(session.expires_at, zone)}",
    ]


def locked_line(view: LoginView, zone: tzinfo | None = None) -> str:
    if view.locked_until is None:
        return f"Locked: {view.message}"
    return (
        f"Locked until {_local(view.locked_until, zone)}: too many failed login attempts. "
        "Client Services can unlock the user name."
    )


def _no_device(session: SessionInfo) -> str:
    return "none (read-only entry)" if session.read_only else "none (password only)"


def _usd(amount: int | None) -> str:
    if amount is None:
        return "unlimited"
    return "none allowed" if amount == 0 else f"USD {amount:,}"


def _local(unix_time: float, zone: tzinfo | None = None) -> str:
    return moments.show(unix_time, zone=zone)
