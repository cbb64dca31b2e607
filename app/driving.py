"""Drives the login window by its widgets (object names of SPEC §8), for the pytest plugin, `--self-test`
and the screenshots alike: what page shows, a reply waited on through the window's per-attempt marker,
and a login that answers whatever page comes with the user's devices (`app.harness`).

Every wait here is on state and ends in ToolkitError (an AssertionError) with what the window shows; its
timeout is a safety net for a loaded machine, never the expected way out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trader_login.app.harness import (
    WAIT_SECONDS,
    ToolkitError,
    User,
    challenge_kind,
    challenge_kinds_of,
)
from trader_login.auth import vocabulary
from trader_login.auth.gateway.demo_users import DEMO_PASSWORD

WRONG_PASSWORD = "not-the-password"  # noqa: S105 - a deliberately wrong one, for fail_logins
# The pages `page_kind` names, besides the challenge kinds of the second-factor page.
CREDENTIALS, DEVICE_LIST, EXISTING_SESSION, SESSION = (
    "credentials",
    "device_list",
    "existing_session",
    "session",
)
_MAX_STEPS = 12  # device list, a challenge, a fresh one, an existing session …: a login takes a few


# --- reading the windows -----------------------------------------------------------------------------------


def find_widget(name: str, kind: type | None = None, *, window: Any = None) -> Any:
    """The widget with object name `name` (of class `kind`, QWidget by default) in any top-level window
    — the login window, a session window, the emulators window — or only in `window` and its session
    window. A visible one is preferred to a hidden one. Raises ToolkitError when there is none."""
    from PySide6.QtWidgets import QApplication, QWidget

    kind = kind or QWidget
    if window is not None:
        roots = [window, session_window_of(window)]
    else:
        roots = sorted(QApplication.topLevelWidgets(), key=lambda top: not top.isVisible())
    found = []
    for root in roots:
        if root is None:
            continue
        if root.objectName() == name and isinstance(root, kind):
            found.append(root)
        found.extend(root.findChildren(kind, name))
    if not found:
        raise ToolkitError(
            f"no {kind.__name__} named {name!r} in {'that window' if window else 'any window'}"
        )
    return next((widget for widget in found if widget.isVisible()), found[0])


def session_window_of(window: Any) -> Any:
    """The session window a login window opened (`sessionWindow`), while it is open; else None."""
    session = getattr(window, "session_window", None)
    return session if session is not None and session.isVisible() else None


def page_kind(window: Any) -> str:
    """What the login window shows: "credentials", "device_list", "existing_session", "session" (its
    session window is open), or on the second-factor page its `challengeKind` ("ibkey_push",
    "ibkey_challenge", "dscplus", "card", "online-card", "sms", "temp_passcode")."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStackedWidget

    if session_window_of(window) is not None:
        return SESSION
    pages = window.findChild(QStackedWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
    current = pages.currentWidget() if pages is not None else None
    name = current.objectName() if current is not None else ""
    if name == "secondFactorPage":
        return str(current.property("challengeKind"))
    return {"deviceChoicePage": DEVICE_LIST, "existingSessionPage": EXISTING_SESSION}.get(name, CREDENTIALS)


def message_shown(window: Any) -> str:
    """The text of `messageLabel` while it shows, else ""."""
    from PySide6.QtWidgets import QWidget

    label = window.findChild(QWidget, "messageLabel")
    return label.text() if label is not None and label.isVisible() else ""


def reply_count(window: Any) -> int:
    """The window's per-attempt marker: +1 each time a reply is on screen, an identical refusal too."""
    value = window.property("replyCount")
    if value is None:
        raise ToolkitError("this login window has no replyCount marker (contract 2.0)")
    return int(value)


def is_busy(window: Any) -> bool:
    """True while a request of the window is in flight."""
    return bool(window.property("busy"))


# --- waiting -----------------------------------------------------------------------------------------------


def wait_until(
    done: Callable[[], object], what: str, timeout: float = WAIT_SECONDS, window: Any = None
) -> None:
    """Runs the event loop until `done()` is true; ToolkitError naming `what` (and what `window` shows)
    after `timeout` seconds."""
    # The event loop runs between looks (QtTest's qWait does the same; QtTest is not in the bundle that
    # runs --self-test).
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            state = f" (the window shows {page_kind(window)}: {message_shown(window)!r})" if window else ""
            raise ToolkitError(f"timed out after {timeout:g} s waiting for {what}{state}")
        loop = QEventLoop()
        QTimer.singleShot(10, loop.quit)
        loop.exec()


def act(window: Any, action: Callable[[], object], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Does `action` (a click, Enter; on the login window, its session window or a device) and waits
    until its reply is on screen: the window's `replyCount` has gone up and it is not busy. A refusal that
    repeats the message already shown counts too, and so does one given in the click itself (R1)."""
    before = reply_count(window)
    action()
    wait_until(
        lambda: reply_count(window) > before and (not is_busy(window) or waits_on_device(window)),
        what,
        timeout,
        window,
    )


def waits_on_device(window: Any) -> bool:
    """The page shown waits on the trader's device by itself (a security key's ceremony, started as the
    page shows): the window is busy until the device answers, and that is the page's reply settled."""
    page = page_kind(window)
    if page not in vocabulary.CHALLENGE_KINDS:
        return False
    answer = challenge_kind(page)
    return answer.on_device and answer.press is None


def close_session_window(window: Any, *, log_out: bool = True, timeout: float = WAIT_SECONDS) -> str:
    """Closes the session window of `window` as a trader does (the title bar's close) and answers its
    "Log out and close?" (`logoutConfirmDialog`): Log Out (`confirmLogoutButton`) waits until the login
    window is back; Cancel (`cancelLogoutButton`) leaves the session open. A session that has already ended
    closes without asking. Returns `page_kind(window)` afterwards (contract 2.2)."""
    from PySide6.QtWidgets import QPushButton

    session = session_window_of(window)
    if session is None:
        raise ToolkitError("that login window has no session window open")
    session.close()
    dialog = getattr(session, "confirm_dialog", None)
    if dialog is not None:
        wait_until(dialog.isVisible, "the logout confirmation", timeout, window)
        button = dialog.findChild(QPushButton, "confirmLogoutButton" if log_out else "cancelLogoutButton")
        button.click()
        if not log_out:
            wait_until(lambda: getattr(session, "confirm_dialog", None) is None, "the dialog to go", timeout)
            return page_kind(window)
    wait_until(
        lambda: session_window_of(window) is None and not is_busy(window), "the logout", timeout, window
    )
    return page_kind(window)


# --- a login -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    """How a login attempt ended: the session window, or the refusal — the message shown and the page
    it shows on ("credentials" for wrong credentials or a lockout, a challenge kind for "Login failed")."""

    user: str
    session: Any
    message: str
    page: str

    @property
    def succeeded(self) -> bool:
        return self.session is not None

    def __bool__(self) -> bool:
        return self.succeeded


def user_of(window: Any, user: User | str) -> User:
    """A user handle; a name needs a window from the plugin (it knows its gateway). A name the gateway
    does not know is fine: its login is refused like a wrong password (R2), or in the click (R1)."""
    if isinstance(user, User):
        return user
    gateway = getattr(window, "sls_gateway", None)
    if gateway is None:
        raise ToolkitError("pass the user's handle (sls_gateway.user(name)) for this window")
    return gateway.shelf.user(user, must_exist=False)


def enter_credentials(window: Any, user: str, password: str, *, paper: bool = False) -> None:
    """Fills the credentials page (Live/Paper, user name, password) without submitting."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    _child(window, QPushButton, "paperModeButton" if paper else "liveModeButton").click()
    _child(window, QLineEdit, "usernameEdit").setText(user)
    _child(window, QLineEdit, "passwordEdit").setText(password)


def send_credentials(
    window: Any,
    user: str,
    password: str = DEMO_PASSWORD,
    *,
    paper: bool = False,
    timeout: float = WAIT_SECONDS,
) -> str:
    """Fills the credentials page, clicks Log In and waits for the reply; returns the page it shows."""
    from PySide6.QtWidgets import QPushButton

    enter_credentials(window, user, password, paper=paper)
    act(window, _child(window, QPushButton, "loginButton").click, f"the reply to {user}'s login", timeout)
    return page_kind(window)


def pick_device(window: Any, user: User, device: str) -> None:
    """Makes `device` (a device kind) the current row of the M2FS list, without continuing."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    ids = user.shelf.device_ids(user.name, device)
    devices = _child(window, QListWidget, "deviceList")
    for row in range(devices.count()):
        if devices.item(row).data(Qt.ItemDataRole.UserRole) in ids:
            devices.setCurrentRow(row)
            return
    raise ToolkitError(f"the device list offers no {device}")


def answer_page(window: Any, user: User, timeout: float = WAIT_SECONDS) -> str:
    """Answers the second-factor page shown with the user's device (its kind's app part) and
    waits for the reply; returns the page it shows then."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

    page = page_kind(window)
    kind = challenge_kind(page)
    label = window.findChild(QLabel, "challengeLabel")
    text = label.text() if label is not None and label.isVisible() else ""
    if kind.on_device:
        press = _child(window, QPushButton, kind.press).click if kind.press else lambda: None

        def on_device() -> None:
            press()
            kind.answer(user, text)

        act(window, on_device, f"the reply to the {page} given on the device", timeout)
    else:
        _child(window, QLineEdit, "responseEdit").setText(kind.answer(user, text) or "")
        submit = _child(window, QPushButton, "responseSubmitButton")
        act(window, submit.click, f"the reply to the {page} response", timeout)
    return page_kind(window)


