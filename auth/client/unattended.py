"""Unattended logins (issue 19): the policies a trader sets for a login nobody watches, the exit code of
every outcome, the attempts this computer saw (`--max-attempts`), the `--json` events, and the steps of a
restart without the second factor. Qt-free: the console and the window apply the same decisions.

- `ExitCode` and `exit_code_of(view)`: the process's exit status, from the login's last view;
- `Policies` and `Autopilot.decide(view)`: what to do, unasked, on an existing session or a second factor
  that timed out;
- `AttemptLog` (a small JSON file) and `GuardedFlow` (a `LoginFlow` that sends nothing once
  `max_attempts` failures stand against the user name on this gateway, from this computer);
- `JsonEvents`: one JSON object per line for scripts and monitors; never a secret;
- `restart_key`, `grant_restart`, `log_out`: the restart key's part of a login, over a `RestartKeyStore`
  (the desktop's keychain store is `app.restart_keys.RestartKeys`). Every one of them blocks.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

# Light on purpose: the window's composition root builds its Unattended before the first paint, so the
# client's flow (hundreds of ms of imports) and even the catalogue are imported by the functions that use
# them. Stages are compared by their protocol values ("done", "second_factor", …).
if TYPE_CHECKING:
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView, SessionInfo
    from trader_login.auth.texts import Message

_log = logging.getLogger(__name__)

# --- exit codes ------------------------------------------------------------------------------------------


class ExitCode(enum.IntEnum):
    """The exit status of `trader-login` (console and window) for each outcome of a login."""

    SESSION = 0
    REFUSED = 1
    USAGE = 2
    LOCKED = 3
    SECOND_FACTOR_TIMEOUT = 4
    EXISTING_SESSION = 5
    MAX_ATTEMPTS = 6
    UNREACHABLE = 7
    CERTIFICATE = 8
    CANCELLED = 130  # the shell's convention for a program ended by SIGINT

    @property
    def outcome(self) -> str:
        """The outcome's name in the `exit` event: "session", "second_factor_timeout", …"""
        return self.name.lower()


EXIT_CODE_TABLE: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.SESSION, "a session opened (the console then logs out; the window: the trader logged out)"),
    (ExitCode.REFUSED, "refused: wrong password or response, wrong mode, IP restriction, a gateway fault"),
    (ExitCode.USAGE, "bad usage: an unknown option or a bad value (nothing was sent)"),
    (ExitCode.LOCKED, "the user name is locked (R3: 10 failed attempts in 24 h)"),
    (ExitCode.SECOND_FACTOR_TIMEOUT, "the second factor was not answered in time (push, security key)"),
    (ExitCode.EXISTING_SESSION, "the user name is logged in elsewhere and that session was kept"),
    (ExitCode.MAX_ATTEMPTS, "--max-attempts failures stand: nothing was sent"),
    (ExitCode.UNREACHABLE, "the gateway could not be reached (or did not answer)"),
    (ExitCode.CERTIFICATE, "the gateway is not the one pinned (certificate, or it failed to prove itself)"),
    (ExitCode.CANCELLED, "cancelled (Ctrl-C, the input ended, the window closed mid-login)"),
)

MAX_ATTEMPTS_CODE = "MAX_ATTEMPTS"  # the error code of the view GuardedFlow shows when it stops
SECOND_FACTOR_TIMEOUT_CODE = "SECOND_FACTOR_TIMEOUT"
_UNREACHABLE_CODES = frozenset({"UNREACHABLE", "TIMEOUT", "GATEWAY_NOT_STARTED"})
_CERTIFICATE_CODES = frozenset({"CERTIFICATE", "SERVER_PROOF"})
_KEY_TIMEOUT = "SECURITY_KEY_TIMEOUT"


def timed_out(view: LoginView) -> bool:
    """Whether the page is a second factor that was not answered in time: the push notification expired,
    or the security key was not touched in time."""
    if view.stage.value != "second_factor" or view.challenge is None:
        return False
    if view.error_code == _KEY_TIMEOUT:
        return True
    return view.error_code == "EXPIRED" and _is_push(view)


def _is_push(view: LoginView) -> bool:
    try:
        return bool(view.challenge is not None and view.challenge.is_push)
    except Exception:  # a kind not registered: not a push this module knows
        return False


