"""The security key (passkey, issue 18): its harness answers and handle `user.passkey`, its console pages,
the keys a login uses (`--security-key FILE`, `--no-usb-keys`), its screenshots, and the virtual key on the
terminal (`trader-login device passkey`: list, pin, remove, new).

Which keys a login uses (`security_keys`): the virtual keys of the user on the embedded gateway's shelf
(`<user>-passkey.json`, `<user>-passkey-2.json`, …; `app.virtual_keys`, one shared instance per file), the
key of `--security-key FILE` (any gateway, any user), and real USB keys (HID) unless `--no-usb-keys`. The
testers' windows and consoles never touch the machine's USB keys: the harness passes `--no-usb-keys`.
"""

from __future__ import annotations

import argparse
import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trader_login.app.kinds._base import (
    Answer,
    AppKind,
    DeviceCommandError,
    DeviceContext,
    FollowingShot,
    Terminal,
    TerminalDevice,
    ask_shaped,
)
from trader_login.app.toolkit import WAIT_SECONDS, ToolkitError
from trader_login.auth import texts

if TYPE_CHECKING:
    from trader_login.app.virtual_keys import VirtualKeys
    from trader_login.auth.client.flow import LoginFlow
    from trader_login.auth.client.views import Challenge, LoginView
    from trader_login.auth.devices.passkey import VirtualSecurityKey

KIND = "passkey"
ASSERTION, ENROLMENT, REGISTRATION = "passkey", "passkey_enrolment", "passkey_registration"
STATUS_TICK = 0.25  # how often the console's countdown is redrawn (a display refresh, not a wait)
TOUCH_KEYS = "Enter = touch the virtual security key, Ctrl-C = cancel"
NOT_WAITING = "The security key is not waiting for a touch yet."


# --- the shelf's keys, one instance per file ------------------------------------------------------------

_shelf_lock = threading.Lock()


def shelf_keys(shelf: Any) -> VirtualKeys:
    """The virtual keys of a harness shelf (`harness.DeviceShelf`), made once per shelf and kept in its
    `live` objects: the handle, the windows and the emulators the testers open share them."""
    with _shelf_lock:
        keys = shelf.live.get(KIND)
        if keys is None:
            from trader_login.app.virtual_keys import VirtualKeys

            # The harness's clock: a key's presence timeout runs on the test's time, not on real time.
            clock = getattr(shelf.gateway, "clock", None)
            monotonic = getattr(clock, "monotonic", None)
            clocks = {"clock": monotonic, "wall_clock": clock} if callable(monotonic) else {}
            keys = shelf.live[KIND] = VirtualKeys(shelf.gateway.device_dir, **clocks)
        return keys


# --- the harness ------------------------------------------------------------------------------------------


