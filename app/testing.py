"""The testers' toolkit behind the `trader_login` pytest plugin (`app/pytest_plugin.py`): a real SLS gateway
on loopback with a clock the test moves, handles on each user's devices, and a complete login through
the window's widgets. Its names, and the object names of SPEC §8, are the versioned contract
(`CONTRACT_VERSION`, CHANGELOG.md); everything else in the project may change without notice.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from trader_login.app.driving import code_in_message, dsc_response
from trader_login.app.pytest_plugin import CONTRACT_VERSION
from trader_login.auth.devices import files
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD, DEMO_PIN
from trader_login.auth.gateway.flow import GatewayConfig
from trader_login.auth.gateway.gateway import Gateway
from trader_login.auth.gateway.policy import FakeClock
from trader_login.auth.gateway.server import GatewayServer
from trader_login.auth.kdf import TEST_COST

__all__ = ["CONTRACT_VERSION", "SlsGateway", "ToolkitError", "User", "log_in", "seed_demo"]
DEVICE_KINDS = ("ibkey", "dscplus", "card", "sms", "online-card")
WAIT_SECONDS = 10.0


class ToolkitError(AssertionError):
    """A step the toolkit could not take (no notification arrived, no such user, a login that failed),
    with what the window or the gateway said. An AssertionError, so pytest shows it as a test failure."""


@contextlib.contextmanager
def _desk_refusals() -> Iterator[None]:
    """The desk's refusals (a second temporary passcode in a row, a name taken) as ToolkitError."""
    from trader_login.auth.gateway.admin import AdminError
    from trader_login.auth.gateway.policy import GatewayError

    try:
        yield
    except (AdminError, GatewayError) as error:
        raise ToolkitError(getattr(error, "message", None) or str(error)) from None


class MonotonicClock:
    """The window's countdown clock, moved together with the gateway's by `SlsGateway.advance`."""

    def __init__(self) -> None:
        self._offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds


def seed_demo(data_dir: Path) -> Path:
    """A demo-seeded gateway data directory with the cheap test KDF, to copy into each test."""
    gateway = Gateway(data_dir, config=_config(), clock=FakeClock())
    try:
        gateway.seed_demo()
    finally:
        gateway.close()
    return data_dir


def _config() -> GatewayConfig:
    # The cheap KDF keeps a login in milliseconds; no rate limit, so a test may log in as often as it likes.
    return GatewayConfig(kdf_cost=dict(TEST_COST), rate_limit=None)


