"""Users a test makes for itself with `sls_gateway.add_user`, Client Services' temporary passcode, and what
happens to a session afterwards (log out, expiry)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

LEFT = Qt.MouseButton.LeftButton


def test_add_user_with_custom_devices(qtbot, login_window, sls_gateway, log_in, find, shown):
    trader = sls_gateway.add_user("trader7", "Correct-Horse-7", devices=("card", "sms"), phone="+15555550142")
    find(login_window, "usernameEdit", QLineEdit).setText("trader7")
    find(login_window, "passwordEdit", QLineEdit).setText("Correct-Horse-7")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)

    qtbot.waitUntil(lambda: shown(login_window, "deviceList"), timeout=WAIT_MS)
    devices = find(login_window, "deviceList", QListWidget)
    assert [devices.item(row).text() for row in range(devices.count())] == ["Security Code Card", "SMS"]
    qtbot.mouseClick(find(login_window, "cancelButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: shown(login_window, "usernameEdit"), timeout=WAIT_MS)

    # the handle works with log_in like a demo user's name does
    session = log_in(qtbot, login_window, trader, "Correct-Horse-7", device="sms")
    assert find(session, "deviceLabel", QLabel).text() == "SMS"
    assert trader.phone.number == "+15555550142"


def test_temporary_passcode_issued_by_client_services(
    qtbot, login_window, sls_gateway, find, shown, session_window
):
    sls_gateway.add_user("lostphone", devices=())  # password demo123, no device left
    passcode = sls_gateway.issue_temp_passcode("lostphone")  # R9: read to the trader by telephone
    assert sls_gateway.user("lostphone").temp_passcode == passcode

    find(login_window, "usernameEdit", QLineEdit).setText("lostphone")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)

    qtbot.waitUntil(lambda: shown(login_window, "responseEdit"), timeout=WAIT_MS)
    page = find(login_window, "secondFactorPage")
    assert page.property("challengeKind") == "temp_passcode"
    response = find(login_window, "responseEdit", QLineEdit)
    qtbot.keyClicks(response, passcode.lower())
    assert response.text() == passcode  # R4: the field upper-cases as the trader types
    qtbot.mouseClick(find(login_window, "responseSubmitButton", QPushButton), LEFT)

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)
    restrictions = find(session_window(), "restrictionsLabel", QLabel).text()
    assert restrictions.startswith("Temporary passcode")


def test_a_temporary_passcode_is_not_issued_twice_in_a_row(sls_gateway):
    sls_gateway.issue_temp_passcode("dscuser")

    with pytest.raises(AssertionError, match="twice in a row"):  # the toolkit's ToolkitError
        sls_gateway.issue_temp_passcode("dscuser")


def test_ip_restriction_refuses_other_addresses(qtbot, login_window, sls_gateway, find):
    sls_gateway.add_user("farawayuser", devices=(), opt_out=True, ip_allow=["192.0.2.10"])  # not us
    password = find(login_window, "passwordEdit", QLineEdit)
    find(login_window, "usernameEdit", QLineEdit).setText("farawayuser")
    password.setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: password.text() == "" and message.isVisible(), timeout=WAIT_MS)
    assert "only allowed from the IP addresses" in message.text()


def test_log_out_returns_to_the_login_window(qtbot, login_window, sls_gateway, log_in, find):
    session = log_in(qtbot, login_window, "dscuser")
    assert sls_gateway.status("dscuser")["sessions"] == 1

    qtbot.mouseClick(find(session, "logoutButton", QPushButton), LEFT)
    del session  # the session window is deleted once closed: keep no reference to it

    qtbot.waitUntil(login_window.isVisible, timeout=WAIT_MS)
    assert sls_gateway.status("dscuser")["sessions"] == 0
    assert find(login_window, "usernameEdit", QLineEdit).text() == "dscuser"


def test_the_session_window_says_when_the_session_has_expired(qtbot, login_window, sls_gateway, log_in, find):
    session = log_in(qtbot, login_window, "dscuser")
    status = find(session, "sessionStatusLabel", QLabel)
    assert not status.isVisible()

    sls_gateway.advance(3 * 24 * 3600)  # the window checks its session every few seconds

    qtbot.waitUntil(status.isVisible, timeout=WAIT_MS)
    assert status.text() == "This session has expired."
    assert find(session, "logoutButton", QPushButton).text() == "Back to login"


def test_read_only_entry_skips_the_second_factor(qtbot, login_window, find, shown, session_window):
    find(login_window, "usernameEdit", QLineEdit).setText("dscuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: shown(login_window, "responseEdit"), timeout=WAIT_MS)

    qtbot.mouseClick(find(login_window, "readOnlyButton", QPushButton), LEFT)

    qtbot.waitUntil(lambda: session_window() is not None, timeout=WAIT_MS)
    session = session_window()
    assert find(session, "deviceLabel", QLabel).text() == "None (read-only session)"
    assert find(session, "restrictionsLabel", QLabel).text() != "None"


def test_r16_a_second_login_takes_the_session_over(qtbot, login_window, login_window_factory, log_in):
    first = log_in(qtbot, login_window, "dscuser")
    second = login_window_factory()
    log_in(qtbot, second, "dscuser")  # answers the existing-session page with takeoverButton
    notice = first.findChild(QLabel, "sessionStatusLabel")
    qtbot.waitUntil(notice.isVisible, timeout=WAIT_MS)
    assert "taken over" in notice.text()


def test_r16_keeping_the_other_session_returns_to_the_credentials(
    qtbot, login_window, login_window_factory, log_in, find
):
    log_in(qtbot, login_window, "dscuser")
    second = login_window_factory()
    with pytest.raises(AssertionError, match="The other session stays logged in"):
        log_in(qtbot, second, "dscuser", takeover=False)
    assert find(second, "usernameEdit", QLineEdit).isVisible()