class _IssuedCodes:
    """The enrolment codes the desk issued through the harness, per shelf and user (the last one)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def of(self, shelf: Any) -> dict[str, str]:
        with self._lock:
            return shelf.live.setdefault("passkey.enrolment_codes", {})


_CODES = _IssuedCodes()


def _wait_for_touch_needed(keys: Sequence[Any], timeout: float, what: str) -> None:
    """Waits (bounded) until one of `keys` waits for a touch: on the keys' own news (their listeners) on
    the test's thread; on the GUI thread of a login window, with its events running meanwhile (the page
    may still be starting its ceremony)."""
    changed = threading.Event()
    for key in keys:
        key.add_listener(changed.set)
    try:
        deadline = time.monotonic() + timeout
        while not any(key.waiting_for_touch for key in keys):
            left = deadline - time.monotonic()
            if left <= 0:
                raise ToolkitError(f"timed out after {timeout:g} s waiting for {what}")
            if not _run_gui_events():
                changed.wait(left)
                changed.clear()
    finally:
        for key in keys:
            key.remove_listener(changed.set)


def _run_gui_events() -> bool:
    """On the GUI thread of a running QApplication: runs its pending events for a moment (True)."""
    import sys

    core = sys.modules.get("PySide6.QtCore")
    if core is None:
        return False
    app = core.QCoreApplication.instance()
    if app is None or core.QThread.currentThread() is not app.thread():
        return False
    # An event loop for 10 ms, as driving.wait_until runs it: PySide6 6.12's processEvents() drops a
    # reference to None at each call (on Python 3.11 a long run then aborts at exit: none_dealloc).
    loop = core.QEventLoop()
    core.QTimer.singleShot(10, loop.quit)
    loop.exec()
    return True


class PasskeyHandle:
    """`user.passkey`: the trader's virtual security keys (`<user>-passkey.json`, then the keys added with
    `add_key()`), the SAME instances the login windows, the consoles and the emulators use."""

    def __init__(self, shelf: Any, name: str, path: Path | None = None) -> None:
        self._shelf, self._name, self._path = shelf, name, path

    def __repr__(self) -> str:
        which = f", {self._path.name!r}" if self._path is not None else ""
        return f"PasskeyHandle({self._name!r}{which})"

    def _keys(self) -> list[VirtualSecurityKey]:
        keys = shelf_keys(self._shelf)
        if self._path is not None:
            return [keys.key_at(self._path)]
        found = keys.keys_of(self._name)
        if not found:
            raise ToolkitError(f"{self._name} has no virtual security key (add_user(devices=['passkey']))")
        return found

    @property
    def key(self) -> VirtualSecurityKey:
        """The virtual key (the first of the user's, or the one `add_key()` gave this handle)."""
        return self._keys()[0]

    @property
    def keys(self) -> list[VirtualSecurityKey]:
        """All the user's virtual keys, the first key first."""
        return self._keys()

    @property
    def credentials(self) -> tuple[Any, ...]:
        """The key's credentials (`CredentialInfo`: id, rp_id, user_name, sign_count, …)."""
        return tuple(self.key.credentials)

    @property
    def waiting(self) -> bool:
        """Whether one of these keys waits for a touch now."""
        return any(key.waiting_for_touch for key in self._keys())

    def touch(self, timeout: float = WAIT_SECONDS) -> None:
        """Waits (up to `timeout` s) until one of these keys waits for a touch, then touches it: the login's
        ceremony goes on. ToolkitError when no key comes to wait."""
        keys = self._keys()
        _wait_for_touch_needed(keys, timeout, f"{self._name}'s security key to wait for a touch")
        for key in keys:
            if key.waiting_for_touch:
                key.touch()
                return

    @property
    def enrolment_code(self) -> str:
        """The last enrolment code the desk issued for this user through `add_key()`."""
        code = _CODES.of(self._shelf).get(self._name)
        if code is None:
            raise ToolkitError(f"no enrolment code was issued to {self._name} (user.passkey.add_key())")
        return code

    def add_key(self) -> tuple[str, PasskeyHandle]:
        """Client Services issues an enrolment code for a new key, and a fresh virtual key (no credentials)
        is plugged in as the user's next key file (`<user>-passkey-2.json`, …). The next login of the
        user with that code registers it: `(code, handle)`, the handle touching that key only."""
        desk = self._shelf.gateway.desk
        code = _issue_enrolment(desk, self._name)
        path, _key = shelf_keys(self._shelf).new_key(self._name)
        _CODES.of(self._shelf)[self._name] = code
        return code, PasskeyHandle(self._shelf, self._name, path)


def _issue_enrolment(desk: Any, user: str) -> str:
    """The desk's enrolment code for a new key of `user` (ToolkitError for a refusal)."""
    from trader_login.auth.gateway.admin import AdminError
    from trader_login.auth.gateway.errors import GatewayError

    try:
        enrolment = desk.add_device(user, KIND)
    except (AdminError, GatewayError) as error:
        message = getattr(error, "message", None)
        raise ToolkitError(getattr(message, "english", None) or str(message or error)) from None
    code = getattr(enrolment, "code", None) or getattr(enrolment, "enrolment_code", None)
    if not isinstance(code, str):
        raise ToolkitError("the desk issued no enrolment code")
    return code


def _touch(user: Any, _challenge: str) -> None:
    user.passkey.touch()


def _enrolment_code(user: Any, _challenge: str) -> str:
    return user.passkey.enrolment_code


# --- the keys a login uses ------------------------------------------------------------------------------


def virtual_keys(
    shelf: VirtualKeys | None, options: argparse.Namespace, *, key_file: VirtualKeys | None = None
) -> Callable[[str], list[Any]]:
    """The virtual keys a login of a user name may use: the user's keys on `shelf` (the embedded
    gateway's), then the `--security-key FILE` key (loaded through `key_file`, else `shelf`, else a store
    of its own). A key that cannot sign (sealed, its keychain entry gone) is left out (its store said why)."""
    from trader_login.app.virtual_keys import VirtualKeyError, VirtualKeys

    path = getattr(options, "security_key", None)
    files = key_file if key_file is not None else shelf if shelf is not None else VirtualKeys(None)
    stores = [store for store in (shelf, files) if store is not None]

    def virtual(user: str) -> list[Any]:
        found = list(shelf.keys_of(user)) if shelf is not None and user else []
        if path is not None:
            try:
                given = files.key_at(path)
            except VirtualKeyError:  # in use by another process, or changed since: said by its store
                given = None
            if given is not None and all(given is not each for each in found):
                found.append(given)
        return [key for key in found if not any(store.problem(key) for store in stores)]

    return virtual


def security_keys(virtual: Callable[[str], Sequence[Any]], options: argparse.Namespace) -> Any:
    """The client's `SecurityKeys` for a login: `virtual` (see `virtual_keys`), and USB keys unless
    `--no-usb-keys`. Imports the client's ceremony (fido2): call it on a worker or at a console's start."""
    from trader_login.auth.client.security_keys import SecurityKeys

    return SecurityKeys(virtual=virtual, hid=not getattr(options, "no_usb_keys", False))


class _KeyFileOption(argparse.Action):
    """`--security-key FILE`, checked as the command line is parsed: a file that is not a virtual security
    key's device file ends the program there, one line, exit status 2."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from trader_login.app.virtual_keys import VirtualKeyError, check_key_file

        try:
            path = check_key_file(str(values))
        except VirtualKeyError as error:
            parser.exit(2, f"{parser.prog}: {option_string}: {error}\n")
        setattr(namespace, self.dest, path)


# --- the console ------------------------------------------------------------------------------------------


def seconds_left(flow: LoginFlow, challenge: Challenge) -> int | None:
    """The seconds until the challenge expires: its `deadline` on the flow's monotonic clock, else its
    `expires_at` on the flow's wall clock; None when it says neither."""
    deadline = challenge.extra.get("deadline")
    if deadline is not None:
        return max(0, round(float(deadline) - flow.clock()))
    if challenge.expires_at is not None:
        return max(0, round(challenge.expires_at - flow.wall_clock()))
    return None


def console_keys(options: argparse.Namespace, username: str) -> tuple[Any, list[Any]]:
    """The console's `SecurityKeys` (made once, kept in `options`) and the user's virtual keys. The console
    puts the embedded gateway's shelf in `options.passkey_shelf` and the store `--security-key`'s key loads
    through in `options.passkey_files` (VirtualKeys; absent: none, and a store without a keychain)."""
    made = getattr(options, "passkey_keys", None)
    if made is None:
        shelf, files = getattr(options, "passkey_shelf", None), getattr(options, "passkey_files", None)
        virtual = virtual_keys(shelf, options, key_file=files)
        made = options.passkey_keys = (security_keys(virtual, options), virtual)
    keys, virtual = made
    return keys, list(virtual(username))


def _policy_decides(options: argparse.Namespace, result: LoginView) -> bool:
    """Whether a ceremony that ended without an answer is the policy's to handle, not the trader's: the key
    was not touched in time and `--on-second-factor-timeout` is exit, retry or fall-back."""
    from trader_login.auth.client.unattended import timed_out

    policy = getattr(options, "on_second_factor_timeout", None)
    return policy not in (None, "ask") and timed_out(result)


class ConsolePrompt:
    """The client's `KeyPrompt` on the console: called on the ceremony's worker, answered by the main
    thread (which owns the terminal)."""

    def __init__(self) -> None:
        self.news: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.pins: queue.Queue[str | None] = queue.Queue()
        self.cancel = threading.Event()
        self._withdrawn = threading.Event()  # the question in progress only (not latched for the next)

    def __repr__(self) -> str:
        return "ConsolePrompt()"

    def withdraw(self) -> None:
        """The client's ceremony no longer needs the PIN question in progress: `pin` returns None now.
        Nothing when no question is in progress."""
        self._withdrawn.set()

    def touch_needed(self) -> None:
        self.news.put(("touch", None))

    def pin(self, retries: int | None = None) -> str | None:
        """The PIN the main thread read; None at once when the ceremony ended meanwhile (`cancel` is set
        by the page's ceremony whenever it ends: another key answered, Ctrl-C, an error)."""
        self._withdrawn.clear()
        while not self.pins.empty():  # an answer to a question withdrawn before: not this one's
            self.pins.get_nowait()
        self.news.put(("pin", retries))
        while not (self.cancel.is_set() or self._withdrawn.is_set()):
            try:
                pin = self.pins.get(timeout=STATUS_TICK)
            except queue.Empty:
                continue
            return None if self.cancel.is_set() or self._withdrawn.is_set() else pin
        return None


class SecurityKeyPage:
    """The security key on the console: "Touch your security key" and the seconds left while the ceremony
    runs on a worker; with a virtual key, Enter touches it; the PIN read without echo when the key asks;
    for a registration, the key's name first. Ctrl-C cancels the ceremony (nothing sent, nothing counted)
    and the login."""

    def __init__(self, registration: bool) -> None:
        self.registration = registration

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView:
        challenge = view.challenge
        assert challenge is not None  # a SECOND_FACTOR page always has one
        if view.problem is not None and view.error_code:
            terminal.say(view.message)
        keys, virtual = console_keys(options, view.username)
        label = None
        if self.registration:
            terminal.say(
                "Register a security key: plug in the key you want to register, name it if you like, "
                "then touch it."
            )
            label = self._name(terminal, view.read_only_available)
            if label == "r":
                return flow.enter_read_only()
        else:
            terminal.say("Touch your security key. If your key has a PIN, you will be asked for it.")
        if virtual:
            terminal.say(f"({TOUCH_KEYS}.)")
        while True:
            result = self.ceremony(flow, terminal, view, keys, virtual, label)
            ended_without_answer = (
                result.challenge is not None and result.challenge.same_as(view.challenge) and result.problem
            )
            if not ended_without_answer:
                return result
            terminal.say(result.message)  # no key, no touch in time, not registered…: nothing was sent
            if _policy_decides(options, result):
                return result  # --on-second-factor-timeout: the console's policy retries or exits, unasked
            read_only = ", r = read only" if result.read_only_available else ""
            # Three wrong PINs in a row: a key takes no PIN until it is unplugged and plugged in again.
            replug = bool(virtual) and _pin_auth_blocked(result.problem)
            unplug = ", u = unplug and plug in the virtual key" if replug else ""
            typed = terminal.ask(f"Enter = try again{unplug}{read_only}, Ctrl-C = cancel: ").strip().lower()
            if typed == "r" and result.read_only_available:
                return flow.enter_read_only()
            if typed == "u" and replug:
                for key in virtual:
                    key.power_cycle()
            view = result

    def _name(self, terminal: Terminal, read_only: bool) -> str | None:
        """The key's name, checked by the one rule of every layer (rules.check_device_label) before the
        touch: too long or holding a control character is said and asked again."""
        from trader_login.auth import rules

        hint = " (r = read only)" if read_only else ""
        while True:
            typed = terminal.ask(f"Name this key (optional){hint}: ")
            if read_only and typed.strip().lower() == "r":
                return "r"
            check = rules.check_device_label(typed)
            if check.ok:
                return rules.device_label(typed)
            terminal.say(check.message or rules.DEVICE_LABEL_RULE)

    def ceremony(
        self,
        flow: LoginFlow,
        terminal: Terminal,
        view: LoginView,
        keys: Any,
        virtual: list[Any],
        label: str | None,
    ) -> LoginView:
        challenge = view.challenge
        assert challenge is not None
        cancel = threading.Event()
        prompt = ConsolePrompt()
        ended: queue.Queue[tuple[LoginView | None, BaseException | None]] = queue.Queue()

        def work() -> None:
            try:
                options = {"label": label} if self.registration else {}
                ended.put((flow.use_security_key(keys, cancel=cancel, prompt=prompt, **options), None))
            except BaseException as error:  # handed to the main thread, raised there
                ended.put((None, error))

        worker = threading.Thread(target=work, name="security-key-ceremony", daemon=True)
        doing = "Registering" if self.registration else "Touch your security key"
        worker.start()
        try:
            while True:
                try:
                    result, error = ended.get(timeout=STATUS_TICK)
                    break
                except queue.Empty:
                    pass
                self._news(terminal, prompt)
                if virtual and terminal.line_waiting():
                    terminal.ask("")
                    key = touched_key(virtual, challenge, registration=self.registration)
                    if key is not None:
                        key.touch()
                    else:  # Enter before the key waits: said, not silently lost
                        terminal.end_status()
                        terminal.say(NOT_WAITING)
                left = seconds_left(flow, challenge)
                terminal.status(f"{doing}: {left:3d} s left" if left is not None else f"{doing}…")
        except BaseException:  # Ctrl-C, the input ended: the ceremony ends, nothing is sent
            cancel.set()
            prompt.cancel.set()
            worker.join()
            raise
        finally:
            # However the ceremony ended (another key answered, Ctrl-C): a PIN question still open on a
            # key's thread is withdrawn, and that thread ends.
            prompt.cancel.set()
            terminal.end_status()
        worker.join()
        if error is not None:
            raise error
        assert result is not None
        return result

    @staticmethod
    def _news(terminal: Terminal, prompt: ConsolePrompt) -> None:
        while True:
            try:
                what, value = prompt.news.get_nowait()
            except queue.Empty:
                return
            if what == "pin":
                terminal.end_status()
                tries = f" ({value} tries left)" if isinstance(value, int) else ""
                ask = getattr(terminal, "secret", terminal.ask)
                prompt.pins.put(ask(f"Security key PIN{tries}: ") or None)


def _pin_auth_blocked(problem: Any) -> bool:
    """The key takes no PIN until it is unplugged (CTAP2_ERR_PIN_AUTH_BLOCKED), as the client says it."""
    if problem.id == texts.SECURITY_KEY_PIN_AUTH_BLOCKED.id:
        return True
    params = dict(getattr(problem, "params", None) or {})
    return problem.id == texts.SECURITY_KEY_FAILED.id and params.get("error") == "PIN_AUTH_BLOCKED"


def touched_key(virtual: Sequence[Any], challenge: Challenge, *, registration: bool) -> Any:
    """The virtual key Enter touches among those waiting: the one that can answer first — for a login,
    a key holding a credential of the challenge's relying party; for a registration, one holding none
    (a key already registered would only say so) — else the first waiting."""
    waiting = [key for key in virtual if key.waiting_for_touch]
    rp_id = challenge.extra.get("rp_id")
    for key in waiting:
        holds = any(each.rp_id == rp_id for each in key.credentials)
        if holds != registration:
            return key
    return waiting[0] if waiting else None


class EnrolmentPage:
    """The enrolment code from Client Services: typed, its shape checked before it is sent (a wrongly
    shaped code is not an attempt)."""

    name = "Enrolment code"

    def run(
        self, flow: LoginFlow, terminal: Terminal, view: LoginView, options: argparse.Namespace
    ) -> LoginView:
        if view.error_code:
            terminal.say(view.message)
        terminal.say(
            "Register a security key: enter the enrolment code Client Services gave you "
            "(12 characters, as ABCD-EFGH-JKMN). Then you register your key."
        )
        return ask_shaped(flow, terminal, view, self.name)


# --- the device on the terminal -----------------------------------------------------------------------


class SecurityKeyDevice(TerminalDevice):
    """The virtual security key on the terminal: its credentials, its PIN, a credential removed, a fresh
    key file. Never prints a private key or the PIN. (A touch is given where the key is in use: the
    console login's Enter, the emulators' Touch button.)"""

    summary = "virtual security key: its credentials, set its PIN, remove one, a new key file"
    examples = (
        "trader-login device passkey --user passkeyuser                 # its credentials",
        "trader-login device passkey --user passkeyuser pin             # set or change its PIN",
        "trader-login device passkey --user passkeyuser remove ID       # a credential, after y/N",
        "trader-login device passkey --user passkeyuser new             # a second key (-passkey-2.json)",
        "trader-login device passkey --file my-key.json new             # a fresh key file",
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            default="list",
            choices=("list", "pin", "remove", "new"),
            help="list (default): the key's credentials; pin: set or change its PIN; remove ID: delete a "
            "credential; new [FILE]: a fresh key with no credentials (for --user: the next free "
            "<user>-passkey-N.json on the shelf)",
        )
        parser.add_argument(
            "value", nargs="?", metavar="ID|FILE", help="remove: the credential's id; new: FILE"
        )

    def run(self, context: DeviceContext, args: argparse.Namespace) -> int:
        if args.action == "new":
            return self.new(context, args)
        if args.action != "remove" and args.value is not None:
            raise DeviceCommandError(f"{args.action} takes no value", 2)
        if args.action == "remove" and args.value is None:
            raise DeviceCommandError(
                "remove needs the credential's id (trader-login device passkey … list)", 2
            )
        held = context.device((KIND,))
        if args.action == "list":
            return self.list(context, held.model)
        from trader_login.app.virtual_keys import KeyFileLock, KeyInUseError

        # One process at a time on a key file: the app saves its whole key after each change, so a change
        # made here while it holds the key would be undone (VirtualKeys' lock).
        hold = KeyFileLock(held.path.expanduser().resolve())
        try:
            hold.acquire()
        except KeyInUseError as error:
            raise DeviceCommandError(f"{error}: nothing was changed.", 1) from None
        except OSError as error:
            raise DeviceCommandError(f"Cannot lock the key file: {error.strerror or error}") from None
        try:
            return self._change(context, args, context.device((KIND,)))  # read again, under the lock
        finally:
            hold.release()

    def _change(self, context: DeviceContext, args: argparse.Namespace, held: Any) -> int:
        key = held.model
        context.check_writable(held, "the key keeps its credentials and PIN in it")
        if args.action == "pin":
            try:
                self.pin(context, key)
            finally:
                context.save(held)  # a wrong current PIN counts on the key, as on a real one
        else:
            self.remove(context, key, args.value)
            if not context.console.confirm("Remove this credential? The key cannot sign with it again."):
                context.console.say("Not removed: nothing was changed.")
                return 1
            key.remove_credential(_credential(key, args.value).id)
        context.save(held)
        if args.action == "pin":
            context.console.say("PIN set: the key asks for it at each login.")
        else:
            context.console.say("Removed. (The desk still lists it: sls-gateway device remove USER ID.)")
        return 0

    def list(self, context: DeviceContext, key: Any) -> int:
        console = context.console
        console.say(f"{key.ident}: {'a PIN is set' if key.has_pin else 'no PIN'}")
        credentials = list(key.credentials)
        if not credentials:
            console.say("No credentials: the key is not registered anywhere yet.")
            return 0
        for each in credentials:
            created = context.moment(each.created) if getattr(each, "created", None) else "?"
            console.say(
                f"  {each.id}  {each.rp_id}  {each.user_name}  created {created}  counter {each.sign_count}"
            )
        return 0

    def pin(self, context: DeviceContext, key: Any) -> None:
        """Through the key's own CTAP PIN commands (fido2's ClientPin), as a browser's settings page does:
        a change needs the current PIN, and a wrong one counts against the key's retries."""
        from fido2.ctap import CtapError
        from fido2.ctap2 import Ctap2
        from fido2.ctap2.pin import ClientPin

        from trader_login.auth.devices.passkey import MAX_PIN_BYTES, MIN_PIN_LENGTH

        console = context.console
        current = console.secret("Current PIN: ") if key.has_pin else None
        new = console.secret(f"New PIN ({MIN_PIN_LENGTH} to {MAX_PIN_BYTES} bytes): ")
        problem = _pin_problem(new)
        if problem is not None:
            raise DeviceCommandError(f"{problem}: nothing was changed.", 2)
        if console.secret("New PIN again: ") != new:
            raise DeviceCommandError("The two PINs differ: nothing was changed.", 2)
        try:
            client = ClientPin(Ctap2(key))
            if current is None:
                client.set_pin(new)
            else:
                client.change_pin(current, new)
        except CtapError as error:
            code = error.code
            if code == CtapError.ERR.PIN_INVALID:
                raise DeviceCommandError(
                    f"Wrong PIN ({key.pin_retries} tries left before the key blocks): nothing was changed."
                ) from None
            if code == CtapError.ERR.PIN_BLOCKED:
                raise DeviceCommandError("The key's PIN is blocked: only a reset clears it.") from None
            name = code.name if hasattr(code, "name") else f"0x{int(code):02X}"
            raise DeviceCommandError(f"The key refused: {name}; nothing was changed.") from None

    def remove(self, context: DeviceContext, key: Any, value: str) -> None:
        each = _credential(key, value)
        context.console.say(f"{each.id}  {each.rp_id}  {each.user_name}")

    def new(self, context: DeviceContext, args: argparse.Namespace) -> int:
        from trader_login.app.device_command import device_dir
        from trader_login.app.virtual_keys import VirtualKeyError, VirtualKeys

        try:
            if args.value is not None or args.file is not None:
                path = Path(args.value if args.value is not None else args.file).expanduser()
                if path.exists():
                    raise DeviceCommandError(f"{path} exists already: nothing was written.", 2)
                if not path.parent.is_dir():
                    raise DeviceCommandError(f"No folder {path.parent}: nothing was written.", 2)
                keys = VirtualKeys(None)
                try:
                    key = keys.create(path)
                finally:
                    keys.close()
            else:
                keys = VirtualKeys(device_dir(args))
                try:
                    if keys.device_dir is None or not keys.device_dir.is_dir():
                        raise DeviceCommandError(
                            f"No device folder {keys.device_dir}: nothing was written.", 2
                        )
                    path, key = keys.new_key(args.user)
                finally:
                    keys.close()
        except VirtualKeyError as error:
            raise DeviceCommandError(str(error), 2) from None
        except OSError as error:
            raise DeviceCommandError(f"Cannot write the key file: {error.strerror or error}") from None
        context.console.say(f"New key: {key.ident}, in {path}")
        context.console.say("Register it with an enrolment code from Client Services at your next login.")
        return 0


def _pin_problem(pin: str) -> str | None:
    """The key's own PIN rule (auth.devices.passkey.check_pin: at least MIN_PIN_LENGTH characters, at
    most MAX_PIN_BYTES bytes of UTF-8, printable), checked before the key is asked: one line, or None."""
    from trader_login.auth.devices.passkey import check_pin

    problem = check_pin(pin)
    return None if problem is None else problem[:1].upper() + problem[1:]


def _credential(key: Any, value: str) -> Any:
    found = [each for each in key.credentials if each.id == value or each.id.startswith(value)]
    if len(value) < 4 or len(found) != 1:
        raise DeviceCommandError(
            f"No single credential {value!r} on this key (trader-login device passkey … list): nothing was "
            "changed.",
            2,
        )
    return found[0]


# --- the part ---------------------------------------------------------------------------------------------


def _following_ready(child: Any) -> list[tuple[Any, str]]:
    from PySide6.QtWidgets import QPushButton

    touch = child(QPushButton, "securityKeyTouchButton")
    return [(touch.isEnabled, "the key waiting for a touch")]


class PasskeyKind(AppKind):
    device = KIND
    handle = "passkey"
    answers = MappingProxyType(
        {
            ASSERTION: Answer(ASSERTION, KIND, _touch, on_device=True),
            ENROLMENT: Answer(ENROLMENT, KIND, _enrolment_code),
            REGISTRATION: Answer(
                REGISTRATION, KIND, _touch, on_device=True, press="registerSecurityKeyButton"
            ),
        }
    )
    console = MappingProxyType(
        {
            ASSERTION: SecurityKeyPage(registration=False),
            ENROLMENT: EnrolmentPage(),
            REGISTRATION: SecurityKeyPage(registration=True),
        }
    )
    console_keys = (
        ("security key", f"the seconds left while the key waits for a touch; {TOUCH_KEYS}"),
        ("enrolment code", "the 12-character code from Client Services, then the key's name and a touch"),
    )
    following = FollowingShot("passkey", "passkeyuser", "securityKeyTab", _following_ready)
    terminal_device = SecurityKeyDevice()

    def make_handle(self, shelf: Any, user: str) -> PasskeyHandle:
        return PasskeyHandle(shelf, user)

    def desk_options(self, given: Any) -> dict[str, Any]:
        return {"virtual": True}  # a virtual key registered at once (the desk's --virtual)

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--security-key",
            metavar="FILE",
            action=_KeyFileOption,
            help="a virtual security key's device file the login may use (any gateway; touched with Enter on "
            "the console, or in the emulators' Security key tab)",
        )
        parser.add_argument(
            "--no-usb-keys",
            action="store_true",
            help="do not look for real USB security keys (only virtual ones)",
        )

    def screenshots(self, shots: Any) -> None:
        """The touch page with its countdown, the same page after no touch came in time, and the
        registration page (after a desk's enrolment code for a second key)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLineEdit, QListWidget

        from trader_login.app import driving
        from trader_login.auth import vocabulary as words

        window = shots.window
        shots.log_in("passkeyuser")
        driving.wait_until(lambda: shots.gateway.user("passkeyuser").passkey.waiting, "the key's wait")
        shots.save("18-passkey")
        # No touch in time: the challenge's deadline passes on the harness's clock.
        shots.act("the timeout", lambda: shots.gateway.advance(words.CHALLENGE_TTL + 1))
        shots.save("19-passkey-timeout")
        shots.cancel()
        user = shots.gateway.user("passkeyuser")
        code, _handle = user.passkey.add_key()
        shots.log_in("passkeyuser")
        rows = shots.gateway.gateway.desk.list_devices("passkeyuser")
        pending = next(row["id"] for row in rows if row["status"] == "pending")
        devices = driving.find_widget("deviceList", QListWidget, window=window)
        for row in range(devices.count()):
            if devices.item(row).data(Qt.ItemDataRole.UserRole) == pending:
                devices.setCurrentRow(row)
        shots.act("the device chosen", window.devices.continue_button.click)
        driving.find_widget("responseEdit", QLineEdit, window=window).setText(code)
        shots.act("the enrolment code", driving.find_widget("responseSubmitButton", window=window).click)
        driving.find_widget("securityKeyNameEdit", QLineEdit, window=window).setText("blue YubiKey")
        shots.save("20-passkey-registration")
        shots.cancel()


APP_KIND = PasskeyKind()