def attempt_login(
    window: Any,
    user: User | str,
    password: str = DEMO_PASSWORD,
    device: str | None = None,
    *,
    paper: bool = False,
    takeover: bool = True,
    timeout: float = WAIT_SECONDS,
) -> LoginAttempt:
    """One login attempt through the widgets, answering every page with the user's devices; returns how
    it ended without asserting. `device` names the device the login must use (picked from the M2FS list;
    a page for another device raises ToolkitError: that is a test's mistake, not a refusal). Outside
    pytest too (no qtbot): the waits run the event loop themselves."""
    from PySide6.QtWidgets import QPushButton

    handle = user_of(window, user)
    expected = challenge_kinds_of(device) if device is not None else None
    page = send_credentials(window, handle.name, password, paper=paper, timeout=timeout)
    answered: set[str] = set()
    for _ in range(_MAX_STEPS):
        if page in (SESSION, CREDENTIALS):
            break
        if page in answered and message_shown(window):
            break  # refused: "Login failed" with a fresh challenge, or the list again
        answered.add(page)
        if page == DEVICE_LIST:
            if device is not None:
                pick_device(window, handle, device)
            act(
                window,
                _child(window, QPushButton, "deviceContinueButton").click,
                "the device chosen",
                timeout,
            )
            page = page_kind(window)
        elif page == EXISTING_SESSION:
            name = "takeoverButton" if takeover else "keepOtherButton"
            act(window, _child(window, QPushButton, name).click, "the existing session's answer", timeout)
            page = page_kind(window)
        elif page in vocabulary.CHALLENGE_KINDS:
            if expected is not None and page not in expected:
                raise ToolkitError(f"the login of {handle.name} asks for {page}, not for the {device} device")
            page = answer_page(window, handle, timeout)
        else:
            raise ToolkitError(f"the harness cannot answer a {page!r} page")
    return LoginAttempt(handle.name, session_window_of(window), message_shown(window), page)


