"""The broker's rules as the trader meets them on the credentials page (SPEC §3): messages on
`messageLabel`, the lockout and its end, the Caps Lock hint, help for forgotten details."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def try_login(qtbot, login_window, find):
    """Submits the credentials page and waits for its answer; returns the text on `messageLabel`."""
    username = find(login_window, "usernameEdit", QLineEdit)
    password = find(login_window, "passwordEdit", QLineEdit)
    button = find(login_window, "loginButton", QPushButton)
    message = find(login_window, "messageLabel", QLabel)

    def try_login(name, secret):
        username.setText(name)
        password.setText(secret)
        qtbot.mouseClick(button, LEFT)
        # A refused login clears the password field once the answer is on screen: wait for that, not
        # for the button (it is still enabled right after the click, before the worker has begun).
        qtbot.waitUntil(
            lambda: password.text() == "" and button.isEnabled() and message.isVisible(), timeout=WAIT_MS
        )
        return message.text()

    return try_login


def test_r1_upper_case_is_refused_before_anything_is_sent(login_window, sls_gateway, find):
    find(login_window, "usernameEdit", QLineEdit).setText("DSCuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    find(login_window, "loginButton", QPushButton).click()

    # R1 is checked in the window itself: the message is there at once, no wait needed
    assert find(login_window, "messageLabel", QLabel).text() == "User names are lower case. Is Caps Lock on?"
    assert sls_gateway.status("dscuser")["failures"] == 0  # not a wasted attempt


@pytest.mark.parametrize("name", ["dsc user", "dsc!user", "dsc.user"])
def test_r1_bad_character(login_window, find, name):
    find(login_window, "usernameEdit", QLineEdit).setText(name)
    find(login_window, "loginButton", QPushButton).click()

    assert find(login_window, "messageLabel", QLabel).text().startswith("BAD CHARACTER")


@pytest.mark.parametrize("name", ["dscuser", "nosuchuser"])
def test_r2_wrong_credentials_never_say_which_was_wrong(try_login, name):
    assert try_login(name, "not-the-password") == "Invalid user name password combination"


def test_caps_lock_warning(qtbot, login_window, find):
    login_window.activateWindow()
    password = find(login_window, "passwordEdit", QLineEdit)
    warning = find(login_window, "capsLockWarning", QLabel)
    password.setFocus()
    qtbot.waitUntil(password.hasFocus, timeout=WAIT_MS)

    qtbot.keyClick(password, "P")  # a capital typed without Shift: Caps Lock must be on

    assert warning.isVisible()
    assert warning.text() == "Caps Lock is on"


def test_r3_lockout_after_ten_failures_ends_24_hours_later(
    qtbot, login_window, sls_gateway, log_in, try_login
):
    for _ in range(10):
        try_login("dscuser", "wrong")

    message = try_login("dscuser", "demo123")  # the right password, but locked

    assert message.startswith("This user name is locked after too many failed attempts, until")
    assert "Client Services can unlock it sooner" in message
    assert sls_gateway.status("dscuser")["locked_until"] is not None
    sls_gateway.advance(24 * 3600 + 1)  # 24 h after the last unsuccessful attempt
    log_in(qtbot, login_window, "dscuser")


def test_r3_client_services_unlock(qtbot, login_window, sls_gateway, log_in, try_login):
    for _ in range(10):
        try_login("dscuser", "wrong")
    assert try_login("dscuser", "demo123").startswith("This user name is locked")

    sls_gateway.unlock("dscuser")

    session = log_in(qtbot, login_window, "dscuser")
    assert session.isVisible()


def test_paper_user_in_live_mode_is_refused(try_login):
    message = try_login("paperuser", "demo123")  # the Live button is checked by default

    assert message == 'This is a paper trading user name. Choose "Paper trading" to log in.'


def test_r19_forgotten_details_point_to_client_services(qtbot, login_window, find):
    help_text = find(login_window, "forgotHelp", QLabel)
    assert not help_text.isVisible()

    qtbot.mouseClick(find(login_window, "forgotLink", QPushButton), LEFT)

    assert help_text.isVisible()
    assert "Client Services" in help_text.text()