class SlsGateway:
    """A gateway for one test: fresh database (a copy of the demo seed), served on 127.0.0.1."""

    def __init__(self, data_dir: Path, template: Path | None = None) -> None:
        if template is not None:
            shutil.copytree(template, data_dir)
        self.clock = FakeClock()  # the gateway's wall clock: lockouts, expiries, resend delays
        self.monotonic = MonotonicClock()  # the window's countdowns
        self._gateway = Gateway(data_dir, config=_config(), clock=self.clock)
        if template is None:
            self._gateway.seed_demo()
        self._server = GatewayServer(self._gateway)
        self._server.start()
        self._pins: dict[str, str] = {}
        self._passcodes: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"SlsGateway(url={self.url!r})"

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the gateway's certificate (64 hex digits), for `--fingerprint`."""
        return self._server.fingerprint

    @property
    def ca_cert(self) -> Path:
        """The gateway's self-signed certificate (PEM), for `--ca-cert`."""
        return Path(self._server.cert_path)

    # --- the desk ---------------------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        password: str = DEMO_PASSWORD,
        devices: Iterable[str] = ("dscplus",),
        *,
        pin: str = DEMO_PIN,
        phone: str = "+15555550199",
        mode: str = "live",
        linked_accounts: Iterable[tuple[str, str]] = (),
        opt_out: bool = False,
        ip_allow: Iterable[str] = (),
    ) -> User:
        """A new user with the given devices (any of ibkey, dscplus, card, sms, online-card); `pin` is the
        DSC+ PIN, `phone` the SMS number. Returns the user's handle."""
        kinds = list(devices)
        for kind in kinds:
            if kind not in DEVICE_KINDS:
                raise ToolkitError(f"device kind must be one of {', '.join(DEVICE_KINDS)}, not {kind!r}")
        desk = self._gateway.desk
        with _desk_refusals():
            desk.add_user(name, password, mode=mode)
            for kind in kinds:
                options = {"pin": pin} if kind == "dscplus" else {"phone": phone} if kind == "sms" else {}
                device = desk.add_device(name, kind, **options)
                if kind == "online-card":
                    desk.activate_online_card(name, device.serial)
                # Beside the demo users' files: the handles and the emulators window find them there.
                files.save(device, self._gateway.device_dir / f"{name}-{kind}.json")
            if linked_accounts:
                desk.link_accounts(name, list(linked_accounts))
            if opt_out:
                desk.opt_out(name)
            if ip_allow:
                desk.ip_allow(name, list(ip_allow))
        self._pins[name] = pin
        return self.user(name)

    def user(self, name: str) -> User:
        """The handle of a demo user or of one added by `add_user`."""
        if not self._gateway.desk.has_user(name):
            raise ToolkitError(f"the gateway has no user {name!r}")
        return User(self, name)

    def issue_temp_passcode(self, name: str) -> str:
        """Client Services issues a temporary passcode (R9); refused twice in a row."""
        with _desk_refusals():
            code = self._gateway.desk.issue_temp_passcode(name)
        self._passcodes[name] = code
        return code

    def unlock(self, name: str) -> None:
        """Client Services unlocks a locked user name (R3)."""
        with _desk_refusals():
            self._gateway.desk.unlock(name)

    def status(self, name: str) -> dict[str, Any]:
        """What Client Services sees of a user: failures, lock until, temporary passcode, opt-out."""
        with _desk_refusals():
            return self._gateway.desk.status(name)

    def emulator_services(self) -> Any:
        """The emulators window's services over this gateway, as the embedded gateway's are."""
        from trader_login.app.emulator_services import embedded_services

        return embedded_services(self._gateway, self.url, self.fingerprint)

    def advance(self, seconds: float) -> None:
        """Moves time on, for the gateway and for the windows built by the `login_window` fixture: a
        lockout ends, a notification expires, a resend becomes possible, without waiting."""
        self.clock.advance(seconds)
        self.monotonic.advance(seconds)

    def close(self) -> None:
        self._server.stop()
        self._gateway.close()

    # --- for the handles ---------------------------------------------------------------------------------

    def _device(self, name: str, kind: str) -> Any:
        path = self._gateway.device_dir / f"{name}-{kind}.json"
        if not path.exists():
            raise ToolkitError(f"{name} has no {kind} device")
        return files.load(path)

    def _pin(self, name: str) -> str:
        return self._pins.get(name, DEMO_PIN)

    def _passcode(self, name: str) -> str:
        if name in self._passcodes:
            return self._passcodes[name]
        return self._gateway.desk.demo_temp_passcode(name)

    def _messages(self, phone: str) -> list[dict[str, Any]]:
        return self._gateway.desk.outbox(phone)

    def _phone_link(self) -> Any:
        from trader_login.auth.client.device_link import PhoneLink

        return PhoneLink(self.url, fingerprint=self.fingerprint)


class User:
    """One user's devices, as the trader holds them: `.dscplus`, `.ibkey`, `.phone`, `.card`,
    `.online_card`. A device the user does not have raises ToolkitError when used."""

    def __init__(self, gateway: SlsGateway, name: str) -> None:
        self.name = name
        self._gateway = gateway
        self.dscplus = _DscPlus(gateway, name)
        self.ibkey = _IbKey(gateway, name)
        self.phone = _Phone(gateway, name)
        self.card = _Card(gateway, name, "card")
        self.online_card = _Card(gateway, name, "online-card")

    def __repr__(self) -> str:
        return f"User({self.name!r})"

    @property
    def temp_passcode(self) -> str:
        """The temporary passcode Client Services last issued to this user (the demo seed's for tempuser)."""
        return self._gateway._passcode(self.name)


class _DscPlus:
    def __init__(self, gateway: SlsGateway, name: str) -> None:
        self._gateway, self._name = gateway, name

    def respond(self, challenge: str) -> str:
        """The 8-digit response the DSC+ shows for a 6-digit challenge (R6: button, PIN, OK, challenge,
        OK)."""
        digits = "".join(ch for ch in challenge if ch.isdigit())
        device = self._gateway._device(self._name, "dscplus")
        return dsc_response(device, digits, self._gateway._pin(self._name))


