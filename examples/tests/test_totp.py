"""The authenticator app (TOTP): `totpuser` logs in with the 6-digit code of an app that changes every 30 s.
`log_in` types it; `sls_gateway.user(name).totp.code()` gives it to a test that types it itself, at the
test's one clock; `.totp.uri` is the otpauth:// URI a real phone app would scan.

The gateway takes each 30 s step's code once. The clock stands still until the test moves it, so the
harness answers a second login in the same step with the next step's code (the gateway accepts it) and
asks for `sls_gateway.advance(30)` before a third one.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

LEFT = Qt.MouseButton.LeftButton


def test_totp_with_log_in(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "totpuser")

    assert find(session, "deviceLabel", QLabel).text() == "Authenticator app"


def test_totp_typed_by_hand(qtbot, login_window, sls_gateway, find, page_kind, session_window_of):
    totpuser = sls_gateway.user("totpuser")
    find(login_window, "usernameEdit", QLineEdit).setText("totpuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "totp", timeout=WAIT_MS)
    seconds = find(login_window, "totpSecondsLabel", QLabel)
    qtbot.waitUntil(lambda: any(ch.isdigit() for ch in seconds.text()), timeout=WAIT_MS)  # "New code in 17 …"

    edit = find(login_window, "responseEdit", QLineEdit)
    qtbot.keyClicks(edit, totpuser.totp.code())  # the 6th digit sends it, as a trader's typing does

    qtbot.waitUntil(lambda: session_window_of(login_window) is not None, timeout=WAIT_MS)


def test_the_uri_is_what_a_phone_app_would_scan(sls_gateway):
    uri = sls_gateway.user("totpuser").totp.uri

    assert uri.startswith("otpauth://totp/Trader%20Login:totpuser?")
    assert "digits=6" in uri
    assert "period=30" in uri


def test_a_user_with_an_authenticator_of_the_tests_own(qtbot, login_window, sls_gateway, log_in, find):
    trader = sls_gateway.add_user("trader11", "Correct-Horse-11", devices=["totp"])
    session = log_in(qtbot, login_window, trader, "Correct-Horse-11")

    assert find(session, "deviceLabel", QLabel).text() == "Authenticator app"


def test_one_code_per_step(qtbot, login_window, login_window_factory, sls_gateway, log_in):
    log_in(qtbot, login_window, "totpuser")  # the current step's code
    log_in(qtbot, login_window_factory(), "totpuser")  # the current one is used: the next step's

    # ToolkitError, an AssertionError: the harness would have to send a code the gateway refuses
    with pytest.raises(AssertionError, match=r"advance the clock \(sls_gateway\.advance\(30\)\)"):
        log_in(qtbot, login_window_factory(), "totpuser")  # nothing left the gateway would accept

    sls_gateway.advance(30)  # a new step: codes again
    log_in(qtbot, login_window_factory(), "totpuser")


def test_a_code_of_the_wrong_length_is_not_sent(qtbot, login_window, sls_gateway, find, page_kind):
    find(login_window, "usernameEdit", QLineEdit).setText("totpuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "totp", timeout=WAIT_MS)

    find(login_window, "responseEdit", QLineEdit).setText("12345")
    qtbot.mouseClick(find(login_window, "responseSubmitButton", QPushButton), LEFT)

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(message.isVisible, timeout=WAIT_MS)
    assert message.text() == "The authenticator code is 6 digits, as your authenticator app shows it."
    assert sls_gateway.status("totpuser")["failures"] == 0  # refused before it was sent: not an attempt
    assert find(login_window, "secondFactorPage", QWidget).isVisible()
