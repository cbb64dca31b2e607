"""The security keys a login may use, and the WebAuthn ceremony with them (issue 18), Qt-free.

`SecurityKeys` gathers the keys for a user name: the virtual keys the app hands over (each a fido2
`CtapDevice`, `auth.devices.passkey.VirtualSecurityKey`) and real USB keys through fido2's HID transport
(Linux, macOS, Windows). On Windows, when the system's WebAuthn API is there and the process is not
elevated, the keys are reached through that API instead of HID (fido2's `WindowsClient`): since Windows
10 1903 only administrators may open FIDO HID devices, and the system's own dialog then asks for the
touch and the PIN.

`SecurityKeys.ceremony(options, ...)` runs fido2's real client (`Fido2Client` with
`DefaultClientDataCollector(origin)`) on every key at once, one thread per key, as a browser does: the
first key that answers wins and the others are cancelled; a key that ends with "not registered"
(CTAP2_ERR_NO_CREDENTIALS) or "already registered" (CTAP2_ERR_CREDENTIAL_EXCLUDED) while another still waits
does not end the ceremony. It returns the credential in WebAuthn's JSON form (`dict()` of fido2's
AuthenticationResponse / RegistrationResponse), or raises `SecurityKeyError` with a catalogue message:
nothing has been sent then, and nothing counted.

The origin is the gateway's (`origin_of(url)`): `https://host[:port]`, a loopback host written `localhost`.
The relying party id the gateway asks for is checked against it first (fido2's `verify_rp_id`, through the
client data collector): a look-alike gateway gets `security_key_rp_mismatch` and no key is asked.

Secrets: the PIN goes from the `KeyPrompt` to fido2 and nowhere else (no log, repr or exception holds it);
the credential's JSON is not logged either.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from trader_login.auth import texts
from trader_login.auth.client.errors import english
from trader_login.auth.texts import Message

if TYPE_CHECKING:
    from fido2.client import ClientDataCollector, WebAuthnClient
    from fido2.ctap import CtapDevice

log = logging.getLogger(__name__)

# How often the waiting thread looks at the cancel event and the deadline (the deadline is on the flow's
# clock, which tests inject: it cannot be waited on directly).
POLL_SECONDS = 0.05
# How long the ceremony waits for a cancelled key's thread to end (a USB key answers CTAPHID_CANCEL at
# once; the bound is a safety net against a key that hangs — its thread is a daemon).
JOIN_SECONDS = 5.0

# The codes a ceremony that ended without a credential carries (LoginView.error_code), with their texts.
NONE = "SECURITY_KEY_NONE"
TIMEOUT = "SECURITY_KEY_TIMEOUT"
NOT_REGISTERED = "SECURITY_KEY_NOT_REGISTERED"
EXCLUDED = "SECURITY_KEY_EXCLUDED"
PIN_WRONG = "SECURITY_KEY_PIN_WRONG"
PIN_BLOCKED = "SECURITY_KEY_PIN_BLOCKED"
PIN_AUTH_BLOCKED = "SECURITY_KEY_PIN_AUTH_BLOCKED"
LOCKED = "SECURITY_KEY_LOCKED"
FAILED = "SECURITY_KEY_FAILED"
RP_MISMATCH = "SECURITY_KEY_RP_MISMATCH"
CANCELLED = "SECURITY_KEY_CANCELLED"  # the cancel event, or the prompt gave no PIN: no message

# Windows WebAuthn API results (HRESULTs) with a meaning of their own; any other is `security_key_failed`.
_NTE_EXISTS = 0x8009000F
_NTE_NOT_FOUND = 0x80090011
_NTE_DEVICE_NOT_FOUND = 0x80090035
_NTE_USER_CANCELLED = 0x80090036


@runtime_checkable
class KeyPrompt(Protocol):
    """What the ceremony asks of the trader, implemented by the login page and the console. Called on the
    ceremony's worker threads (one per key), never on the GUI thread: a Qt side hands over to it."""

    def touch_needed(self) -> None:
        """A key waits for a touch (its UPNEEDED keepalive). May come once per key."""

    def pin(self, retries: int | None) -> str | None:
        """The key's PIN, asked before the key is used (`retries`: tries left before the key blocks its
        PIN, None if the key did not say). Blocks until the trader answers; None cancels the ceremony.
        Never asked for two keys at once.

        Optional: a prompt may also have `withdraw() -> None`. The ceremony calls it (on its own worker
        thread) when it ends while a PIN question is pending (another key answered, cancel, the challenge's
        deadline): the `pin()` call in progress must then return None at once (the PIN would not be used).
        With no `pin()` in progress it does nothing (it is not remembered for a later question); it may be
        called more than once; it must not block. A prompt without it is left to end when the trader
        answers (its thread is not waited for)."""