def exit_code_of(view: LoginView) -> ExitCode:
    """The exit code of a login that ended on `view` (its stage and error code)."""
    stage, code = view.stage.value, view.error_code
    if stage == "done":
        return ExitCode.SESSION
    if stage == "locked" or code == "LOCKED":
        return ExitCode.LOCKED
    if stage == "existing_session" or code == "EXISTING_SESSION":
        return ExitCode.EXISTING_SESSION
    if stage == "cancelled":
        kept = view.problem is not None and view.problem.id == "kept_other_session"
        return ExitCode.EXISTING_SESSION if kept else ExitCode.CANCELLED
    if code == MAX_ATTEMPTS_CODE:
        return ExitCode.MAX_ATTEMPTS
    if code in _UNREACHABLE_CODES:
        return ExitCode.UNREACHABLE
    if code in _CERTIFICATE_CODES:
        return ExitCode.CERTIFICATE
    if code == SECOND_FACTOR_TIMEOUT_CODE or timed_out(view):
        return ExitCode.SECOND_FACTOR_TIMEOUT
    if code == "USAGE":
        return ExitCode.USAGE
    return ExitCode.REFUSED


# The busy lines `LoginFlow.log_in` begins a login with: "Logging in…", or "Restarting…" with a restart key.
_LOGIN_BEGINS = frozenset({"logging_in", "restarting"})


def begins_login(view: LoginView) -> bool:
    """`view` is the busy page a new login begins with (a full login or a restart): what came before is
    another login's (its retries, its outcome)."""
    problem = view.problem
    return view.stage.value == "working" and problem is not None and problem.id in _LOGIN_BEGINS


# --- policies --------------------------------------------------------------------------------------------

EXISTING_SESSION_POLICIES = ("ask", "take-over", "keep-other", "exit")
TIMEOUT_POLICIES = ("ask", "exit", "retry", "fall-back")
MAX_ATTEMPTS_RANGE = range(1, 10)  # below R3's 10, so a tool stops before the lock
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRIES = 3


@dataclass(frozen=True)
class Policies:
    """What an unattended login does by itself. `existing_session`: ask (the page), take-over, keep-other
    (the other session stays: exit 5, the window goes back to the credentials page), exit (the login is
    cancelled: exit 5). `on_second_factor_timeout`: ask (the page), exit (4), retry (the notification
    sent again, up to `retries` times, then exit 4), fall-back (IB Key challenge/response; exit 4 for a
    device without one). `max_attempts`: no attempt is sent once that many failures stand (exit 6)."""

    existing_session: str = "ask"
    on_second_factor_timeout: str = "ask"
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    retries: int = DEFAULT_RETRIES

    def __post_init__(self) -> None:
        if self.existing_session not in EXISTING_SESSION_POLICIES:
            raise ValueError(f"--existing-session: one of {', '.join(EXISTING_SESSION_POLICIES)}")
        if self.on_second_factor_timeout not in TIMEOUT_POLICIES:
            raise ValueError(f"--on-second-factor-timeout: one of {', '.join(TIMEOUT_POLICIES)}")
        if (
            isinstance(self.max_attempts, bool)
            or not isinstance(self.max_attempts, int)
            or self.max_attempts not in MAX_ATTEMPTS_RANGE
        ):
            raise ValueError("--max-attempts: a whole number from 1 to 9 (R3 locks at 10)")
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or not 0 <= self.retries <= 20:
            raise ValueError("retries: a whole number from 0 to 20")


def parse_max_attempts(text: str) -> int:
    """`--max-attempts N`: 1 to 9; ValueError with one line otherwise."""
    value = text.strip()
    if not value.isdigit() or int(value) not in MAX_ATTEMPTS_RANGE:
        raise ValueError(f"--max-attempts: a whole number from 1 to 9 (R3 locks at 10), not {text!r}")
    return int(value)


@dataclass(frozen=True)
class Decision:
    """What to do with a page, unasked. `action`: "ask" (show the page; the trader decides), "take_over",
    "keep_other", "resend_push", "switch_to_challenge", "retry_key" (use the security key again), or
    "exit" with `exit_code` and `line` (English, why: the console prints it, the window logs it)."""

    action: str
    exit_code: ExitCode | None = None
    line: str = ""
    problem: Message | None = None  # a catalogue message to show before quitting (none so far)


ASK = Decision("ask")


