"""The emulators window follows the login of this app (SPEC §8, issue 13 item 3): when the login reaches a
second factor the user's device is selected on every tab that has one and the tab that needs the trader
comes forward, marked; the mark clears once handled. Driven through the testers' contract: the plugin's
`sls_gateway` and `login_window`, widgets found by object name, waits on state."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QWidget,
)

WAIT_MS = 30_000  # a safety net for a loaded runner; every wait ends on state


def find(window: QWidget, name: str, kind: type = QWidget):
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def open_emulators(qtbot, login_window) -> QWidget:
    """Clicks `emulatorsButton`; waits until the emulators window has loaded (its "loading" property)."""
    find(login_window, "emulatorsButton", QPushButton).click()
    (emulators,) = [
        w for w in QApplication.topLevelWidgets() if w.objectName() == "emulatorsWindow" and w.isVisible()
    ]
    qtbot.waitUntil(lambda: emulators.property("loading") is False, timeout=WAIT_MS)
    return emulators


def to_second_factor(qtbot, login_window, user: str, device_label: str | None = None) -> str:
    """Logs `user` in as far as the second-factor page; returns its challenge kind."""
    find(login_window, "usernameEdit", QLineEdit).setText(user)
    find(login_window, "passwordEdit", QLineEdit).setText("demo123")
    find(login_window, "loginButton", QPushButton).click()
    if device_label is not None:

        def listed() -> bool:
            devices = login_window.findChild(QListWidget, "deviceList")
            return devices is not None and devices.isVisible() and devices.count() > 0

        qtbot.waitUntil(listed, timeout=WAIT_MS)
        devices = find(login_window, "deviceList", QListWidget)
        row = next(i for i in range(devices.count()) if device_label in devices.item(i).text())
        devices.setCurrentRow(row)
        find(login_window, "deviceContinueButton", QPushButton).click()

    def shown() -> bool:
        page = login_window.findChild(QWidget, "secondFactorPage")
        return page is not None and page.isVisible() and bool(page.property("challengeKind"))

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    return find(login_window, "secondFactorPage").property("challengeKind")


def current_tab(emulators: QWidget) -> str:
    return find(emulators, "emulatorTabs", QTabWidget).currentWidget().objectName()


def device_of(emulators: QWidget, combo: str) -> str:
    """The user whose device a tab's device list shows ("smsuser — Phone +1 ••• ••• 1234")."""
    return find(emulators, combo, QComboBox).currentText().split(" ")[0]


def tab_title(emulators: QWidget, tab: str) -> str:
    tabs = find(emulators, "emulatorTabs", QTabWidget)
    return tabs.tabText(tabs.indexOf(find(emulators, tab)))


def marked(emulators: QWidget, tab: str) -> bool:
    return bool(find(emulators, tab).property("waiting")) and tab_title(emulators, tab).endswith("●")


# --- which tab comes forward, whose devices are selected ----------------------------------------------

FOLLOWS = [
    # user, device list choice, challenge kind, the tab that comes forward, its device list
    ("ibkeyuser", None, "ibkey_push", "ibkeyTab", "ibkeyDeviceCombo"),
    ("smsuser", None, "sms", "phoneTab", "phoneDeviceCombo"),
    ("dscuser", None, "dscplus", "dscplusTab", "dscDeviceCombo"),
    ("linkeduser", None, "dscplus", "dscplusTab", "dscDeviceCombo"),
    ("carduser", None, "card", "cardsTab", "cardDeviceCombo"),
    ("onlineuser", None, "online-card", "cardsTab", "cardDeviceCombo"),
    ("multiuser", "SMS", "sms", "phoneTab", "phoneDeviceCombo"),
]


@pytest.mark.parametrize(("user", "choice", "kind", "tab", "combo"), FOLLOWS)
def test_the_open_window_follows_the_login_to_the_tab_that_needs_the_trader(
    qtbot, login_window, user: str, choice: str | None, kind: str, tab: str, combo: str
) -> None:
    emulators = open_emulators(qtbot, login_window)
    find(emulators, "emulatorTabs", QTabWidget).setCurrentWidget(find(emulators, "deskTab"))
    assert to_second_factor(qtbot, login_window, user, choice) == kind
    qtbot.waitUntil(lambda: current_tab(emulators) == tab, timeout=WAIT_MS)
    assert device_of(emulators, combo) == user
    assert marked(emulators, tab)
    assert find(emulators, "deskUserCombo", QComboBox).currentText() == user
    find(login_window, "cancelButton", QPushButton).click()
    qtbot.waitUntil(lambda: not marked(emulators, tab), timeout=WAIT_MS)  # the login no longer waits


