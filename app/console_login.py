"""The console login (`trader-login --console`): the same `LoginFlow` the window drives, rendered as
prompts. Each stage of the flow is one prompt; the flow decides, this module only asks and prints.

It runs the flow's blocking steps on the main thread, so Ctrl-C lands in them as KeyboardInterrupt: the
caller then cancels the flow and abandons the login on the gateway. Nothing secret is printed: the
password is read without echo, tokens never leave the flow.
"""

from __future__ import annotations

import getpass
import os
import re
import select
import signal
import sys
import threading
from argparse import Namespace
from datetime import tzinfo
from typing import TextIO

from trader_login.app import kinds
from trader_login.auth import moments, restart, rules
from trader_login.auth.client.flow import LoginFlow
from trader_login.auth.client.unattended import (
    MAX_ATTEMPTS_CODE,
    ExitCode,
    Unattended,
    exit_code_of,
)
from trader_login.auth.client.views import LoginView, SessionInfo, Stage


def restore_ctrl_c() -> None:
    """Ctrl-C cancels the console login even when the console was started with SIGINT ignored (a
    background job of a script, `nohup`): Python installs its KeyboardInterrupt handler only when SIGINT
    was not inherited as ignored. On the main thread only (the only place a handler can be set)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


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
        self.password_stdin = False
        self._typed: str | None = None  # a line read by line_waiting, for the next ask
        self._ended = False  # the input ended (a script's stdin): no line will ever come
        self._status_shape = ""  # the last status written where lines cannot be rewritten

    def say(self, text: str = "") -> None:
        self.end_status()
        print(text, file=self.stdout, flush=True)

    def ask(self, prompt: str) -> str:
        self.end_status()
        self.stdout.write(prompt)
        self.stdout.flush()
        line, self._typed = self._typed, None
        if line is None:
            line = "" if self._ended else self.stdin.readline()
        if not line:
            self._ended = True
            raise EOFError
        return line.rstrip("\r\n")

    def secret(self, prompt: str) -> str:
        self.end_status()
        if self.password_stdin:  # --password-stdin: one line, no prompt, no terminal needed
            line = self.stdin.readline()
            if not line:
                raise EOFError
            return line.rstrip("\r\n")
        return getpass.getpass(prompt, stream=self.stdout if self.stdout is not sys.stdout else None)

    def status(self, text: str) -> None:
        """A line rewritten in place (the push countdown). Not on a terminal (a script's log) it is written
        once as a line, and again only when it says something else than a new count."""
        if not _is_terminal(self.stdout):
            shape = re.sub(r"\d+", "#", text)
            if shape != self._status_shape:
                self._status_shape = shape
                print(text, file=self.stdout, flush=True)
            return
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
        if self._typed is not None:
            return True
        if self._ended:
            return False
        if os.name == "nt":  # select() takes sockets only on Windows
            import msvcrt

            return bool(msvcrt.kbhit())
        ready, _, _ = select.select([self.stdin], [], [], 0)
        if not ready:
            return False
        # Read now: an input that ended (a script's stdin, /dev/null) is "ready" for ever but is no line:
        # the wait goes on unattended.
        line = self.stdin.readline()
        if not line:
            self._ended = True
            return False
        self._typed = line
        return True


def log_in(
    flow: LoginFlow,
    terminal: Terminal,
    *,
    username: str | None,
    mode: str,
    options: Namespace | None = None,
    unattended: Unattended | None = None,
) -> int:
    """The whole console login; the exit status (`ExitCode`). KeyboardInterrupt and EOFError reach the
    caller. `options` are the command line's (the kinds' own options among them: `app/kinds`);
    `unattended` its policies, restart keys and --json events."""
    while True:
        name = username if username is not None else terminal.ask("User name: ").strip()
        verdict = rules.check_username(name)
        if verdict.ok:
            break
        if username is not None:  # given on the command line: nothing to correct interactively
            terminal.say(f"Not sent: {verdict.problem.english}")
            return ExitCode.USAGE
        terminal.say(verdict.problem.english)
    key = None
    if unattended is not None and unattended.restart:
        key = _restart_key(terminal, unattended, name, mode)
    password = terminal.secret("Password: ")
    view = (
        flow.log_in(name, password, mode=mode, restart=key)
        if key is not None
        else flow.log_in(name, password, mode=mode)
    )
    outcome = getattr(view, "restart", None)
    if outcome is not None:
        terminal.say("Restarted without the second factor." if outcome.used else outcome.message)
    return follow(flow, terminal, view, options, unattended)


def _restart_key(terminal: Terminal, unattended: Unattended, username: str, mode: str) -> object | None:
    """This computer's restart key for the login, or None (said why: no key, a damaged entry, the keychain
    failed; `Unattended.restart_key` writes the --json event, as for the window)."""
    key, notice = unattended.restart_key(username, mode)
    if notice is not None:
        terminal.say(notice.english)
    return key


def follow(
    flow: LoginFlow,
    terminal: Terminal,
    view: LoginView,
    options: Namespace | None = None,
    unattended: Unattended | None = None,
) -> int:
    """Renders each page the flow reaches until the login ends; the exit status. What the flow says is
    `view.problem`, a catalogue message (auth/texts.py), printed in its English. The policies of
    `unattended` answer the pages they cover (an existing session, a second factor that timed out)."""
    options = options if options is not None else Namespace()
    while True:
        decision = unattended.decide(view) if unattended is not None else None
        if decision is not None and decision.action != "ask":
            if decision.action == "exit":
                terminal.say(decision.line)
                if unattended is not None and unattended.events is not None:
                    unattended.events.line(decision.exit_code.outcome.upper(), decision.line)
                flow.cancel()
                flow.abandon()
                return int(decision.exit_code or ExitCode.REFUSED)
            if decision.action in ("take_over", "keep_other"):
                terminal.say(f"{view.message} {'Yes' if decision.action == 'take_over' else 'No'} "
                             f"(--existing-session {unattended.policies.existing_session})")  # fmt: skip
                view = flow.answer_existing_session(decision.action == "take_over")
                continue
            if decision.action == "resend_push":
                terminal.say(f"{view.message} A new notification is sent (--on-second-factor-timeout retry).")
                view = flow.resend_push()
                continue
            if decision.action == "switch_to_challenge":
                terminal.say(
                    f"{view.message} Challenge/response instead (--on-second-factor-timeout fall-back)."
                )
                view = flow.switch_to_challenge()
                continue
            # retry_key: the page runs again (a security key asked for a touch anew)
        if view.stage is Stage.CHOOSE_DEVICE:
            view = choose_device(flow, terminal, view)
        elif view.stage is Stage.SECOND_FACTOR:
            view = second_factor(flow, terminal, view, options)
        elif view.stage is Stage.EXISTING_SESSION:
            answer = terminal.ask(f"{view.message} [y/N]: ").strip().lower()
            view = flow.answer_existing_session(answer in ("y", "yes"))
        elif view.stage is Stage.DONE:
            return finish(flow, terminal, view, options, unattended)
        elif view.stage is Stage.LOCKED:
            terminal.say(locked_line(view))
            return exit_code_of(view)
        elif view.stage is Stage.CANCELLED:
            terminal.say(f"Not logged in: {view.message}")
            return exit_code_of(view)
        else:  # FAILED, or CREDENTIALS with the gateway's refusal (user-name rules, rate limit)
            lead = "Not sent" if view.error_code == MAX_ATTEMPTS_CODE else "Login failed"
            terminal.say(f"{lead}: {view.message}")
            warning = getattr(view, "warning", None)
            if warning is not None:
                terminal.say(warning.english)
            return exit_code_of(view)


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


def finish(
    flow: LoginFlow,
    terminal: Terminal,
    view: LoginView,
    options: Namespace | None = None,
    unattended: Unattended | None = None,
) -> int:
    """The session summary, then log out: the console login shows that the login works; there is no
    platform behind it to keep a session open for. `--grant-restart` makes this computer's restart grant
    first; `--forget-device` ends it with the logout."""
    assert view.session is not None
    held = _held_grant(unattended, view.session, terminal)
    for line in session_summary(view.session, held_grant_id=held):
        terminal.say(line)
    options = options if options is not None else Namespace()
    if getattr(options, "grant_restart", False) and unattended is not None:
        _grant(flow, terminal, unattended)
    forget = bool(getattr(options, "forget_device", False))
    if unattended is not None:
        after = unattended.log_out(flow, forget_device=forget)
    else:
        after = flow.log_out(forget_device=True) if forget else flow.log_out()
    if forget and after.problem is None:
        terminal.say("This computer's restart grant and key are forgotten.")
    terminal.say(after.message or "Logged out: the console login ends here.")
    return ExitCode.SESSION


def _held_grant(unattended: Unattended | None, session: SessionInfo, terminal: Terminal) -> str | None:
    """The grant id this computer holds a key for, when the session has a grant (to say whose it is)."""
    if unattended is None or getattr(session, "restart_grant", None) is None:
        return None
    from trader_login.app.restart_keys import RestartKeyError

    try:
        return unattended.held_grant_id(session.username, session.mode)
    except RestartKeyError as error:
        terminal.say(str(error))
        return None


def _grant(flow: LoginFlow, terminal: Terminal, unattended: Unattended) -> None:
    """--grant-restart: the key made, granted and remembered; the line says until when."""
    import platform

    session = flow.view.session
    events = unattended.events
    if session is not None and getattr(session, "opened_by_restart", False):
        line = "No new restart grant: this session was opened by a restart (a full login makes one)."
        terminal.say(line)
        if events is not None:
            events.restart("refused", code="RESTART_NOT_ALLOWED", text=line)
        return
    after = unattended.grant_restart(flow, restart.computer_label(platform.node()))
    grant = after.session.restart_grant if after.session is not None else None
    if after.problem is not None or grant is None:
        terminal.say(f"No restart grant: {after.message}")
        if events is not None:
            events.restart("refused", code=after.error_code, text=after.message)
        return
    terminal.say(f"Restart without the second factor until {_local(grant.cutoff_at)}")
    if events is not None:
        events.restart("granted", cutoff_at=grant.cutoff_at)


def session_summary(
    session: SessionInfo, zone: tzinfo | None = None, *, held_grant_id: str | None = None
) -> list[str]:
    """What the console prints after a login; times as every window writes them (`auth.moments.show`,
    the terminal's language, this machine's zone or `zone`)."""
    accounts = ", ".join(f"{account.id} {account.title}" for account in session.accounts) or "none"
    restrictions = "; ".join(r.text for r in session.restrictions) or "none"
    lines = [
        f"Logged in: {session.username} ({session.mode}{', read only' if session.read_only else ''})",
        f"Accounts: {accounts}",
        f"Device: {session.device_label or _no_device(session)}",
        f"Withdrawal limits: {_usd(session.withdrawal_per_day)} per day, "
        f"{_usd(session.withdrawal_per_5_business_days)} per 5 business days",
        f"Restrictions: {restrictions}",
        f"Session expires: {_local(session.expires_at, zone)}",
    ]
    return lines + history_lines(session, zone) + restart_lines(session, zone, held_grant_id)


def history_lines(session: SessionInfo, zone: tzinfo | None = None) -> list[str]:
    """The last login before this session and the failed attempts since (the newest listed)."""
    history = getattr(session, "history", None)
    if history is None:
        return []
    last = history.last_login
    if last is None:
        lines = ["Last login: none recorded"]
    else:
        device = last.device_label or last.device_kind or "no second factor"
        how = " (restart without the second factor)" if last.restart else ""
        where = last.address or "an unknown address"
        lines = [f"Last login: {_local(last.at, zone)} from {where} with {device}{how}"]
    lines.append(f"Failed attempts since: {history.failures_since}")
    for failure in history.failures:
        lines.append(
            f"  {_local(failure.at, zone)} from {failure.address or 'an unknown address'}: "
            f"{failure_reason(failure.reason)}"
        )
    return lines


# The gateway's login.failed reasons in the trader's words (as the session window's failedAttemptsLabel
# says them, ui/session_details.py): an unknown user name reads as a wrong password, never "unknown".
FAILURE_REASONS = {
    "password": "wrong password",
    "unknown_user": "wrong password",
    "locked": "while locked",
    "wrong_response": "wrong second-factor response",
    "code_used": "authenticator code used before",
    "passkey_counter": "security key check failed",
    "push_denied": "notification denied on the phone",
    "push_wrong_number": "wrong number picked on the phone",
    "push_reported": "reported on the phone as not yours",
    "wrong_mode": "live credentials in paper mode, or the reverse",
    "ip_restricted": "from an address not allowed for this user name",
    "no_device": "no usable security device",
    "device_gone": "the security device was no longer usable",
}


def failure_reason(reason: str) -> str:
    """A failed attempt's reason as the console's summary says it (a reason it does not know: as it is)."""
    return FAILURE_REASONS.get(reason, reason)


def restart_lines(
    session: SessionInfo, zone: tzinfo | None = None, held_grant_id: str | None = None
) -> list[str]:
    """The restart grant of the user name for this mode, whichever computer holds it (`held_grant_id`: the
    grant this computer holds a key for)."""
    grant = getattr(session, "restart_grant", None)
    lines = []
    if getattr(session, "opened_by_restart", False):
        lines.append("Opened by a restart without the second factor.")
    if grant is not None:
        if held_grant_id == grant.id:
            whose = " (this computer)"
        else:
            whose = f" (held by {grant.label})" if grant.label else " (held by another computer)"
        lines.append(f"Restart without the second factor until {_local(grant.cutoff_at, zone)}{whose}")
    return lines


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
