"""The security key (passkey): `passkeyuser` logs in by touching a virtual FIDO2 security key. The login
page starts the key's ceremony as it shows ("Touch your security key", with the seconds left); the test
touches the key with `sls_gateway.user(name).passkey.touch()`, which waits until the key waits for it.

`log_in` does the touch itself. A second key: `user.passkey.add_key()` has Client Services issue an
enrolment code and plugs in a fresh virtual key; the next login with that code registers it. Nothing here
touches a real USB key: the test windows use the virtual keys only.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton

WAIT_MS = 30_000  # a safety net for a loaded runner, never an expectation

LEFT = Qt.MouseButton.LeftButton


def test_passkey_with_log_in(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "passkeyuser")

    assert find(session, "deviceLabel", QLabel).text() == "Security key"


def test_passkey_touched_by_hand(qtbot, login_window, sls_gateway, find, page_kind, session_window_of):
    passkeyuser = sls_gateway.user("passkeyuser")
    find(login_window, "usernameEdit", QLineEdit).setText("passkeyuser")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "passkey", timeout=WAIT_MS)
    seconds = find(login_window, "securityKeySecondsLabel", QLabel)
    qtbot.waitUntil(lambda: any(ch.isdigit() for ch in seconds.text()), timeout=WAIT_MS)  # "180 seconds left"

    passkeyuser.passkey.touch()  # waits for the key to wait, then touches it

    qtbot.waitUntil(lambda: session_window_of(login_window) is not None, timeout=WAIT_MS)
    assert passkeyuser.passkey.credentials[0].sign_count > 0


def test_a_user_with_a_key_of_the_tests_own(qtbot, login_window, sls_gateway, log_in, find):
    trader = sls_gateway.add_user("trader12", "Correct-Horse-12", devices=["passkey"])

    session = log_in(qtbot, login_window, trader, "Correct-Horse-12")

    assert find(session, "deviceLabel", QLabel).text() == "Security key"
    assert trader.passkey.credentials[0].user_name == "trader12"


def test_a_second_key_registered_with_an_enrolment_code(
    qtbot, login_window, sls_gateway, find, page_kind, session_window_of
):
    trader = sls_gateway.add_user("trader13", devices=["passkey"])
    code, second_key = trader.passkey.add_key()  # Client Services' code; a fresh key plugged in

    find(login_window, "usernameEdit", QLineEdit).setText("trader13")
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    qtbot.mouseClick(find(login_window, "loginButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "device_list", timeout=WAIT_MS)
    devices = find(login_window, "deviceList", QListWidget)
    devices.setCurrentRow(devices.count() - 1)  # the key to register comes after the registered one
    qtbot.mouseClick(find(login_window, "deviceContinueButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "passkey_enrolment", timeout=WAIT_MS)

    find(login_window, "responseEdit", QLineEdit).setText(code)
    qtbot.mouseClick(find(login_window, "responseSubmitButton", QPushButton), LEFT)
    qtbot.waitUntil(lambda: page_kind(login_window) == "passkey_registration", timeout=WAIT_MS)
    find(login_window, "securityKeyNameEdit", QLineEdit).setText("spare key")
    qtbot.mouseClick(find(login_window, "registerSecurityKeyButton", QPushButton), LEFT)
    second_key.touch()

    qtbot.waitUntil(lambda: session_window_of(login_window) is not None, timeout=WAIT_MS)
    assert second_key.credentials[0].user_name == "trader13"
