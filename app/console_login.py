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
import sys
import time
from typing import TextIO

from trader_login.app.cli import PUSH_KEYS
from trader_login.auth import rules
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.views import Challenge, LoginView, SessionInfo, Stage

PUSH_POLL_SECONDS = 1  # one long-poll round: short, so the countdown and the keyboard stay live


class Terminal:
    """The console's input and output. A class so that the prompts' wording lives in one place and the
    push page can look for a typed line without blocking."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
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


def log_in(flow: LoginFlow, terminal: Terminal, *, username: str | None, mode: str) -> int:
    """The whole console login; the exit status. KeyboardInterrupt and EOFError reach the caller."""
    while True:
        name = username if username is not None else terminal.ask("User name: ").strip()
        verdict = rules.check_username(name)
        if verdict.ok:
            break
        if username is not None:  # given on the command line: nothing to correct interactively
            terminal.say(f"Not sent: {verdict.message}")
            return 1
        terminal.say(verdict.message)
    view = flow.log_in(name, terminal.secret("Password: "), mode=mode)
    return follow(flow, terminal, view)


def follow(flow: LoginFlow, terminal: Terminal, view: LoginView) -> int:
    """Renders each page the flow reaches until the login ends."""
    while True:
        if view.stage is Stage.CHOOSE_DEVICE:
            view = choose_device(flow, terminal, view)
        elif view.stage is Stage.SECOND_FACTOR:
            view = second_factor(flow, terminal, view)
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
    if view.message:
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


def second_factor(flow: LoginFlow, terminal: Terminal, view: LoginView) -> LoginView:
    challenge = view.challenge
    assert challenge is not None  # a SECOND_FACTOR page always has one
    if challenge.is_push:
        return push_page(flow, terminal, view)
    if view.error_code:  # "Login failed", an expired challenge, a wait: say it before the new challenge
        terminal.say(view.message)
    terminal.say(challenge_text(challenge))
    options = []
    if challenge.kind == "sms":
        wait = max(0, round(challenge.resend_after - flow.clock())) if challenge.resend_after else 0
        later = f" in {wait} s" if wait else ""
        options.append(f"s = new code by SMS{later}, v = by voice call{later}")
    if view.read_only_available:
        options.append("r = read only")
    hint = f" ({'; '.join(options)})" if options else ""
    typed = terminal.ask(f"{response_name(challenge)}{hint}: ").strip()
    command = typed.lower()
    if command == "r" and view.read_only_available:
        return flow.enter_read_only()
    if challenge.kind == "sms" and command in ("s", "v"):
        return flow.resend_code("sms" if command == "s" else "voice")
    return flow.respond(typed)


def push_page(flow: LoginFlow, terminal: Terminal, view: LoginView) -> LoginView:
    """R5: the countdown while the flow long-polls in short rounds; a typed line interrupts it."""
    challenge = view.challenge
    assert challenge is not None
    assert challenge.push_deadline is not None
    if view.error_code:
        terminal.say(view.message)
    if view.error_code == "EXPIRED":
        return expired_push(flow, terminal, view)
    terminal.say(f"{challenge.message or 'A notification was sent to your phone'} ({PUSH_KEYS}).")
    while True:
        left = max(0, round(challenge.push_deadline - flow.clock()))
        terminal.status(f"Waiting for approval on your phone: {left:3d} s left")
        if terminal.line_waiting():
            typed = terminal.ask("").strip().lower()
            if typed == "r" and view.read_only_available:
                return flow.enter_read_only()
            return flow.switch_to_challenge()
        latest = flow.wait_for_push(max_wait=PUSH_POLL_SECONDS)
        if latest is not view:
            terminal.end_status()
            return latest


def expired_push(flow: LoginFlow, terminal: Terminal, view: LoginView) -> LoginView:
    options = "n = send a new notification, Enter = challenge/response"
    if view.read_only_available:
        options += ", r = read only"
    typed = terminal.ask(f"{options}: ").strip().lower()
    if typed == "n":
        return flow.resend_push()
    if typed == "r" and view.read_only_available:
        return flow.enter_read_only()
    return flow.switch_to_challenge()


def challenge_text(challenge: Challenge) -> str:
    kind = challenge.kind
    if kind == "dscplus":
        return (
            f"DSC+ challenge: {challenge.digits}  (press the button until PIN> shows, enter your PIN, OK; "
            "at CHALLNG> enter the challenge, OK)"
        )
    if kind == "ibkey_challenge":
        return f"IB Key challenge: {challenge.digits}  (in the IB Key app: Authenticate, enter the challenge)"
    if kind in ("card", "online-card"):
        first, second = challenge.indices or (0, 0)
        name = "Online Security Code Card" if kind == "online-card" else "Security Code Card"
        return f"{name}: enter the codes at index {first} and index {second}, one after the other"
    if kind == "sms":
        return challenge.message
    if kind == "temp_passcode":
        return "Enter the temporary passcode Client Services gave you."
    return challenge.message


def response_name(challenge: Challenge) -> str:
    return {
        "sms": "Security code",
        "temp_passcode": "Temporary passcode",
        "card": "Codes",
        "online-card": "Codes",
    }.get(challenge.kind, "Response")


def finish(flow: LoginFlow, terminal: Terminal, view: LoginView) -> int:
    """The session summary, then log out: the console login shows that the login works; there is no
    platform behind it to keep a session open for."""
    assert view.session is not None
    for line in session_summary(view.session):
        terminal.say(line)
    after = flow.log_out()
    terminal.say(after.message or "Logged out: the console login ends here.")
    return 0


def session_summary(session: SessionInfo) -> list[str]:
    accounts = ", ".join(f"{account.id} {account.title}" for account in session.accounts) or "none"
    restrictions = "; ".join(r.text for r in session.restrictions) or "none"
    return [
        f"Logged in: {session.username} ({session.mode}{', read only' if session.read_only else ''})",
        f"Accounts: {accounts}",
        f"Device: {session.device_label or _no_device(session)}",
        f"Withdrawal limits: {_usd(session.withdrawal_per_day)} per day, "
        f"{_usd(session.withdrawal_per_5_business_days)} per 5 business days",
        f"Restrictions: {restrictions}",
        f"Session expires: {_local(session.expires_at)}",
    ]


def locked_line(view: LoginView) -> str:
    if view.locked_until is None:
        return f"Locked: {view.message}"
    return (
        f"Locked until {_local(view.locked_until)}: too many failed login attempts. "
        "Client Services can unlock the user name."
    )


def _no_device(session: SessionInfo) -> str:
    return "none (read-only entry)" if session.read_only else "none (password only)"


def _usd(amount: int | None) -> str:
    return "unlimited" if amount is None else f"USD {amount:,}"


def _local(unix_time: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(unix_time)).strip()