class SecurityKeyError(Exception):
    """A ceremony that ended without a credential. `code` is one of this module's codes; `problem` the
    catalogue message to show (None for a cancel). Nothing was sent; nothing is counted."""

    def __init__(self, code: str, problem: Message | None) -> None:
        self.code = code
        self.problem = problem
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return english(self.problem) or "cancelled"

    def __repr__(self) -> str:
        return f"SecurityKeyError(code={self.code!r}, message={self.message!r})"


def origin_of(url: str) -> str:
    """The WebAuthn origin of the gateway at `url`: `https://host[:port]` (no port for 443), a loopback host
    (127.0.0.0/8, ::1, localhost) written `localhost`. ValueError for a URL that is not https://host."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise ValueError("the gateway URL must look like https://host:port")
    host = parts.hostname.lower().rstrip(".")
    port = parts.port
    try:
        if ipaddress.ip_address(host).is_loopback:
            host = "localhost"
        elif ":" in host:
            host = f"[{host}]"
    except ValueError:
        pass  # a name, not an address
    return f"https://{host}" if port in (None, 443) else f"https://{host}:{port}"


def is_registration(options: Any) -> bool:
    """Whether fido2 `options` ask for a new credential (PublicKeyCredentialCreationOptions) rather than an
    assertion (PublicKeyCredentialRequestOptions)."""
    from fido2.webauthn import PublicKeyCredentialCreationOptions

    return isinstance(options, PublicKeyCredentialCreationOptions)


# --- Windows ---------------------------------------------------------------------------------------------


def _windows_api_available() -> bool:
    try:
        from fido2.client.windows import WindowsClient
    except Exception:  # not Windows, or a Windows without webauthn.dll
        return False
    return bool(WindowsClient.is_available())


def _elevated() -> bool:
    import ctypes

    try:
        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except Exception:
        return False


def _windows_client(collector: ClientDataCollector) -> WebAuthnClient:
    from fido2.client.windows import WindowsClient

    return WindowsClient(collector)


@dataclass(frozen=True)
class WindowsWebAuthn:
    """How the system's WebAuthn API is found and reached; every part injectable (tests have no Windows).
    It `applies` on Windows when the API is there and the process is not elevated."""

    platform: str = sys.platform
    available: Callable[[], bool] = _windows_api_available
    elevated: Callable[[], bool] = _elevated
    client: Callable[[ClientDataCollector], WebAuthnClient] = _windows_client

    def applies(self) -> bool:
        return self.platform == "win32" and self.available() and not self.elevated()


# --- USB keys --------------------------------------------------------------------------------------------


def _hid_devices() -> list[CtapDevice]:
    """The FIDO keys plugged in over USB (fido2's `CtapHidDevice`), each opened; one that cannot be opened
    (no permission, unplugged meanwhile) is left out, as the whole transport is on a platform without it."""
    try:
        from fido2 import hid
    except Exception as error:
        log.debug("no HID transport here: %s", type(error).__name__)
        return []
    found: list[CtapDevice] = []
    try:
        descriptors = list(hid.list_descriptors())
    except Exception as error:
        log.debug("listing HID keys failed: %s", type(error).__name__)
        return []
    for descriptor in descriptors:
        try:
            found.append(hid.CtapHidDevice(descriptor, hid.open_connection(descriptor)))
        except Exception as error:
            log.debug("a HID key could not be opened: %s", type(error).__name__)
    return found


def _no_virtual_keys(username: str) -> Sequence[CtapDevice]:
    return ()


# --- the keys and the ceremony ---------------------------------------------------------------------------


class SecurityKeys:
    """The keys a ceremony may use for a user name.

    `virtual(username)`: the virtual keys the app hands over (the emulators' keys). `hid`: look for USB
    keys too (through `hid_devices`, fido2's HID transport; opened for one ceremony and closed after it).
    `windows`: on Windows, the system's WebAuthn API in place of HID where it applies (`WindowsWebAuthn`).
    """

    def __init__(
        self,
        *,
        virtual: Callable[[str], Sequence[CtapDevice]] = _no_virtual_keys,
        hid: bool = True,
        hid_devices: Callable[[], Iterable[CtapDevice]] = _hid_devices,
        windows: WindowsWebAuthn | None = None,
    ) -> None:
        self._virtual = virtual
        self.hid = hid
        self._hid_devices = hid_devices
        self.windows = windows if windows is not None else WindowsWebAuthn()

    def __repr__(self) -> str:
        return f"SecurityKeys(hid={self.hid}, windows_api={self.uses_windows_api()})"

    def uses_windows_api(self) -> bool:
        """Real keys go through the system's WebAuthn API (Windows, not elevated), not HID."""
        return self.hid and self.windows.applies()

    def ceremony(
        self,
        options: Any,
        *,
        origin: str,
        username: str,
        cancel: threading.Event,
        prompt: KeyPrompt | None = None,
        deadline: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> dict[str, Any]:
        """The WebAuthn ceremony for fido2 `options` (PublicKeyCredentialRequestOptions: an assertion;
        PublicKeyCredentialCreationOptions: a registration) as the page at `origin`, on every key of
        `username` at once. Blocks until a key answers, `cancel` is set, or `deadline` passes on `clock`.
        Returns the credential's WebAuthn JSON; raises `SecurityKeyError`."""
        from fido2.client import ClientError as Fido2ClientError
        from fido2.client import DefaultClientDataCollector

        collector = DefaultClientDataCollector(origin)
        rp_id = options.rp.id if is_registration(options) else options.rp_id
        try:
            collector.verify_rp_id(rp_id, origin)
        except Fido2ClientError:
            raise SecurityKeyError(
                RP_MISMATCH, texts.message(texts.SECURITY_KEY_RP_MISMATCH, rp_id=str(rp_id))
            ) from None
        if cancel.is_set():
            raise SecurityKeyError(CANCELLED, None)
        opened: list[CtapDevice] = []
        attendants: list[_Attendant] = []
        pin_turn = threading.Lock()  # one PIN question at a time
        for device in self._virtual(username):
            attendants.append(_KeyAttendant(device, collector, options, prompt, pin_turn))
        if self.uses_windows_api():
            attendants.append(_WindowsAttendant(self.windows.client(collector), options))
        elif self.hid:
            opened = list(self._hid_devices())
            attendants.extend(_KeyAttendant(d, collector, options, prompt, pin_turn) for d in opened)
        try:
            if not attendants:
                raise SecurityKeyError(NONE, texts.message(texts.SECURITY_KEY_NONE))
            return _race(attendants, cancel, deadline, clock)
        finally:
            for device in opened:
                try:
                    device.close()
                except Exception as error:
                    log.debug("closing a HID key failed: %s", type(error).__name__)


# --- one key's part ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ended:
    """A key's ceremony ended without a credential; `soft`: it does not end the others'."""

    error: SecurityKeyError
    soft: bool = False


class _Attendant:
    """One key (or the Windows API) in a ceremony: `attend(event)` runs fido2's client on it and returns
    the credential's JSON or an `_Ended`. Runs on its own thread; `event` stops it."""

    def attend(self, event: threading.Event) -> dict[str, Any] | _Ended:
        raise NotImplementedError

    def asking_the_trader(self) -> bool:
        """In the prompt (a PIN question), or about to be: its thread ends when the trader answers, or
        when the question is withdrawn."""
        return False

    def withdraw(self) -> bool:
        """The ceremony no longer needs the PIN question in progress: ask the prompt to withdraw it. False
        when the prompt cannot (it has no `withdraw()`)."""
        return False


class _Interaction:
    """fido2's UserInteraction over a `KeyPrompt`, for one key."""

    def __init__(self, prompt: KeyPrompt | None, device: CtapDevice, turn: threading.Lock) -> None:
        self._prompt = prompt
        self._device = device
        self._turn = turn
        self.event: threading.Event | None = None
        self.declined = False
        self.prompting = False
        self.asked: int | None = None  # the retries the trader was told

    def prompt_up(self) -> None:
        if self._prompt is not None:
            self._prompt.touch_needed()

    def request_pin(self, permissions: Any, rp_id: str | None) -> str | None:
        if self._prompt is None:
            return None
        # One key's question at a time; waiting for the turn, look at the ceremony's end (another key's
        # question may stand until its trader answers).
        while not self._turn.acquire(timeout=POLL_SECONDS):
            if self._over():
                return None
        try:
            # Set BEFORE looking at the ceremony's end: the race either sees this attendant asking (and
            # withdraws the question, or leaves the thread) or this sees the end and asks nothing.
            self.prompting = True
            if self._over():
                return None  # the ceremony is over: another key answered, or it was cancelled
            self.asked = _pin_retries(self._device)
            if self._over():
                return None
            pin = self._prompt.pin(self.asked)
        finally:
            self.prompting = False
            self._turn.release()
        if self._over():
            return None  # answered after the ceremony ended: the PIN is not used (no try spent)
        if not pin:
            self.declined = True
            return None
        return pin

    def _over(self) -> bool:
        return self.event is not None and self.event.is_set()

    def withdraw(self) -> bool:
        withdraw = getattr(self._prompt, "withdraw", None)
        if not callable(withdraw):
            return False
        if self.prompting:
            try:
                withdraw()
            except Exception as error:  # a prompt's fault must not lose the ceremony's end
                log.warning("withdrawing a PIN question failed: %s", type(error).__name__)
                return False
        return True

    def request_uv(self, permissions: Any, rp_id: str | None) -> bool:
        return True


def _user_interaction(interaction: _Interaction) -> Any:
    from fido2.client import UserInteraction

    class Adapter(UserInteraction):
        def prompt_up(self) -> None:
            interaction.prompt_up()

        def request_pin(self, permissions: Any, rp_id: str | None) -> str | None:
            return interaction.request_pin(permissions, rp_id)

        def request_uv(self, permissions: Any, rp_id: str | None) -> bool:
            return interaction.request_uv(permissions, rp_id)

    return Adapter()


def _pin_retries(device: CtapDevice) -> int | None:
    try:
        from fido2.ctap2 import ClientPin, Ctap2

        return int(ClientPin(Ctap2(device)).get_pin_retries()[0])
    except Exception as error:
        log.debug("the key did not say its PIN retries: %s", type(error).__name__)
        return None


class _KeyAttendant(_Attendant):
    def __init__(
        self,
        device: CtapDevice,
        collector: ClientDataCollector,
        options: Any,
        prompt: KeyPrompt | None,
        turn: threading.Lock,
    ) -> None:
        self.device = device
        self.collector = collector
        self.options = options
        self.interaction = _Interaction(prompt, device, turn)
        self.has_prompt = prompt is not None

    def attend(self, event: threading.Event) -> dict[str, Any] | _Ended:
        from fido2.client import Fido2Client

        self.interaction.event = event
        try:
            client = Fido2Client(
                self.device, self.collector, user_interaction=_user_interaction(self.interaction)
            )
            options = _fit_user_verification(self.options, client.info, self.has_prompt)
            if is_registration(options):
                return dict(client.make_credential(options, event=event))
            return dict(client.get_assertion(options, event=event).get_response(0))
        except Exception as error:
            return _ended(error, self.interaction, self.device)

    def asking_the_trader(self) -> bool:
        return self.interaction.prompting

    def withdraw(self) -> bool:
        return self.interaction.withdraw()


class _WindowsAttendant(_Attendant):
    def __init__(self, client: WebAuthnClient, options: Any) -> None:
        self.client = client
        self.options = options

    def attend(self, event: threading.Event) -> dict[str, Any] | _Ended:
        try:
            if is_registration(self.options):
                return dict(self.client.make_credential(self.options, event=event))
            return dict(self.client.get_assertion(self.options, event=event).get_response(0))
        except Exception as error:
            return _ended(error, None, None)


def _fit_user_verification(options: Any, info: Any, has_prompt: bool) -> Any:
    """userVerification "preferred" as a browser reads it: verify the user where the key can (a PIN set, a
    fingerprint), else only its presence. fido2's client refuses a key that could take a PIN but has none
    set, and asks a PIN with no one to ask it of: for those keys, "discouraged" — the gateway accepts
    either (it prefers UV, requires only presence)."""
    from fido2.webauthn import UserVerificationRequirement

    settings = getattr(info, "options", {}) or {}
    configured = any(settings.get(name) for name in ("uv", "clientPin", "bioEnroll"))
    can_verify = configured and (has_prompt or bool(settings.get("uv")))
    preferred = (None, UserVerificationRequirement.PREFERRED)
    discouraged = UserVerificationRequirement.DISCOURAGED
    if is_registration(options):
        selection = options.authenticator_selection
        if selection is None or selection.user_verification not in preferred or can_verify:
            return options
        return dataclasses.replace(
            options, authenticator_selection=dataclasses.replace(selection, user_verification=discouraged)
        )
    if options.user_verification not in preferred or can_verify:
        return options
    return dataclasses.replace(options, user_verification=discouraged)


def _ended(error: BaseException, interaction: _Interaction | None, device: CtapDevice | None) -> _Ended:
    """What a key's failure means to the trader (nothing from the error's text is kept: it may be fido2's
    or the system's words, never a catalogue message)."""
    from fido2.client import ClientError as Fido2ClientError
    from fido2.client import PinRequiredError
    from fido2.ctap import CtapError

    if interaction is not None and interaction.declined:
        return _Ended(SecurityKeyError(CANCELLED, None))
    cause: Any = error
    if isinstance(error, Fido2ClientError) and error.cause is not None:
        cause = error.cause
    if isinstance(cause, CtapError):
        return _ctap_ended(cause.code, interaction, device)
    if isinstance(error, PinRequiredError):
        return _failed("PIN_REQUIRED")  # a key that needs its PIN, with no prompt to ask it
    if isinstance(error, Fido2ClientError):
        if error.code == Fido2ClientError.ERR.TIMEOUT:  # fido2's own timer (the options' timeout)
            return _Ended(SecurityKeyError(TIMEOUT, texts.message(texts.SECURITY_KEY_TIMEOUT)))
        if error.code == Fido2ClientError.ERR.DEVICE_INELIGIBLE:  # a U2F-only key: not registered
            return _Ended(
                SecurityKeyError(NOT_REGISTERED, texts.message(texts.SECURITY_KEY_NOT_REGISTERED)), soft=True
            )
        if isinstance(cause, OSError) and getattr(cause, "winerror", None) is not None:
            return _windows_ended(int(cause.winerror))  # type: ignore[attr-defined]
        return _failed(error.code.name, soft=True)
    log.debug("a security key failed: %s", type(error).__name__)
    return _failed(type(error).__name__, soft=True)


def _ctap_ended(code: Any, interaction: _Interaction | None, device: CtapDevice | None) -> _Ended:
    from fido2.ctap import CtapError

    err = CtapError.ERR
    if code == err.NO_CREDENTIALS:
        return _Ended(
            SecurityKeyError(NOT_REGISTERED, texts.message(texts.SECURITY_KEY_NOT_REGISTERED)), soft=True
        )
    if code == err.CREDENTIAL_EXCLUDED:
        return _Ended(SecurityKeyError(EXCLUDED, texts.message(texts.SECURITY_KEY_EXCLUDED)), soft=True)
    if code in (err.USER_ACTION_TIMEOUT, err.ACTION_TIMEOUT, err.KEEPALIVE_CANCEL):
        # KEEPALIVE_CANCEL before the ceremony stopped this key: fido2's timer (the options' timeout).
        return _Ended(SecurityKeyError(TIMEOUT, texts.message(texts.SECURITY_KEY_TIMEOUT)))
    if code == err.PIN_INVALID:
        retries = _pin_retries(device) if device is not None else None
        if retries is None:
            asked = interaction.asked if interaction is not None else None
            retries = max(asked - 1, 0) if asked is not None else 0
        if retries == 0:
            return _Ended(SecurityKeyError(PIN_BLOCKED, texts.message(texts.SECURITY_KEY_PIN_BLOCKED)))
        wrong = texts.message(texts.SECURITY_KEY_PIN_WRONG, retries=retries)
        return _Ended(SecurityKeyError(PIN_WRONG, wrong))
    if code == err.PIN_BLOCKED:
        return _Ended(SecurityKeyError(PIN_BLOCKED, texts.message(texts.SECURITY_KEY_PIN_BLOCKED)))
    if code == err.PIN_AUTH_BLOCKED:  # three wrong PINs in a row: the key wants unplugging
        return _Ended(SecurityKeyError(PIN_AUTH_BLOCKED, texts.message(texts.SECURITY_KEY_PIN_AUTH_BLOCKED)))
    if getattr(device, "locked", False) is True:
        # A virtual key whose passkeys are sealed with a keychain entry that is gone (it answers a
        # vendor status): say so, not a bare error code.
        return _Ended(SecurityKeyError(LOCKED, texts.message(texts.SECURITY_KEY_LOCKED)))
    return _failed(getattr(code, "name", "UNKNOWN_ERR"))


def _windows_ended(hresult: int) -> _Ended:
    hresult &= 0xFFFFFFFF
    if hresult == _NTE_USER_CANCELLED:
        return _Ended(SecurityKeyError(CANCELLED, None))  # the system's dialog was cancelled (or timed out)
    if hresult == _NTE_NOT_FOUND:
        return _Ended(SecurityKeyError(NOT_REGISTERED, texts.message(texts.SECURITY_KEY_NOT_REGISTERED)))
    if hresult == _NTE_EXISTS:
        return _Ended(SecurityKeyError(EXCLUDED, texts.message(texts.SECURITY_KEY_EXCLUDED)))
    if hresult == _NTE_DEVICE_NOT_FOUND:
        return _Ended(SecurityKeyError(NONE, texts.message(texts.SECURITY_KEY_NONE)))
    return _failed(f"0x{hresult:08X}")


def _failed(name: str, *, soft: bool = False) -> _Ended:
    return _Ended(SecurityKeyError(FAILED, texts.message(texts.SECURITY_KEY_FAILED, error=name)), soft=soft)


# --- the race ---------------------------------------------------------------------------------------------

# When every key ended softly, the one to tell: a key the trader touched (not registered, already
# registered) before a key that failed.
_SOFT_ORDER = (NOT_REGISTERED, EXCLUDED, FAILED)


def _race(
    attendants: Sequence[_Attendant],
    cancel: threading.Event,
    deadline: float | None,
    clock: Callable[[], float],
) -> dict[str, Any]:
    results: queue.SimpleQueue[tuple[int, dict[str, Any] | _Ended]] = queue.SimpleQueue()
    events = [threading.Event() for _ in attendants]

    def attend(index: int) -> None:
        try:
            outcome = attendants[index].attend(events[index])
        except BaseException as error:  # never lose a key's end: the race would wait for it
            outcome = _failed(type(error).__name__, soft=True)
        results.put((index, outcome))

    threads = [
        threading.Thread(target=attend, args=(index,), name=f"security-key-{index}", daemon=True)
        for index in range(len(attendants))
    ]
    for thread in threads:
        thread.start()
    pending = set(range(len(attendants)))
    soft: list[SecurityKeyError] = []
    try:
        while pending:
            if cancel.is_set():
                raise SecurityKeyError(CANCELLED, None)
            if deadline is not None and clock() >= deadline:
                raise SecurityKeyError(TIMEOUT, texts.message(texts.SECURITY_KEY_TIMEOUT))
            try:
                index, outcome = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            pending.discard(index)
            if not isinstance(outcome, _Ended):
                if cancel.is_set():  # the trader cancelled as the key answered: nothing is sent
                    raise SecurityKeyError(CANCELLED, None)
                return outcome
            if not outcome.soft:
                raise outcome.error
            soft.append(outcome.error)
        soft.sort(key=lambda error: _SOFT_ORDER.index(error.code) if error.code in _SOFT_ORDER else 99)
        raise soft[0]
    finally:
        for event in events:
            event.set()  # the other keys stop (a USB key gets CTAPHID_CANCEL)
        for attendant, thread in zip(attendants, threads, strict=True):
            if _withdrawn(attendant, thread) is False:
                # Another key answered while this one's PIN is asked, and the prompt cannot withdraw
                # the question: it ends with the ceremony's page (the prompt is released), and the PIN is
                # then not used.
                continue
            thread.join(JOIN_SECONDS)
            if thread.is_alive():
                log.warning("a security key did not stop within %g s; its thread is left", JOIN_SECONDS)


def _withdrawn(attendant: _Attendant, thread: threading.Thread) -> bool | None:
    """Ends the attendant's PIN question, if one is pending: True once its thread has left the prompt (or
    never was in it: None), False when the prompt cannot withdraw it. Repeated while the question has not
    begun (a withdraw before `pin()` is not remembered), bounded by JOIN_SECONDS' worth of polls."""
    if not attendant.asking_the_trader():
        return None
    for _ in range(int(JOIN_SECONDS / POLL_SECONDS)):
        if not attendant.asking_the_trader() or not thread.is_alive():
            return True
        if not attendant.withdraw():
            return False
        thread.join(POLL_SECONDS)
    return True