class Autopilot:
    """Applies `Policies` to the pages of one login (call `start()` for each new login: it counts the
    retries). Pure: no I/O, callable on the GUI thread."""

    def __init__(self, policies: Policies) -> None:
        self.policies = policies
        self.retries_used = 0
        self._answered: LoginView | None = None

    def start(self) -> None:
        self.retries_used = 0
        self._answered = None

    def decide(self, view: LoginView) -> Decision:
        """The decision for `view`; a view already decided on is asked again → "ask" (no double action).
        A new login (credentials, or "Logging in…") starts the retry count afresh."""
        if view is self._answered:
            return ASK
        if view.stage.value == "credentials" or begins_login(view):
            self.retries_used = 0
        decision = self._decide(view)
        if decision.action != "ask":
            self._answered = view
        return decision

    def _decide(self, view: LoginView) -> Decision:
        policies = self.policies
        if view.stage.value == "existing_session":
            policy = policies.existing_session
            if policy == "take-over":
                return Decision("take_over")
            if policy == "keep-other":
                return Decision("keep_other")
            if policy == "exit":
                return Decision(
                    "exit",
                    ExitCode.EXISTING_SESSION,
                    "Not logged in: this user name is already logged in elsewhere; that session stays "
                    "(--existing-session exit).",
                )
            return ASK
        if not timed_out(view):
            return ASK
        policy = policies.on_second_factor_timeout
        what = (
            "the notification expired" if view.error_code == "EXPIRED" else "the security key was not touched"
        )
        if policy == "exit":
            return Decision(
                "exit",
                ExitCode.SECOND_FACTOR_TIMEOUT,
                f"Not logged in: {what} (--on-second-factor-timeout exit).",
            )
        if policy == "retry":
            if self.retries_used >= policies.retries:
                return Decision(
                    "exit",
                    ExitCode.SECOND_FACTOR_TIMEOUT,
                    f"Not logged in: {what}, {policies.retries} retries included "
                    "(--on-second-factor-timeout retry).",
                )
            self.retries_used += 1
            return Decision("resend_push" if view.error_code == "EXPIRED" else "retry_key")
        if policy == "fall-back":
            if view.can_switch_to_challenge:
                return Decision("switch_to_challenge")
            return Decision(
                "exit",
                ExitCode.SECOND_FACTOR_TIMEOUT,
                f"Not logged in: {what}, and this device has no challenge/response to fall back to "
                "(--on-second-factor-timeout fall-back).",
            )
        return ASK


# --- the attempts this computer saw ----------------------------------------------------------------------

R3_WINDOW = 24 * 3600.0  # R3: failures older than a day no longer count
R3_LOCK_AT = 10
R3_WARN_AFTER = 7  # the gateway says attempts_left once this many failures stand (LockoutPolicy.warn_after)
# A counted refusal that can carry attempts_left (a LOCKED one never does: it is past the count).
_WARNS = frozenset({"INVALID_CREDENTIALS", "LOGIN_FAILED"})
_COUNTED = frozenset({"INVALID_CREDENTIALS", "LOGIN_FAILED", "LOCKED"})
ATTEMPT_LOG_NAME = "attempt-log.json"


class AttemptLogError(Exception):
    """The attempt log cannot be read or written. `problem` names the file, never a secret."""

    def __init__(self, problem: Message) -> None:
        super().__init__(problem.english)
        self.problem = problem