class _IbKey:
    def __init__(self, gateway: SlsGateway, name: str) -> None:
        self._gateway, self._name = gateway, name

    def respond(self, challenge: str) -> str:
        """IB Key's "Authenticate": the 8-digit response to an 8-digit challenge."""
        digits = "".join(ch for ch in challenge if ch.isdigit())
        return self._gateway._device(self._name, "ibkey").respond(digits)

    def approve(self, timeout: float = WAIT_SECONDS) -> None:
        """Approves the login's notification on the phone (waits for it to arrive)."""
        self._decide(approve=True, timeout=timeout)

    def deny(self, timeout: float = WAIT_SECONDS) -> None:
        self._decide(approve=False, timeout=timeout)

    def _decide(self, *, approve: bool, timeout: float) -> None:
        app = self._gateway._device(self._name, "ibkey")
        with self._gateway._phone_link() as link:
            deadline = time.monotonic() + timeout
            while not (pushes := link.pending_pushes(app)):
                if time.monotonic() > deadline:
                    raise ToolkitError(f"no IB Key notification reached {self._name}'s phone in {timeout} s")
                time.sleep(0.05)
            link.decide(app, pushes[-1], approve)


class _Phone:
    def __init__(self, gateway: SlsGateway, name: str) -> None:
        self._gateway, self._name = gateway, name

    @property
    def number(self) -> str:
        return self._gateway._device(self._name, "sms").number

    def last_code(self) -> str:
        """The code of the newest text or voice call to the user's phone, as the trader reads or hears it."""
        messages = self._gateway._messages(self.number)
        if not messages:
            raise ToolkitError(f"{self._name}'s phone has received nothing")
        code = code_in_message(messages[-1]["text"])
        if code is None:
            raise ToolkitError("the newest message carries no code")
        return code


class _Card:
    def __init__(self, gateway: SlsGateway, name: str, kind: str) -> None:
        self._gateway, self._name, self._kind = gateway, name, kind

    def response(self, challenge_text: str) -> str:
        """The codes at the two index values the login shows (e.g. the `challengeLabel` text "12 · 87"),
        one after the other without a space (R7)."""
        indices = [int(n) for n in re.findall(r"[0-9]+", challenge_text)]
        if len(indices) != 2:
            raise ToolkitError(f"expected two index values in {challenge_text!r}")
        return self._gateway._device(self._name, self._kind).response(*indices)


# --- a complete login through the widgets --------------------------------------------------------------


