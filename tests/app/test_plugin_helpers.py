"""The helpers the plugin gives testers (contract 2.0), used as a tester would: `log_in` failing every
refusal at once, `try_log_in`, `fail_logins`, `find_widget`, `page_kind`, `session_window_of`, and the one
clock of `sls_gateway` that the windows share."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

WRONG = "Invalid user name password combination"
LOCKED = "This user name is locked after too many failed attempts"


def test_log_in_fails_every_refusal_at_once_with_the_message_shown(qtbot, login_window, log_in) -> None:
    for _ in range(2):  # the second one repeats the message already on screen
        # The message shown, not "timed out after …": the refusal ended the wait, not the safety net.
        with pytest.raises(AssertionError, match=WRONG):
            log_in(qtbot, login_window, "dscuser", "wrong")


def test_log_in_fails_at_once_on_a_refusal_given_in_the_click_itself(qtbot, login_window, log_in) -> None:
    for _ in range(2):  # R1: nothing is sent, the reply is on screen before click() returns
        with pytest.raises(AssertionError, match=r"User names are lower case\. Is Caps Lock on\?"):
            log_in(qtbot, login_window, "DSCuser", timeout_ms=1)  # no wait is needed, so none can time out


def test_a_step_that_never_comes_is_a_toolkit_error_not_a_qt_timeout(qtbot, login_window, log_in) -> None:
    from trader_login.app.testing import ToolkitError

    with pytest.raises(ToolkitError, match=r"timed out after 0\.001 s waiting for"):
        log_in(qtbot, login_window, "dscuser", timeout_ms=1)  # a safety net far too small to hold


def test_log_in_fails_with_the_lockout_message_for_the_right_password_while_locked(
    qtbot, login_window, sls_gateway, log_in, fail_logins
) -> None:
    fail_logins(qtbot, login_window, "dscuser", 10)
    for _ in range(2):
        with pytest.raises(AssertionError, match=LOCKED):
            log_in(qtbot, login_window, "dscuser")
    sls_gateway.advance(24 * 3600 + 1)
    assert log_in(qtbot, login_window, "dscuser").objectName() == "sessionWindow"


def test_fail_logins_waits_on_each_refusal_and_returns_the_messages(
    qtbot, login_window, sls_gateway, fail_logins
) -> None:
    messages = fail_logins(qtbot, login_window, "carduser", 10)
    assert messages[:9] == [WRONG] * 9
    assert messages[9] in (WRONG,) or messages[9].startswith(LOCKED)
    assert sls_gateway.status("carduser")["failures"] == 10
    assert sls_gateway.status("carduser")["locked_until"] is not None
    with pytest.raises(AssertionError, match="opened a session"):
        fail_logins(qtbot, login_window, "optoutuser", 1, "demo123")  # not a failure at all


def test_try_log_in_returns_the_outcome_without_asserting(qtbot, login_window, try_log_in) -> None:
    refused = try_log_in(qtbot, login_window, "dscuser", "wrong")
    assert (refused.succeeded, refused.session, refused.message, refused.page) == (
        False,
        None,
        WRONG,
        "credentials",
    )
    assert not refused
    kept = try_log_in(qtbot, login_window, "dscuser")
    assert kept.succeeded
    assert kept.session.objectName() == "sessionWindow"
    assert kept.message == ""


def test_an_unknown_user_name_is_refused_like_a_wrong_password(qtbot, login_window, try_log_in) -> None:
    attempt = try_log_in(qtbot, login_window, "nosuchuser")
    assert (attempt.succeeded, attempt.message) == (False, WRONG)


def test_try_log_in_reports_an_existing_session_kept_as_a_refusal(
    qtbot, login_window, login_window_factory, try_log_in
) -> None:
    assert try_log_in(qtbot, login_window, "dscuser").succeeded
    other = try_log_in(qtbot, login_window_factory(), "dscuser", takeover=False)
    assert not other.succeeded
    assert other.page == "credentials"


def test_page_kind_names_each_page(qtbot, login_window, sls_gateway, page_kind, log_in) -> None:
    assert page_kind(login_window) == "credentials"
    login_window.findChild(QLineEdit, "usernameEdit").setText("multiuser")
    login_window.findChild(QLineEdit, "passwordEdit").setText("demo123")
    login_window.findChild(QPushButton, "loginButton").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "device_list", timeout=30_000)
    login_window.findChild(QPushButton, "deviceContinueButton").click()  # the preselected DSC+
    qtbot.waitUntil(lambda: page_kind(login_window) == "dscplus", timeout=30_000)
    login_window.findChild(QPushButton, "cancelButton").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "credentials", timeout=30_000)
    log_in(qtbot, login_window, "ibkeyuser")
    assert page_kind(login_window) == "session"


def test_session_window_of_tells_two_login_windows_apart(
    qtbot, login_window, login_window_factory, log_in, session_window_of
) -> None:
    second = login_window_factory()
    assert session_window_of(login_window) is None
    first_session = log_in(qtbot, login_window, "dscuser")
    second_session = log_in(qtbot, second, "carduser")
    assert session_window_of(login_window) is first_session
    assert session_window_of(second) is second_session
    assert first_session is not second_session


def test_find_widget_looks_in_every_top_level_window(qtbot, login_window, log_in, find_widget) -> None:
    assert find_widget("usernameEdit", QLineEdit).isVisible()
    login_window.findChild(QPushButton, "emulatorsButton").click()
    assert find_widget("emulatorsWindow").isVisible()
    assert find_widget("dscOkButton", QPushButton) is not None
    log_in(qtbot, login_window, "dscuser")
    assert "DSC+" in find_widget("deviceLabel", QLabel).text()
    assert find_widget("deviceLabel", QLabel, window=login_window).isVisible()
    with pytest.raises(AssertionError, match="noSuchWidget"):
        find_widget("noSuchWidget")


def test_the_windows_clocks_are_the_gateways(qtbot, login_window, sls_gateway, page_kind) -> None:
    """The clock bug of issue 13 ("30 seconds" expected, 29 shown under load): the window's wall and
    monotonic clocks are the gateway's, standing still until `advance` moves them all."""
    login_window.findChild(QLineEdit, "usernameEdit").setText("smsuser")
    login_window.findChild(QLineEdit, "passwordEdit").setText("demo123")
    login_window.findChild(QPushButton, "loginButton").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "sms", timeout=30_000)
    login_window.findChild(QPushButton, "requestNewCodeLink").click()
    status = login_window.findChild(QLabel, "codeStatusLabel")
    qtbot.waitUntil(lambda: status.text() == "A new code can be sent in 30 seconds.", timeout=30_000)
    assert login_window.wall_clock is sls_gateway.clock
    assert login_window.controller.clock is sls_gateway.clock.monotonic
    sls_gateway.advance(10)
    qtbot.waitUntil(lambda: status.text() == "A new code can be sent in 20 seconds.", timeout=30_000)
    login_window.findChild(QPushButton, "cancelButton").click()


def test_approve_with_no_wait_looks_once(sls_gateway) -> None:
    # No login, so no notification: the error names the 0 s it was given, not the 30 s safety net.
    with pytest.raises(AssertionError, match="no IB Key notification reached the phone in 0 s"):
        sls_gateway.user("ibkeyuser").ibkey.approve(timeout=0)


def test_close_session_window_answers_the_logout_confirmation(
    qtbot, login_window, log_in, close_session_window, page_kind, session_window_of
) -> None:
    session = log_in(qtbot, login_window, "dscuser")
    assert close_session_window(login_window, log_out=False) == "session"  # Cancel: still logged in
    assert session_window_of(login_window) is session
    assert close_session_window(login_window) == "credentials"  # Log Out
    assert session_window_of(login_window) is None
    assert page_kind(login_window) == "credentials"
