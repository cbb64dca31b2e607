"""The Security key tab (issue 18): the virtual security key of the selected device file — its passkeys
listed, Touch enabled only while the key waits for one (and the tab brought forward, marked, while the login
waits on it), its PIN set, changed and removed, a passkey removed; the key is the very one the login's
ceremony uses. Over the harness's gateway, following a login in the desktop app."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTreeWidget
from pytestqt.qtbot import QtBot

from tests.ui.emulators.conftest import child
from tests.ui.login_support import WAIT_MS, Trader
from trader_login.app import driving
from trader_login.app.emulator_services import close_services
from trader_login.app.gui import DesktopApp
from trader_login.app.testing import SlsGateway
from trader_login.auth import texts
from trader_login.auth.devices.passkey import MAX_PIN_BYTES, PIN_RETRIES, PinError
from trader_login.ui import messages
from trader_login.ui.emulators import EmulatorsWindow

USER = "keyuser"


@pytest.fixture
def emulators(qtbot: QtBot, desktop: DesktopApp, sls_gateway: SlsGateway) -> Iterator[EmulatorsWindow]:
    services = sls_gateway.emulator_services()
    window = EmulatorsWindow(services, wall_clock=sls_gateway.clock)
    qtbot.addWidget(window)
    desktop.controller.viewChanged.connect(window.follow_login)
    window.show()
    qtbot.waitUntil(lambda: window.property("loading") is False, timeout=WAIT_MS)
    yield window
    window.close()
    assert window.tasks.wait(0)
    close_services(services)


@pytest.fixture
def keyuser(sls_gateway: SlsGateway) -> Any:
    return sls_gateway.add_user(USER, devices=["passkey"])


def selected(qtbot: QtBot, emulators: EmulatorsWindow, user: str = USER) -> Any:
    """The Security key tab with `user`'s key selected and loaded (the shelf re-read for a new user)."""
    emulators.refresh_devices()
    tab = emulators.tab("securityKey")
    combo = child(emulators, QComboBox, "securityKeyDeviceCombo")
    emulators.show_tab("securityKey")
    qtbot.waitUntil(lambda: tab.picker.select_user(user), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: combo.currentText().startswith(user) and tab.key is not None, timeout=WAIT_MS)
    return tab