def log_in(
    qtbot: Any,
    window: Any,
    user: User | str,
    password: str = DEMO_PASSWORD,
    device: str | None = None,
    *,
    paper: bool = False,
    takeover: bool = True,
    timeout_ms: int = int(WAIT_SECONDS * 1000),
) -> Any:
    """Logs `user` in through the login window's widgets (object names of SPEC §8) and returns the
    session window. `device` picks one kind from the M2FS list (ibkey, dscplus, sms, card, online-card);
    an existing session is taken over unless `takeover=False`. Fails with what the window said."""
    from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QWidget

    if isinstance(user, str):
        gateway = getattr(window, "sls_gateway", None)
        if gateway is None:
            raise ToolkitError("pass the user's handle (sls_gateway.user(name)) for this window")
        user = gateway.user(user)
    assert isinstance(user, User)

    def find(kind: type, name: str) -> Any:
        widget = window.findChild(kind, name)
        if widget is None:
            raise ToolkitError(f"the login window has no {name}")
        return widget

    def visible(name: str) -> bool:
        widget = window.findChild(QWidget, name)
        return widget is not None and widget.isVisible()

    def message() -> str:
        label = window.findChild(QWidget, "messageLabel")
        return label.text() if label is not None and label.isVisible() else ""

    def session_window() -> Any:
        """This window's session window (another login window may have one of its own)."""
        session = getattr(window, "session_window", None)
        return session if session is not None and session.isVisible() else None

    def wait_for_next_page(before: str) -> str:
        """Waits until the window shows something other than `before` and is not busy."""

        def page() -> str:
            if session_window() is not None:
                return "session"
            if visible("busyIndicator"):
                return "busy"
            for name in ("deviceList", "takeoverButton", "pushStatusLabel", "responseEdit"):
                if visible(name):
                    return (
                        f"{name}:{find(QWidget, 'challengeLabel').text() if name == 'responseEdit' else ''}"
                    )
            return f"credentials:{message()}"

        qtbot.waitUntil(lambda: page() not in (before, "busy"), timeout=timeout_ms)
        return page()

    find(QPushButton, "paperModeButton" if paper else "liveModeButton").click()
    find(QLineEdit, "usernameEdit").setText(user.name)
    find(QLineEdit, "passwordEdit").setText(password)
    find(QPushButton, "loginButton").click()
    page = wait_for_next_page("credentials:" + message())
    for _ in range(6):  # device list, second factor, a fresh challenge, existing session: a few pages at most
        if page == "session":
            return session_window()
        if page.startswith("credentials"):
            raise ToolkitError(f"the login of {user.name} failed: {message() or 'no message'}")
        if page.startswith("deviceList"):
            _pick_device(find(QListWidget, "deviceList"), device)
            find(QPushButton, "deviceContinueButton").click()
        elif page.startswith("takeoverButton"):
            find(QPushButton, "takeoverButton" if takeover else "keepOtherButton").click()
        elif page.startswith("pushStatusLabel"):
            _check_device(window, device)
            user.ibkey.approve()
        else:
            _check_device(window, device)
            find(QLineEdit, "responseEdit").setText(_response(window, user, find))
            find(QPushButton, "responseSubmitButton").click()
        before, page = page, wait_for_next_page(page)
        if page == before:
            break
    raise ToolkitError(f"the login of {user.name} did not reach a session: {message() or page}")


_PAGES_OF = {
    "ibkey": ("ibkey_push", "ibkey_challenge"),
    "dscplus": ("dscplus",),
    "sms": ("sms",),
    "card": ("card",),
    "online-card": ("online-card",),
    "temp_passcode": ("temp_passcode",),
}


def _check_device(window: Any, kind: str | None) -> None:
    """`device=` names what the login must use: a page for another device is an error, not a pass."""
    if kind is None:
        return
    from PySide6.QtWidgets import QWidget

    page = window.findChild(QWidget, "secondFactorPage")
    shown = page.property("challengeKind") if page is not None else None
    if shown not in _PAGES_OF.get(kind, (kind,)):
        raise ToolkitError(f"the login asks for {shown}, not for the {kind} device")


def _pick_device(devices: Any, kind: str | None) -> None:
    if kind is None:
        return  # the preselected one (the last used, or the most secure)
    names = {"ibkey": "IB Key", "dscplus": "DSC+", "sms": "SMS", "card": "Security Code Card",
             "online-card": "Online Security Code Card", "temp_passcode": "emporary passcode"}  # fmt: skip
    label = names.get(kind, kind)
    for row in range(devices.count()):
        text = devices.item(row).text()
        if label in text and not (kind == "card" and "Online" in text):
            devices.setCurrentRow(row)
            return
    raise ToolkitError(f"the device list offers no {kind}")


def _response(window: Any, user: User, find: Any) -> str:
    """The answer to the page the window shows, from the user's devices."""
    from PySide6.QtWidgets import QLabel

    title = window.findChild(QLabel, "challengeLabel")
    challenge = title.text() if title is not None and title.isVisible() else ""
    instructions = find(QLabel, "instructionsLabel").text()
    from PySide6.QtWidgets import QWidget

    page = window.findChild(QWidget, "secondFactorPage")
    kind = page.property("challengeKind") if page is not None else None
    if kind == "dscplus":
        return user.dscplus.respond(challenge)
    if kind == "ibkey_challenge":
        return user.ibkey.respond(challenge)
    if kind == "card":
        return user.card.response(challenge)
    if kind == "online-card":
        return user.online_card.response(challenge)
    if kind == "sms":
        return user.phone.last_code()
    if kind == "temp_passcode":
        return user.temp_passcode
    raise ToolkitError(f"no answer for this page: {instructions!r}")
