"""The plugin's helpers (testers' contract 2.0), as a tester uses them: a login that returns how it ended
(`try_log_in`), "fail N times" (`fail_logins`), the kind of the page shown (`page_kind`), a widget by
name in any window (`find_widget`), a login window's session window (`session_window_of`), and the
window's per-attempt marker (`replyCount`, `replyShown`) for stepping through a login by hand."""

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

WAIT = 30_000  # a safety net: every wait below ends on state, long before this
LOCKED = "This user name is locked after too many failed attempts"


def test_a_login_attempt_returns_its_outcome(qtbot, login_window, try_log_in):
    refused = try_log_in(qtbot, login_window, "dscuser", "not-the-password")

    assert not refused.succeeded
    assert refused.message == "Invalid user name password combination"
    assert refused.page == "credentials"

    accepted = try_log_in(qtbot, login_window, "dscuser")

    assert accepted.succeeded
    assert "DSC+" in accepted.session.findChild(QLabel, "deviceLabel").text()


def test_log_in_fails_at_once_even_when_the_message_repeats(qtbot, login_window, log_in):
    with pytest.raises(AssertionError, match="Invalid user name password combination"):
        log_in(qtbot, login_window, "dscuser", "wrong")
    with pytest.raises(AssertionError, match="Invalid user name password combination"):
        log_in(qtbot, login_window, "dscuser", "wrong again")  # the same message as already shown


def test_r3_ten_failures_lock_the_user_name_for_24_hours(
    qtbot, login_window, sls_gateway, log_in, try_log_in, fail_logins
):
    messages = fail_logins(qtbot, login_window, "dscuser", 10)

    assert messages[0] == "Invalid user name password combination"
    assert sls_gateway.status("dscuser")["locked_until"] is not None

    locked = try_log_in(qtbot, login_window, "dscuser")  # the right password, while locked
    assert locked.message.startswith(LOCKED)

    sls_gateway.advance(24 * 3600 + 1)  # the gateway's clock and the window's, together
    log_in(qtbot, login_window, "dscuser")


def test_page_kind_follows_the_login(qtbot, login_window, sls_gateway, page_kind):
    login_window.findChild(QLineEdit, "usernameEdit").setText("ibkeyuser")
    login_window.findChild(QLineEdit, "passwordEdit").setText("demo123")
    login_window.findChild(QPushButton, "loginButton").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "ibkey_push", timeout=WAIT)

    login_window.findChild(QPushButton, "noNotificationLink").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "ibkey_challenge", timeout=WAIT)

    challenge = login_window.findChild(QLabel, "challengeLabel").text()
    response = sls_gateway.user("ibkeyuser").ibkey.respond(challenge)
    login_window.findChild(QLineEdit, "responseEdit").setText(response)
    login_window.findChild(QPushButton, "responseSubmitButton").click()
    qtbot.waitUntil(lambda: page_kind(login_window) == "session", timeout=WAIT)


def test_each_step_waited_on_with_the_per_attempt_marker(qtbot, login_window, sls_gateway):
    """`replyCount` goes up by one each time a reply is on screen, an identical refusal too; `replyShown`
    is its signal. Waiting on it never guesses from texts that may not change."""
    login_window.findChild(QLineEdit, "usernameEdit").setText("dscuser")
    login_window.findChild(QLineEdit, "passwordEdit").setText("wrong")
    before = login_window.property("replyCount")

    with qtbot.waitSignal(login_window.replyShown, timeout=WAIT) as reply:
        login_window.findChild(QPushButton, "loginButton").click()

    assert reply.args == [before + 1]
    assert login_window.property("busy") is False
    assert sls_gateway.status("dscuser")["failures"] == 1

    login_window.findChild(QLineEdit, "passwordEdit").setText("wrong")
    with qtbot.waitSignal(login_window.replyShown, timeout=WAIT):
        login_window.findChild(QPushButton, "loginButton").click()

    assert sls_gateway.status("dscuser")["failures"] == 2


def test_find_widget_looks_in_every_window(qtbot, login_window, log_in, find_widget, session_window_of):
    assert session_window_of(login_window) is None
    login_window.findChild(QPushButton, "emulatorsButton").click()

    assert find_widget("emulatorsWindow").isVisible()  # a window of its own

    session = log_in(qtbot, login_window, "carduser")

    assert session_window_of(login_window) is session
    assert find_widget("withdrawalLimitsLabel", QLabel).text().startswith("Per day: USD 200,000")


def test_two_login_windows_each_have_their_own_session(
    qtbot, login_window, login_window_factory, log_in, session_window_of
):
    other = login_window_factory()
    mine = log_in(qtbot, login_window, "dscuser")
    theirs = log_in(qtbot, other, "smsuser")

    assert session_window_of(login_window) is mine
    assert session_window_of(other) is theirs