def rows(emulators: EmulatorsWindow) -> list[list[str]]:
    tree = child(emulators, QTreeWidget, "securityKeyCredentialList")
    return [
        [tree.topLevelItem(i).text(column) for column in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_the_tab_lists_the_keys_passkeys_and_is_idle(
    qtbot: QtBot, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    tab = selected(qtbot, emulators)
    assert tab is child(emulators, type(tab), "securityKeyTab")
    assert tab.key is keyuser.passkey.key  # the login's own key, not a copy
    ((site, name, created, count),) = rows(emulators)
    assert (site, name, count) == ("localhost", USER, "0")
    assert created
    assert child(emulators, QLabel, "securityKeyStatusLabel").text() == "Idle"
    touch = child(emulators, QPushButton, "securityKeyTouchButton")
    assert touch.text() == "Touch"
    assert not touch.isEnabled()
    assert child(emulators, QLabel, "securityKeyPinStateLabel").text() == "PIN: none"
    assert not tab.property("waiting")


def test_touch_is_enabled_only_while_the_key_waits_and_the_tab_follows_the_login(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    qtbot = trader.qtbot
    tab = selected(qtbot, emulators)
    emulators.show_tab("desk")
    touch = child(emulators, QPushButton, "securityKeyTouchButton")
    status = child(emulators, QLabel, "securityKeyStatusLabel")

    trader.log_in(USER)
    qtbot.waitUntil(touch.isEnabled, timeout=WAIT_MS)

    assert emulators.tabs.currentWidget() is tab  # brought forward for the login …
    assert tab.property("waiting")  # … and marked
    assert emulators.tabs.tabText(emulators.tabs.indexOf(tab)).endswith("●")
    assert status.text() == f"Waiting for a touch — login by {USER}"
    assert tab.waiting()

    trader.act(touch.click)

    assert trader.session_window().objectName() == "sessionWindow"
    qtbot.waitUntil(lambda: not touch.isEnabled(), timeout=WAIT_MS)
    assert status.text() == "Idle"
    signed = keyuser.passkey.credentials[0].sign_count
    assert signed > 0
    qtbot.waitUntil(lambda: rows(emulators)[0][3] == str(signed), timeout=WAIT_MS)  # the counter it signed
    qtbot.waitUntil(lambda: not tab.property("waiting"), timeout=WAIT_MS)
    touch.click()  # a touch when nothing waits does nothing
    assert not keyuser.passkey.key.waiting_for_touch


def test_the_pin_is_set_then_changed_only_with_the_current_one(
    qtbot: QtBot, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    tab = selected(qtbot, emulators)
    key = keyuser.passkey.key
    edit = child(emulators, QLineEdit, "securityKeySetPinEdit")
    current = child(emulators, QLineEdit, "securityKeyCurrentPinEdit")
    button = child(emulators, QPushButton, "securityKeySetPinButton")
    state = child(emulators, QLabel, "securityKeyPinStateLabel")
    message = child(emulators, QLabel, "securityKeyMessageLabel")
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert current.echoMode() == QLineEdit.EchoMode.Password
    assert edit.maxLength() == MAX_PIN_BYTES
    assert button.text() == "Set PIN"
    assert not current.isVisible()  # no PIN yet: nothing to give

    edit.setText("12")
    button.click()
    assert message.property("error") is True
    assert not key.has_pin  # refused by the key's own rule, nothing changed

    edit.setText("4711")
    button.click()
    qtbot.waitUntil(lambda: key.has_pin, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: state.text() == "PIN: set", timeout=WAIT_MS)
    assert edit.text() == ""
    assert button.text() == "Change PIN"
    assert current.isVisible()
    assert "4711" not in repr(tab.key)

    edit.setText("2468")  # no current PIN: nothing asked of the key
    button.click()
    assert message.text() == "Enter the key's current PIN first."
    assert key.pin_retries == PIN_RETRIES

    current.setText("0000")  # a wrong one counts against the key's retries, and says how many are left
    edit.setText("2468")
    button.click()
    qtbot.waitUntil(lambda: "left" in message.text(), timeout=WAIT_MS)
    assert key.pin_retries == PIN_RETRIES - 1
    assert message.text() == f"Wrong current PIN: {PIN_RETRIES - 1} tries left."  # English plural forms
    assert message.property("error") is True
    assert current.text() == ""
    assert edit.text() == ""

    current.setText("4711")
    edit.setText("2468")
    button.click()
    qtbot.waitUntil(lambda: message.text() == "PIN changed.", timeout=WAIT_MS)
    assert key.pin_retries == PIN_RETRIES
    with pytest.raises(PinError):  # the new PIN is the key's now
        key.change_pin("4711", "1357")
    key.change_pin("2468", "1357")


def test_a_blocked_pin_is_said_and_only_a_confirmed_reset_clears_it_with_the_passkeys(
    qtbot: QtBot, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    tab = selected(qtbot, emulators)
    key = keyuser.passkey.key
    key.set_pin("4711")
    for _ in range(PIN_RETRIES - 1):
        with pytest.raises(PinError):
            key.change_pin("0000", "2468")
    assert key.pin_retries == 1
    message = child(emulators, QLabel, "securityKeyMessageLabel")
    current = child(emulators, QLineEdit, "securityKeyCurrentPinEdit")
    qtbot.waitUntil(current.isVisible, timeout=WAIT_MS)
    current.setText("0000")
    child(emulators, QLineEdit, "securityKeySetPinEdit").setText("2468")
    child(emulators, QPushButton, "securityKeySetPinButton").click()
    qtbot.waitUntil(lambda: "blocked" in message.text(), timeout=WAIT_MS)
    assert key.pin_retries == 0

    assert emulators.findChild(QPushButton, "securityKeyClearPinButton") is None  # no PIN removal but a reset
    reset = child(emulators, QPushButton, "securityKeyResetButton")
    reset.click()
    qtbot.waitUntil(lambda: tab.reset_dialog is not None, timeout=WAIT_MS)
    dialog = tab.reset_dialog
    assert "deletes the key's passkeys" in dialog.informativeText()
    child(dialog, QPushButton, "securityKeyCancelResetButton").click()
    qtbot.waitUntil(lambda: tab.reset_dialog is None, timeout=WAIT_MS)
    assert key.has_pin
    assert keyuser.passkey.credentials != ()

    reset.click()
    qtbot.waitUntil(lambda: tab.reset_dialog is not None, timeout=WAIT_MS)
    child(tab.reset_dialog, QPushButton, "securityKeyConfirmResetButton").click()
    qtbot.waitUntil(lambda: not key.has_pin, timeout=WAIT_MS)
    assert keyuser.passkey.credentials == ()
    assert key.pin_retries == PIN_RETRIES
    qtbot.waitUntil(lambda: rows(emulators) == [], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not current.isVisible(), timeout=WAIT_MS)


def test_a_passkey_is_removed_from_the_tab(qtbot: QtBot, keyuser: Any, emulators: EmulatorsWindow) -> None:
    selected(qtbot, emulators)
    remove = child(emulators, QPushButton, "securityKeyRemoveButton")
    assert not remove.isEnabled()  # nothing selected
    tree = child(emulators, QTreeWidget, "securityKeyCredentialList")
    tree.topLevelItem(0).setSelected(True)
    assert remove.isEnabled()
    remove.click()
    qtbot.waitUntil(lambda: keyuser.passkey.credentials == (), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: rows(emulators) == [], timeout=WAIT_MS)


def test_a_second_key_file_is_listed_after_the_first_and_both_keys_are_asked(
    trader: Trader, sls_gateway: SlsGateway, emulators: EmulatorsWindow
) -> None:
    qtbot = trader.qtbot
    user = sls_gateway.add_user(USER, devices=["passkey"])
    _code, second = user.passkey.add_key()  # <user>-passkey-2.json, a key not registered yet
    tab = selected(qtbot, emulators)
    combo = child(emulators, QComboBox, "securityKeyDeviceCombo")
    mine = [i for i in range(combo.count()) if combo.itemText(i).startswith(USER)]
    assert len(mine) == 2
    assert tab.key is user.passkey.key  # the first key first
    combo.setCurrentIndex(mine[1])
    qtbot.waitUntil(lambda: tab.key is second.key, timeout=WAIT_MS)
    assert rows(emulators) == []  # nothing registered on it yet

    trader.log_in(USER)  # two devices now: the registered key and the pending enrolment
    assert driving.page_kind(trader.window) == "device_list", trader.message()
    registered = next(
        row["id"] for row in sls_gateway.gateway.desk.list_devices(USER) if row["status"] == "active"
    )
    devices = child(trader.window, QListWidget, "deviceList")
    for row in range(devices.count()):
        if devices.item(row).data(Qt.ItemDataRole.UserRole) == registered:
            devices.setCurrentRow(row)
    trader.click("deviceContinueButton")
    assert driving.page_kind(trader.window) == "passkey", trader.message()

    # Every key plugged in is asked at once (as a browser does): the tab shows one that waits.
    touch = child(emulators, QPushButton, "securityKeyTouchButton")
    qtbot.waitUntil(touch.isEnabled, timeout=WAIT_MS)
    assert tab.key.waiting_for_touch
    trader.act(lambda: user.passkey.touch())
    assert trader.session_window().objectName() == "sessionWindow"


def test_the_tab_follows_the_key_again_after_the_window_was_closed_and_shown(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow
) -> None:
    """The app keeps one emulators window and shows it again: the keys (which outlive it) are listened to
    again, so Touch still follows the login."""
    qtbot = trader.qtbot
    selected(qtbot, emulators)
    emulators.close()
    emulators.show()
    touch = child(emulators, QPushButton, "securityKeyTouchButton")
    trader.log_in(USER)
    qtbot.waitUntil(touch.isEnabled, timeout=WAIT_MS)
    trader.act(touch.click)
    assert trader.session_window().objectName() == "sessionWindow"


def test_three_wrong_pins_want_the_key_unplugged_and_the_tab_does_it(
    trader: Trader, keyuser: Any, emulators: EmulatorsWindow, sls_gateway: SlsGateway
) -> None:
    qtbot = trader.qtbot
    key = keyuser.passkey.key
    key.set_pin("4711")
    selected(qtbot, emulators)
    trader.log_in(USER)
    pin_edit = child(trader.window, QLineEdit, "securityKeyPinEdit")
    pin_button = child(trader.window, QPushButton, "securityKeyPinButton")
    retry = child(trader.window, QPushButton, "securityKeyRetryButton")

    def answer_pin(pin: str) -> None:
        qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
        pin_edit.setText(pin)
        trader.act(pin_button.click)

    for attempt in range(3):
        if attempt:
            retry.click()
        answer_pin("0000")
    # the client's own text for CTAP's PIN_AUTH_BLOCKED: unplug the key and plug it in again
    assert trader.message() == messages.render(texts.message(texts.SECURITY_KEY_PIN_AUTH_BLOCKED))
    assert key.pin_retries == 5  # not blocked: unplugging is enough

    child(emulators, QPushButton, "securityKeyReplugButton").click()
    message = child(emulators, QLabel, "securityKeyMessageLabel")
    qtbot.waitUntil(lambda: "unplugged" in message.text(), timeout=WAIT_MS)
    retry.click()
    answer_pin_then_touch = child(emulators, QPushButton, "securityKeyTouchButton")
    qtbot.waitUntil(pin_edit.isVisible, timeout=WAIT_MS)
    pin_edit.setText("4711")
    pin_button.click()
    qtbot.waitUntil(answer_pin_then_touch.isEnabled, timeout=WAIT_MS)
    trader.act(answer_pin_then_touch.click)
    assert trader.session_window().objectName() == "sessionWindow"
    assert int(sls_gateway.status(USER)["failures"]) == 0