def test_multiuser_has_each_of_its_devices_selected_on_every_tab(qtbot, login_window) -> None:
    emulators = open_emulators(qtbot, login_window)
    assert device_of(emulators, "dscDeviceCombo") == "dscuser"  # the first DSC+ on the shelf
    assert to_second_factor(qtbot, login_window, "multiuser", "DSC+") == "dscplus"
    qtbot.waitUntil(lambda: current_tab(emulators) == "dscplusTab", timeout=WAIT_MS)
    for combo in ("dscDeviceCombo", "ibkeyDeviceCombo", "phoneDeviceCombo"):
        assert device_of(emulators, combo) == "multiuser", combo
    assert find(emulators, "dscKey1", QPushButton).isEnabled()
    find(login_window, "cancelButton", QPushButton).click()


def test_tempuser_brings_client_services_forward_with_the_passcode(qtbot, login_window) -> None:
    emulators = open_emulators(qtbot, login_window)
    assert to_second_factor(qtbot, login_window, "tempuser") == "temp_passcode"
    qtbot.waitUntil(lambda: current_tab(emulators) == "deskTab", timeout=WAIT_MS)
    assert marked(emulators, "deskTab")
    label = find(emulators, "tempPasscodeLabel", QLabel)
    qtbot.waitUntil(lambda: label.text() != "", timeout=WAIT_MS)
    find(login_window, "cancelButton", QPushButton).click()


def test_ibkeyuser_the_notification_shows_and_the_pick_and_one_click_approve_it(
    qtbot, login_window, log_in
) -> None:
    emulators = open_emulators(qtbot, login_window)
    to_second_factor(qtbot, login_window, "ibkeyuser")
    qtbot.waitUntil(lambda: current_tab(emulators) == "ibkeyTab", timeout=WAIT_MS)
    assert device_of(emulators, "ibkeyDeviceCombo") == "ibkeyuser"
    notifications = find(emulators, "ibkeyNotificationList", QListWidget)
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    assert "ibkeyuser" in find(emulators, "ibkeyDetailsLabel", QLabel).text()
    assert marked(emulators, "ibkeyTab")
    # Number matching: the phone's button with the number the login window shows, then Approve.
    shown = find(login_window, "pushNumberLabel", QLabel).text()
    numbers = [find(emulators, f"ibkeyNumberButton{i}", QPushButton) for i in (1, 2, 3)]
    (picked,) = [button for button in numbers if button.text() == shown]
    picked.click()
    find(emulators, "ibkeyApproveButton", QPushButton).click()

    def in_session() -> bool:
        session = login_window.session_window
        return session is not None and session.isVisible()

    qtbot.waitUntil(in_session, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not marked(emulators, "ibkeyTab"), timeout=WAIT_MS)
    assert tab_title(emulators, "ibkeyTab") == "IB Key phone"


def test_ibkeyuser_a_wrong_pick_on_the_phone_is_refused_on_the_page_and_a_new_notification_comes(
    qtbot, login_window, sls_gateway
) -> None:
    emulators = open_emulators(qtbot, login_window)
    to_second_factor(qtbot, login_window, "ibkeyuser")
    notifications = find(emulators, "ibkeyNotificationList", QListWidget)
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=WAIT_MS)
    tab = emulators.ibkey_tab
    first = tab.selected_push().transaction_id
    shown = find(login_window, "pushNumberLabel", QLabel).text()
    numbers = [find(emulators, f"ibkeyNumberButton{i}", QPushButton) for i in (1, 2, 3)]
    assert shown in [button.text() for button in numbers]
    approve = find(emulators, "ibkeyApproveButton", QPushButton)
    assert not approve.isEnabled()  # nothing picked yet
    wrong = next(button for button in numbers if button.text() != shown)
    wrong.click()
    approve.click()

    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and "number" in message.text(), timeout=WAIT_MS)
    assert message.text().startswith("Login failed")
    assert sls_gateway.status("ibkeyuser")["failures"] == 1  # counted (R3)
    # The login sent a fresh notification: the page shows its number, the phone its three, none picked.
    shown = find(login_window, "pushNumberLabel", QLabel).text()

    def fresh() -> bool:
        push = tab.selected_push()
        return push is not None and push.transaction_id != first

    qtbot.waitUntil(fresh, timeout=WAIT_MS)
    assert not approve.isEnabled()
    (right,) = [button for button in numbers if button.text() == shown]
    right.click()
    approve.click()

    def in_session() -> bool:
        session = login_window.session_window
        return session is not None and session.isVisible()

    qtbot.waitUntil(in_session, timeout=WAIT_MS)


