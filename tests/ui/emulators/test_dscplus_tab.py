"""The DSC+ tab (R6): the device's keys and LCD, driven by clicks and the keyboard, answer a real login's
challenge; five wrong PINs lock it, and the lock is in its device file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.gateway.http_support import Client, dsc_response, log_in_to_second_factor, respond
from tests.ui.emulators.conftest import WAIT_MS, ManualClock
from trader_login.app import i18n
from trader_login.auth.devices import files
from trader_login.ui.emulators import EmulatorsWindow


def button(window: EmulatorsWindow, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def lcd(window: EmulatorsWindow) -> str:
    display = window.findChild(QLabel, "dscDisplay")
    assert display is not None
    return display.text()


def type_digits(window: EmulatorsWindow, digits: str) -> None:
    for digit in digits:
        button(window, f"dscKey{digit}").click()


def pick(window: EmulatorsWindow, user: str) -> Path:
    window.show_tab("dscplus")
    assert window.dscplus_tab.picker.select_user(user)
    entry = window.dscplus_tab.picker.current()
    assert entry is not None
    assert entry.path is not None
    return entry.path


def test_r6_dscuser_logs_in_with_the_response_the_tab_shows(window: EmulatorsWindow, gateway: Client) -> None:
    path = pick(window, "dscuser")
    login = log_in_to_second_factor(gateway, "dscuser")
    challenge = login.reply["challenge"]["challenge"]
    assert lcd(window) == ""
    button(window, "dscPressButton").click()
    assert lcd(window) == "PIN>"
    type_digits(window, "12")
    assert lcd(window) == "PIN> **"
    type_digits(window, "34")
    button(window, "dscOkButton").click()
    assert lcd(window) == "CHALLNG>"
    type_digits(window, challenge)
    assert lcd(window) == f"CHALLNG> {challenge}"
    button(window, "dscOkButton").click()
    response = lcd(window)
    assert len(response) == 8
    assert response.isdigit()
    assert response == dsc_response(files.load(path), challenge)  # the model, from the same file
    done = respond(gateway, login.token, response)
    assert done.status_code == 200, done.text
    assert done.json()["step"] == "session"


def test_r6_keyboard_digits_enter_and_space_work(qtbot, window: EmulatorsWindow) -> None:
    path = pick(window, "dscuser")
    tab = window.dscplus_tab
    qtbot.keyClick(tab, Qt.Key.Key_Space)
    assert lcd(window) == "PIN>"
    qtbot.keyClicks(tab, "1234")
    assert lcd(window) == "PIN> ****"
    qtbot.keyClick(tab, Qt.Key.Key_Return)
    assert lcd(window) == "CHALLNG>"
    qtbot.keyClicks(tab, "654321")
    qtbot.keyClick(tab, Qt.Key.Key_Enter)
    assert lcd(window) == dsc_response(files.load(path), "654321")


def test_r6_five_wrong_pins_lock_the_device_and_the_lock_is_saved(
    qtbot, window: EmulatorsWindow, dsc_clock: ManualClock
) -> None:
    path = pick(window, "dscuser")
    button(window, "dscPressButton").click()
    for attempt in range(1, 6):
        type_digits(window, "9999")
        button(window, "dscOkButton").click()
        assert files.load(path).wrong_pin_count == attempt
        assert lcd(window) == ("LOCKED" if attempt == 5 else "PIN ERROR")
    assert files.load(path).locked
    # Even the right PIN is refused now, and a fresh start (another window) reads the lock from the file.
    button(window, "dscPressButton").click()
    type_digits(window, "1234")
    button(window, "dscOkButton").click()
    assert lcd(window) == "LOCKED"
    window.dscplus_tab.use_entry(window.dscplus_tab.picker.current())
    assert window.dscplus_tab.device is not None
    assert window.dscplus_tab.device.locked


def test_a_right_pin_after_wrong_ones_resets_the_saved_count(window: EmulatorsWindow) -> None:
    path = pick(window, "multiuser")
    button(window, "dscPressButton").click()
    type_digits(window, "0000")
    button(window, "dscOkButton").click()
    assert files.load(path).wrong_pin_count == 1
    type_digits(window, "1234")
    button(window, "dscOkButton").click()
    assert lcd(window) == "CHALLNG>"
    assert files.load(path).wrong_pin_count == 0


def test_the_lcd_switches_itself_off_when_idle(
    qtbot, window: EmulatorsWindow, dsc_clock: ManualClock
) -> None:
    pick(window, "dscuser")
    button(window, "dscPressButton").click()
    assert lcd(window) == "PIN>"
    dsc_clock.advance(31)
    qtbot.waitUntil(lambda: lcd(window) == "", timeout=WAIT_MS)  # the tab's tick re-reads the LCD


def test_a_malformed_device_file_is_refused_with_its_reason_and_changes_nothing(
    window: EmulatorsWindow, tmp_path: Path
) -> None:
    pick(window, "dscuser")
    button(window, "dscPressButton").click()
    before = window.dscplus_tab.device
    bad = tmp_path / "damaged.json"
    bad.write_text('{"format": "trader-login-device", "version": 1', encoding="utf-8")
    assert not window.dscplus_tab.load_device_file(str(bad))
    message = window.dscplus_tab.message.text()
    assert "damaged.json" in message
    assert "not valid JSON" in message
    assert window.dscplus_tab.device is before
    assert lcd(window) == "PIN>"
    assert window.dscplus_tab.picker.current().user == "dscuser"


def test_a_card_file_is_not_a_dscplus(window: EmulatorsWindow, gateway: Client) -> None:
    pick(window, "dscuser")
    card = gateway.gateway.device_dir / "carduser-card.json"
    assert not window.dscplus_tab.load_device_file(str(card))
    assert "Security Code Card" in window.dscplus_tab.message.text()
    assert window.dscplus_tab.picker.current().user == "dscuser"


def test_an_exported_device_file_works_offline(
    window: EmulatorsWindow, gateway: Client, tmp_path: Path
) -> None:
    exported = tmp_path / "my-dsc.json"
    exported.write_bytes((gateway.gateway.device_dir / "linkeduser-dscplus.json").read_bytes())
    window.show_tab("dscplus")
    assert window.dscplus_tab.load_device_file(str(exported))
    assert window.dscplus_tab.picker.current().path == exported
    button(window, "dscPressButton").click()
    type_digits(window, "1234")
    button(window, "dscOkButton").click()
    type_digits(window, "111111")
    button(window, "dscOkButton").click()
    assert lcd(window) == dsc_response(files.load(exported), "111111")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_hint_never_breaks_a_line_after_a_numbers_hyphen(window: EmulatorsWindow, language: str) -> None:
    """ "6-digit", "6-значный": the hyphen after a number does not break (issue 16: "6-/значный")."""
    languages = i18n.Languages()
    try:
        assert languages.use(language)
        hint = window.dscplus_tab.hint.text()
        assert re.search(r"[0-9]-", hint) is None, hint
        assert "4\u2011" in hint, hint
        assert "6\u2011" in hint, hint
    finally:
        languages.clear()  # the default locale: conftest's english_locale puts it back