def try_log_in(
    qtbot: Any,
    window: Any,
    user: User | str,
    password: str = DEMO_PASSWORD,
    device: str | None = None,
    *,
    paper: bool = False,
    takeover: bool = True,
    timeout_ms: int = int(WAIT_SECONDS * 1000),
) -> LoginAttempt:
    """`log_in`'s login, returning how it ended (`LoginAttempt`) instead of asserting: the session window,
    or the refusal's message and the page it shows on. `qtbot` as for `log_in`."""
    del qtbot
    timeout = timeout_ms / 1000
    return attempt_login(window, user, password, device, paper=paper, takeover=takeover, timeout=timeout)


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
    """Logs `user` in through the window's widgets and returns the session window; any refusal fails at
    once with ToolkitError (an AssertionError) carrying the message shown. `qtbot` is pytest-qt's (kept
    for the contract's signature; the waits run the event loop themselves)."""
    attempt = try_log_in(
        qtbot, window, user, password, device, paper=paper, takeover=takeover, timeout_ms=timeout_ms
    )
    if not attempt.succeeded:
        said = attempt.message or f"no message, on the {attempt.page} page"
        raise ToolkitError(f"the login of {attempt.user} failed: {said}")
    return attempt.session


def fail_logins(
    qtbot: Any,
    window: Any,
    user: User | str,
    times: int,
    password: str = WRONG_PASSWORD,
    *,
    paper: bool = False,
    timeout_ms: int = int(WAIT_SECONDS * 1000),
) -> list[str]:
    """`times` login attempts with a wrong password, each waited on until its refusal is on screen;
    returns the messages shown, in order (the last ones say "locked" once R3 locks the name). An attempt
    that opens a session raises ToolkitError."""
    messages = []
    for number in range(1, times + 1):
        attempt = try_log_in(qtbot, window, user, password, paper=paper, timeout_ms=timeout_ms)
        if attempt.succeeded:
            raise ToolkitError(f"attempt {number} of {times} opened a session: the password was right")
        messages.append(attempt.message)
    return messages


# --- the widgets -------------------------------------------------------------------------------------------


def _child(window: Any, kind: type, name: str) -> Any:
    widget = window.findChild(kind, name)
    if widget is None:
        raise ToolkitError(f"the login window has no {name}")
    return widget


class NullKeychain:
    """For runs that must leave the trader's remembered user name alone (self-test, screenshots, tests)."""

    def remembered_username(self) -> None:
        return None

    def fallback_notice(self) -> None:
        return None

    def remember_username(self, _name: str) -> None:
        return None

    def forget_username(self) -> None:
        return None