class AttemptLog:
    """Failed attempts per (gateway identity, user name) that this computer saw, with their times, in a
    small JSON file (0600, replaced atomically; a damaged file is reported, never overwritten). Failures
    older than R3's 24 h are forgotten; a success clears the user name's; the gateway's `attempts_left`
    raises the count to `10 - attempts_left` (failures seen from other computers too). Thread-safe;
    blocking (file I/O)."""

    def __init__(
        self,
        path: str | os.PathLike[str] | Callable[[], str | os.PathLike[str]],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # A callable is asked at first use (the app's data directory, found on a worker).
        self._path: Any = path if callable(path) else Path(path)
        self.clock = clock
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        if not isinstance(self._path, Path):
            self._path = Path(self._path())
        return self._path

    def __repr__(self) -> str:
        return f"AttemptLog({str(self._path)!r})"

    def failures(self, gateway: str, username: str) -> int:
        with self._lock:
            return len(self._recent(self._load(), gateway, username))

    def record_failure(
        self,
        gateway: str,
        username: str,
        attempts_left: int | None = None,
        *,
        at_most: int | None = None,
    ) -> int:
        """One more failure (now); with the gateway's `attempts_left`, at least `10 - attempts_left`; with
        `at_most`, no more than that many (the newest kept: the gateway's count is lower than this
        computer's, the desk unlocked or its failures aged out). Returns the failures that stand."""
        now = self.clock()
        with self._lock, self._file_lock():
            data = self._load()
            times = self._recent(data, gateway, username)
            times.append(now)
            if isinstance(attempts_left, int) and not isinstance(attempts_left, bool):
                wanted = R3_LOCK_AT - max(0, attempts_left)
                times.extend([now] * max(0, wanted - len(times)))
            if at_most is not None and len(times) > at_most:
                times = sorted(times)[len(times) - at_most :]
            self._put(data, gateway, username, times)
            self._save(data)
            return len(times)

    def clear(self, gateway: str, username: str) -> None:
        with self._lock, self._file_lock():
            data = self._load()
            if not data["gateways"].get(gateway, {}).get(username):
                return
            self._put(data, gateway, username, [])
            self._save(data)

    @contextlib.contextmanager
    def _file_lock(self) -> Any:
        """Another process's read-modify-write waits for this one's (two trader-login runs on one
        computer): an OS lock on `<log>.lock` beside the log (fcntl.flock; msvcrt.locking on Windows),
        released when the file closes, also should the process die."""
        path = self.path
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise self._error(f"cannot be locked ({error.strerror})") from None
        try:
            _lock_file(fd)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    # --- the file ---

    def _recent(self, data: dict[str, Any], gateway: str, username: str) -> list[float]:
        since = self.clock() - R3_WINDOW
        return [t for t in data["gateways"].get(gateway, {}).get(username, []) if t > since]

    def _put(self, data: dict[str, Any], gateway: str, username: str, times: list[float]) -> None:
        since = self.clock() - R3_WINDOW
        names = data["gateways"].setdefault(gateway, {})
        names[username] = times
        for gateway_id in list(data["gateways"]):  # prune what R3 forgot
            kept = {
                name: recent
                for name, seen in data["gateways"][gateway_id].items()
                if (recent := [t for t in seen if t > since])
            }
            if kept:
                data["gateways"][gateway_id] = kept
            else:
                del data["gateways"][gateway_id]

    def _load(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {"version": 1, "gateways": {}}
        except OSError as error:
            raise self._error(f"cannot be read ({error.strerror})") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self._error("is damaged (not JSON)") from None
        if not _well_formed(data):
            raise self._error("is damaged (not an attempt log)")
        return data

    def _save(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, sort_keys=True, indent=1).encode("utf-8")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".attempt-log-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as file:  # mkstemp's file is 0600
                    file.write(payload)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError as error:
            raise self._error(f"cannot be written ({error.strerror})") from None

    def _error(self, what: str) -> AttemptLogError:
        from trader_login.auth import texts

        return AttemptLogError(texts.message(texts.ATTEMPT_LOG_DAMAGED, path=str(self.path), what=what))


def _lock_file(fd: int) -> None:
    """An exclusive OS lock on the open file `fd`, waiting as long as another process holds it."""
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for ~10 s itself, then raises
                return
            except OSError:
                continue
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)


def _well_formed(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("gateways"), dict):
        return False
    for names in data["gateways"].values():
        if not isinstance(names, dict):
            return False
        for times in names.values():
            if not isinstance(times, list) or not all(
                isinstance(t, int | float) and not isinstance(t, bool) for t in times
            ):
                return False
    return True


def gateway_identity(url: str, fingerprint: str | None = None) -> str:
    """Who a gateway is, for the attempt log and the restart keys: its pinned certificate's SHA-256
    ("sha256:<hex>") when known, else its URL (scheme, host and port, lower case)."""
    if fingerprint:
        return "sha256:" + fingerprint.replace(":", "").strip().lower()
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{port}"


class AttemptGuard:
    """The `--max-attempts` rule on one gateway: `check(username)` says why nothing may be sent (None:
    go on); `observe(view)` counts what each page says (a counted refusal, the gateway's attempts left,
    a session). With `stops=False` (a login by hand: the window or console without an unattended option)
    the log is kept all the same but never stops a login: R3's own 10 and the attempts-left warning apply.
    Blocking (the log's file)."""

    def __init__(self, log: AttemptLog, gateway: str, max_attempts: int, *, stops: bool = True) -> None:
        self.log = log
        self.gateway = gateway
        self.max_attempts = max_attempts
        self.stops = stops
        self._session_seen = False

    def check(self, username: str) -> Message | None:
        if not self.stops:
            return None
        try:
            failures = self.log.failures(self.gateway, username)
        except AttemptLogError as error:
            return error.problem
        if failures >= self.max_attempts:
            from trader_login.auth import texts

            return texts.message(texts.MAX_ATTEMPTS_REACHED, attempts=failures, limit=self.max_attempts)
        return None

    def observe(self, view: LoginView) -> None:
        """Called with every page of the flow (its on_change). A damaged log is left alone here: the next
        `check` reports it."""
        if view.stage.value == "working" or not view.username:
            return
        try:
            if view.stage.value == "done":
                if not self._session_seen:  # the session's status polls repeat DONE: cleared once
                    self._session_seen = True
                    self.log.clear(self.gateway, view.username)
                return
            self._session_seen = False
            if view.error_code in _COUNTED:
                left = getattr(view, "attempts_left", None)
                # A refusal that could warn but does not: the gateway holds fewer than 7 failures (the desk
                # unlocked, or they aged out), so this computer's count comes down to what it implies.
                below = R3_WARN_AFTER - 1 if left is None and view.error_code in _WARNS else None
                self.log.record_failure(self.gateway, view.username, left, at_most=below)
        except AttemptLogError:
            pass


def _guarded_flow_class() -> type:
    """`GuardedFlow`, made at first use (the client's flow is imported then)."""
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import LoginView, Stage

    class GuardedFlow(LoginFlow):
        """A `LoginFlow` that sends no attempt that could count (the password, a typed response, a push wait,
        a security key's answer) once the guard says stop: it shows FAILED with error code MAX_ATTEMPTS and
        the guard's message instead, and lets the gateway's login go. Every page goes to `guard.observe`."""

        def __init__(
            self, transport: Any, *, guard: AttemptGuard, on_change: Any = None, **options: Any
        ) -> None:
            self.guard = guard

            def observed(view: LoginView) -> None:
                guard.observe(view)
                if on_change is not None:
                    on_change(view)

            super().__init__(transport, on_change=observed, **options)

        def log_in(self, username: str, password: str, **options: Any) -> LoginView:
            stop = self.guard.check(username) if isinstance(username, str) and username else None
            if stop is not None and self.view.stage in (
                Stage.CREDENTIALS,
                Stage.FAILED,
                Stage.LOCKED,
                Stage.CANCELLED,
            ):
                mode = options.get("mode", "live")
                return self._stopped(LoginView(Stage.CREDENTIALS, username=username, mode=mode), stop)
            return super().log_in(username, password, **options)

        def respond(self, text: str) -> LoginView:
            return self._guarded() or super().respond(text)

        def wait_for_push(self, max_wait: float = 25) -> LoginView:
            return self._guarded() or super().wait_for_push(max_wait)

        def use_security_key(self, *args: Any, **kwargs: Any) -> LoginView:
            return self._guarded() or super().use_security_key(*args, **kwargs)

        def _guarded(self) -> LoginView | None:
            context = self.view
            if context.stage.value != "second_factor" or not context.username:
                return None
            stop = self.guard.check(context.username)
            return self._stopped(context, stop) if stop is not None else None

        def _stopped(self, context: LoginView, problem: Message) -> LoginView:
            if self.view is not context and context.stage.value == "credentials":
                with self._lock:  # before any login: the page the stop shows names the user and mode given
                    self._view = context
            view = self.stop(problem, MAX_ATTEMPTS_CODE)
            self.abandon()  # the gateway's login, if one is open, ends: its notification leaves the phone
            return view

    return GuardedFlow


_LAZY: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    if name == "GuardedFlow":
        if name not in _LAZY:
            _LAZY[name] = _guarded_flow_class()
        return _LAZY[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- restart keys ----------------------------------------------------------------------------------------


class RestartKey(Protocol):
    """A restart key held by this computer: its grant's id ("" before the gateway granted it), its public
    half, and signatures with its private half (which never leaves it)."""

    @property
    def grant_id(self) -> str: ...
    @property
    def public_bytes(self) -> bytes: ...
    def sign(self, payload: bytes) -> bytes: ...


class RestartKeyStore(Protocol):
    """Where this computer keeps its restart keys (`app.restart_keys.RestartKeys`). Blocking."""

    def key_for(self, username: str, mode: str) -> RestartKey | None: ...
    def create(self, username: str, mode: str) -> RestartKey: ...
    def remember(self, username: str, mode: str, key: RestartKey, grant_id: str) -> None: ...
    def forget(self, username: str, mode: str) -> None: ...


def restart_key(keys: RestartKeyStore, username: str, mode: str) -> tuple[RestartKey | None, Message | None]:
    """The key for a restart login, or None and why: text restart_no_key (none, or never granted), or
    restart_key_damaged (a damaged entry, or the keychain failed: the full login follows all the same).
    Never raises for the store. Blocking (keychain)."""
    from trader_login.auth import texts

    try:
        key = keys.key_for(username, mode)
    except Exception as error:  # app.restart_keys.RestartKeyError, or the keychain's own (keyring) errors
        _log.warning("the restart key could not be read: %s", type(error).__name__)
        return None, texts.message(texts.RESTART_KEY_DAMAGED, username=username)
    if key is None or not key.grant_id:
        return None, texts.message(texts.RESTART_NO_KEY, username=username)
    return key, None


def grant_restart(flow: LoginFlow, keys: RestartKeyStore, label: str | None) -> LoginView:
    """After a full login: a new key, the gateway's grant for it, the key and grant id remembered. The DONE
    view the flow returns (its session's `restart_grant` is the new grant), or the refusal it shows."""
    view = flow.view
    if view.stage.value != "done" or view.session is None:
        raise ValueError("a restart grant is made in a session")
    username, mode = view.session.username, view.session.mode
    key = keys.create(username, mode)
    after = flow.grant_restart(key.public_bytes, label)
    session = after.session
    grant = session.restart_grant if session is not None else None
    if after.stage.value == "done" and after.problem is None and grant is not None:
        keys.remember(username, mode, key, grant.id)
    return after


def log_out(flow: LoginFlow, keys: RestartKeyStore | None, *, forget_device: bool = False) -> LoginView:
    """Logs out; `forget_device` also ends the grant on the gateway and deletes this computer's key."""
    session = flow.view.session
    if not forget_device:
        return flow.log_out()
    try:
        # The key goes first: once the logout's view is shown (the login window back, the console's next
        # line), this computer can no longer restart, whatever the gateway answers and however soon the
        # app is closed.
        if keys is not None and session is not None:
            keys.forget(session.username, session.mode)
    finally:
        after = flow.log_out(forget_device=True)  # a keychain that failed still logs out
    return after


# --- the bundle the console and the window take ---------------------------------------------------------


class Unattended:
    """One run's unattended settings, for the console and the window's controller: the policies
    (`decide`), `restart` (--restart), the attempt log (--max-attempts, through `flow`), the restart keys
    (made for the gateway's identity by `restart_keys(identity)`) and the `--json` events (or None).
    `flow(...)` is called once the gateway is known (on the connecting worker)."""

    def __init__(
        self,
        policies: Policies | None = None,
        *,
        restart: bool = False,
        attempt_log: AttemptLog | None = None,
        restart_keys: Callable[[str], RestartKeyStore] | None = None,
        events: JsonEvents | None = None,
        stops_at_max_attempts: bool = True,
    ) -> None:
        self.policies = policies or Policies()
        # False: the attempt log is kept but never stops a login (a login by hand; app/cli.py decides).
        self.stops_at_max_attempts = stops_at_max_attempts
        self.autopilot = Autopilot(self.policies)
        self.restart = restart
        self.attempt_log = attempt_log
        self.events = events
        self._make_keys = restart_keys
        self.gateway: str | None = None
        self.keys: RestartKeyStore | None = None

    def __repr__(self) -> str:
        return f"Unattended({self.policies!r}, restart={self.restart}, gateway={self.gateway!r})"

    def flow(self, transport: Any, gateway: str, **options: Any) -> LoginFlow:
        """The login flow on `gateway` (its identity: `gateway_identity`): a GuardedFlow with the attempt
        log, else a plain LoginFlow. Blocking only in that it may read the keychain later, not now."""
        self.gateway = gateway
        if self._make_keys is not None:
            self.keys = self._make_keys(gateway)
        if self.attempt_log is None:
            from trader_login.auth.client.flow import LoginFlow

            return LoginFlow(transport, **options)
        guard = AttemptGuard(
            self.attempt_log, gateway, self.policies.max_attempts, stops=self.stops_at_max_attempts
        )
        return __getattr__("GuardedFlow")(transport, guard=guard, **options)

    def decide(self, view: LoginView) -> Decision:
        return self.autopilot.decide(view)

    # Blocking (keychain): on workers.

    def restart_key(self, username: str, mode: str) -> tuple[RestartKey | None, Message | None]:
        """The key for a --restart login, or None and why (see `restart_key`); the why is also the --json
        `restart` event (refused, RESTART_NO_KEY), for the console and the window alike."""
        if self.keys is None:
            from trader_login.auth import texts

            key, notice = None, texts.message(texts.RESTART_NO_KEY, username=username)
        else:
            key, notice = restart_key(self.keys, username, mode)
        if notice is not None and self.events is not None:
            self.events.restart("refused", code="RESTART_NO_KEY", text=notice.english)
        return key, notice

    def held_grant_id(self, username: str, mode: str) -> str | None:
        """The grant id this computer holds a key for (None: none)."""
        key = self.keys.key_for(username, mode) if self.keys is not None else None
        return key.grant_id or None if key is not None else None

    def grant_restart(self, flow: LoginFlow, label: str | None) -> LoginView:
        if self.keys is None:
            raise ValueError("no restart key store: the flow was not made by Unattended.flow")
        return grant_restart(flow, self.keys, label)

    def forget_restart(self, flow: LoginFlow) -> LoginView:
        """Ends the grant on the gateway and deletes this computer's key."""
        session = flow.view.session
        after = flow.forget_restart()
        if self.keys is not None and session is not None and after.problem is None:
            self.keys.forget(session.username, session.mode)
        return after

    def log_out(self, flow: LoginFlow, forget_device: bool = False) -> LoginView:
        return log_out(flow, self.keys, forget_device=forget_device)


# --- JSON events -----------------------------------------------------------------------------------------


def iso(unix: float | None) -> str | None:
    """A moment as the events write it: ISO 8601, UTC, milliseconds ("2026-12-05T13:00:00.000Z")."""
    if unix is None:
        return None
    return datetime.fromtimestamp(unix, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonEvents:
    """`--json`: one JSON object per line on `stream`, each `{"at": <ISO 8601 UTC>, "event": <name>, …}`.
    `view(view)` turns the flow's pages into `state`, `message`, `restart` and `session` events (repeats
    dropped); `started`, `restart` and `exit` are written by the caller. Only catalogue texts, codes,
    names and times are written: never a password, code, token or key. Thread-safe.

    `threaded=True` (the window): the lines are written by a writer thread of their own from a bounded
    queue, so a monitor that reads the pipe slowly, or not at all, never holds the caller (the GUI thread).
    When the queue is full the oldest `state` line goes (a newer state follows it), else the oldest line;
    `dropped` counts them. `close()` (after the `exit` event) writes what is queued and joins the writer,
    waiting at most `close_timeout` seconds for a reader that stopped reading (the thread is a daemon: a
    pipe nobody reads does not keep the process alive)."""

    QUEUE_LINES = 1000

    def __init__(
        self,
        stream: IO[str],
        *,
        clock: Callable[[], float] = time.time,
        threaded: bool = False,
        close_timeout: float = 10.0,
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.close_timeout = close_timeout
        self.dropped = 0
        self._lock = threading.Lock()
        self._last_state: tuple[Any, ...] | None = None
        self._last_problem: tuple[Any, ...] | None = None
        self._restart_said = False
        self._session_said: SessionInfo | None = None
        self._queue: collections.deque[tuple[str, str]] | None = None
        self._ready = threading.Condition()
        self._closing = False
        self._writer: threading.Thread | None = None
        if threaded:
            self._queue = collections.deque()
            self._writer = threading.Thread(target=self._write_queued, name="json-events", daemon=True)
            self._writer.start()

    def emit(self, event: str, **fields: Any) -> dict[str, Any]:
        line = {"at": iso(self.clock()), "event": event, **fields}
        text = json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        if self._queue is None:
            with self._lock:
                self.stream.write(text)
                self.stream.flush()
            return line
        with self._ready:
            if self._closing:
                return line  # after close(): nobody writes any more
            if len(self._queue) >= self.QUEUE_LINES:
                self._drop_one()
            self._queue.append((event, text))
            self._ready.notify()
        return line

    def _drop_one(self) -> None:
        assert self._queue is not None
        for index, (event, _text) in enumerate(self._queue):
            if event == "state":
                del self._queue[index]
                break
        else:
            self._queue.popleft()
        self.dropped += 1

    def _write_queued(self) -> None:
        assert self._queue is not None
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                if not self._queue:
                    return  # closing, and everything written
                _event, text = self._queue.popleft()
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError):  # the reader went away (a broken pipe), or the stream closed
                with self._ready:
                    self._queue.clear()
                    self._closing = True
                return

    def close(self) -> None:
        """Writes what is queued (the `exit` event last) and joins the writer thread; nothing more is
        written afterwards. A no-op without `threaded`."""
        if self._writer is None:
            return
        with self._ready:
            self._closing = True
            self._ready.notify()
        self._writer.join(self.close_timeout)

    def started(self, version: str, user: str | None, mode: str, restart: bool) -> None:
        self.emit("started", version=version, user=user, mode=mode, restart=restart)

    def message(self, problem: Message, code: str | None, attempts_left: int | None = None) -> None:
        fields: dict[str, Any] = {"code": code, "message_id": problem.id, "text": problem.english}
        if attempts_left is not None:
            fields["attempts_left"] = attempts_left
        self.emit("message", **fields)

    def line(self, code: str, text: str) -> None:
        """A message of the client's own words (no catalogue id)."""
        self.emit("message", code=code, message_id=None, text=text)

    def restart(self, status: str, code: str | None = None, text: str | None = None,
                cutoff_at: float | None = None) -> None:  # fmt: skip
        fields: dict[str, Any] = {"status": status}
        if code is not None:
            fields["code"] = code
        if text is not None:
            fields["text"] = text
        if cutoff_at is not None:
            fields["cutoff_at"] = iso(cutoff_at)
        self.emit("restart", **fields)

    def exit(self, code: ExitCode) -> None:
        self.emit("exit", code=int(code), outcome=code.outcome)

    def view(self, view: LoginView) -> None:
        """The events a page of the flow makes (call it with every view: on_change, viewChanged)."""
        restart = getattr(view, "restart", None)
        with self._lock:
            if view.stage.value != "done":
                self._session_said = None
            say_restart = restart is not None and not self._restart_said
            self._restart_said = restart is not None  # kept on every page of the login that follows
        # Why the login goes on as it does (a restart used or refused) comes before the page it led to.
        if say_restart:
            self.restart(
                restart.status,
                code=getattr(restart, "code", None),
                text=(restart.problem.english if getattr(restart, "problem", None) is not None else None),
            )
        challenge = view.challenge
        state: dict[str, Any] = {"stage": view.stage.value}
        if challenge is not None and view.stage.value == "second_factor":
            state["challenge_kind"] = challenge.kind
            number = challenge.extra.get("number") if challenge.extra else None
            if isinstance(number, int):
                state["number"] = number
            if challenge.push_seconds is not None:
                state["seconds"] = round(challenge.push_seconds)
        key = (tuple(sorted(state.items())), challenge.sequence if challenge is not None else None)
        if key != self._last_state:
            self._last_state = key
            self.emit("state", **state)
        problem = view.problem
        if problem is not None and view.stage.value != "working":
            said = (
                view.stage,
                view.error_code,
                problem,
                challenge.sequence if challenge is not None else None,
            )
            if said != self._last_problem:
                self._last_problem = said
                self.message(problem, view.error_code, getattr(view, "attempts_left", None))
                warning = getattr(view, "warning", None)
                if warning is not None and hasattr(warning, "english"):
                    self.message(warning, "ATTEMPTS_LEFT", getattr(view, "attempts_left", None))
        if view.stage.value == "done" and view.session is not None and view.session != self._session_said:
            self._session_said = view.session
            self.session(view.session)

    def session(self, session: SessionInfo) -> None:
        grant = getattr(session, "restart_grant", None)
        history = getattr(session, "history", None)
        last = getattr(history, "last_login", None)
        self.emit(
            "session",
            user=session.username,
            mode=session.mode,
            accounts=[account.id for account in session.accounts],
            device_kind=session.device_kind,
            read_only=session.read_only,
            expires_at=iso(session.expires_at),
            opened_by_restart=bool(getattr(session, "opened_by_restart", False)),
            restart_grant=None
            if grant is None
            else {"id": grant.id, "cutoff_at": iso(grant.cutoff_at), "label": grant.label},
            last_login=None
            if last is None
            else {
                "at": iso(last.at),
                "address": last.address,
                "device_kind": last.device_kind,
                "restart": bool(last.restart),
            },
            failures_since=int(getattr(history, "failures_since", 0) or 0),
        )


def message_fields(problem: Message) -> Mapping[str, Any]:
    """A catalogue message as the events carry it."""
    return {"message_id": problem.id, "text": problem.english}