def test_smsuser_the_text_is_in_the_inbox_of_the_right_phone(qtbot, login_window) -> None:
    emulators = open_emulators(qtbot, login_window)
    to_second_factor(qtbot, login_window, "smsuser")
    qtbot.waitUntil(lambda: current_tab(emulators) == "phoneTab", timeout=WAIT_MS)
    inbox = find(emulators, "phoneInbox", QListWidget)
    qtbot.waitUntil(lambda: inbox.count() == 1, timeout=WAIT_MS)
    assert "SMS" in inbox.item(0).text()
    find(login_window, "cancelButton", QPushButton).click()


def test_the_window_opened_during_the_login_follows_it_too(qtbot, login_window) -> None:
    to_second_factor(qtbot, login_window, "smsuser")
    emulators = open_emulators(qtbot, login_window)
    qtbot.waitUntil(lambda: current_tab(emulators) == "phoneTab", timeout=WAIT_MS)
    assert device_of(emulators, "phoneDeviceCombo") == "smsuser"
    assert marked(emulators, "phoneTab")
    find(login_window, "cancelButton", QPushButton).click()


def test_a_user_added_after_the_window_loaded_is_followed(qtbot, login_window, sls_gateway) -> None:
    emulators = open_emulators(qtbot, login_window)
    sls_gateway.add_user("newtrader", devices=("ibkey", "sms"))  # device files beside the demo ones
    to_second_factor(qtbot, login_window, "newtrader", "SMS")
    qtbot.waitUntil(lambda: current_tab(emulators) == "phoneTab", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: device_of(emulators, "phoneDeviceCombo") == "newtrader", timeout=WAIT_MS)
    assert device_of(emulators, "ibkeyDeviceCombo") == "newtrader"
    find(login_window, "cancelButton", QPushButton).click()


def test_the_trader_may_look_at_another_tab_while_the_login_waits(qtbot, login_window, sls_gateway) -> None:
    emulators = open_emulators(qtbot, login_window)
    to_second_factor(qtbot, login_window, "dscuser")
    qtbot.waitUntil(lambda: current_tab(emulators) == "dscplusTab", timeout=WAIT_MS)
    tabs = find(emulators, "emulatorTabs", QTabWidget)
    tabs.setCurrentWidget(find(emulators, "cardsTab"))
    find(login_window, "responseEdit", QLineEdit).setText("00000000")  # wrong: a fresh challenge follows
    find(login_window, "responseSubmitButton", QPushButton).click()
    message = find(login_window, "messageLabel", QLabel)
    qtbot.waitUntil(lambda: message.isVisible() and "Login failed" in message.text(), timeout=WAIT_MS)
    assert current_tab(emulators) == "cardsTab"  # the same need: not pulled back
    assert marked(emulators, "dscplusTab")
    find(login_window, "cancelButton", QPushButton).click()


def test_the_documented_example_picks_the_number_and_approves(qtbot, login_window) -> None:
    """docs/testing.md, "Device emulators window", as a tester would copy it (contract 3.0: the number
    the login window shows is picked on the phone first)."""
    login_window.findChild(QPushButton, "emulatorsButton").click()
    emulators = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "emulatorsWindow")
    qtbot.waitUntil(lambda: emulators.property("loading") is False, timeout=30_000)
    login_window.findChild(QLineEdit, "usernameEdit").setText("ibkeyuser")
    login_window.findChild(QLineEdit, "passwordEdit").setText("demo123")
    login_window.findChild(QPushButton, "loginButton").click()
    notifications = emulators.findChild(QListWidget, "ibkeyNotificationList")
    qtbot.waitUntil(lambda: notifications.count() == 1, timeout=30_000)  # followed: ibkeyuser's phone
    shown = login_window.findChild(QLabel, "pushNumberLabel").text()  # "42": pick it on the phone
    for name in ("ibkeyNumberButton1", "ibkeyNumberButton2", "ibkeyNumberButton3"):
        button = emulators.findChild(QPushButton, name)
        if button.text() == shown:
            button.click()
    emulators.findChild(QPushButton, "ibkeyApproveButton").click()  # then one click approves

    def in_session():
        return any(
            w.objectName() == "sessionWindow" and w.isVisible() for w in QApplication.topLevelWidgets()
        )

    qtbot.waitUntil(in_session, timeout=30_000)
