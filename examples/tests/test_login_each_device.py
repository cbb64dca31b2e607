"""One complete login per device kind with the plugin's `log_in` helper, checking what the session
window shows. Demo users (password demo123, DSC+ PIN 1234) come with every `sls_gateway`."""

import pytest
from PySide6.QtWidgets import QComboBox, QLabel


def test_dscplus(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "dscuser")

    assert session.objectName() == "sessionWindow"
    assert "DSC+" in find(session, "deviceLabel", QLabel).text()
    assert "Unlimited" in find(session, "withdrawalLimitsLabel", QLabel).text()  # R12
    assert find(session, "restrictionsLabel", QLabel).text() == "None"
    assert "dscuser" in find(session, "sessionUserLabel", QLabel).text()


def test_ibkey_push_is_approved_on_the_phone(qtbot, login_window, log_in, find):
    # log_in waits for the notification and approves it with the user's IB Key (sls_gateway.user(...).ibkey)
    session = log_in(qtbot, login_window, "ibkeyuser")

    assert "IB Key" in find(session, "deviceLabel", QLabel).text()


def test_security_code_card(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "carduser")

    assert find(session, "deviceLabel", QLabel).text().startswith("Security Code Card")


def test_online_security_code_card(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "onlineuser")

    assert "Online Security Code Card" in find(session, "deviceLabel", QLabel).text()


def test_sms(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "smsuser")

    assert "SMS" in find(session, "deviceLabel", QLabel).text()


def test_temporary_passcode_of_the_demo_seed(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "tempuser")

    assert "temporary passcode" in find(session, "restrictionsLabel", QLabel).text().lower()  # R9


@pytest.mark.parametrize(("device", "shown_as"), [("dscplus", "DSC+"), ("ibkey", "IB Key"), ("sms", "SMS")])
def test_m2fs_user_picks_a_device(qtbot, login_window, log_in, find, device, shown_as):
    # multiuser has three devices: the window lists them and log_in picks the one asked for
    session = log_in(qtbot, login_window, "multiuser", device=device)

    assert shown_as in find(session, "deviceLabel", QLabel).text()


def test_linked_accounts_are_in_the_account_selector(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "linkeduser")

    accounts = find(session, "accountCombo", QComboBox)
    assert accounts.count() == 3  # R17
    assert accounts.isEnabled()


def test_paper_user_needs_no_second_factor(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "paperuser", paper=True)

    assert "paper" in find(session, "sessionUserLabel", QLabel).text()


def test_opted_out_user_logs_in_with_the_password_alone(qtbot, login_window, log_in, find):
    session = log_in(qtbot, login_window, "optoutuser")  # R15: IP restriction to 127.0.0.1, where we are

    assert find(session, "restrictionsLabel", QLabel).text() != "None"
