"""The Client Services tab: temporary passcodes (R9, never two in a row), unlocking (R3), reactivating a
device (R11), tempuser's seeded passcode; and a window against a remote gateway, which has no desk."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from tests.gateway.http_support import Client, log_in_to_second_factor, password, respond
from tests.ui.emulators.conftest import WAIT_MS, ZONE, child
from trader_login.app.emulator_services import close_services, remote_services
from trader_login.auth import moments
from trader_login.ui.emulators import EmulatorsWindow


def choose(qtbot, window: EmulatorsWindow, user: str) -> None:
    window.show_tab("desk")
    window.desk_tab.select_user(user)
    qtbot.waitUntil(lambda: window.desk_tab.status_label.text() != "", timeout=WAIT_MS)


def test_r9_a_temporary_passcode_is_issued_once_and_refused_twice_in_a_row(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    choose(qtbot, window, "carduser")
    issue = child(window, QPushButton, "tempPasscodeButton")
    label = child(window, QLabel, "tempPasscodeLabel")
    issue.click()
    qtbot.waitUntil(lambda: label.text() != "", timeout=WAIT_MS)
    code = label.text()
    assert len(code) == 8
    assert code == code.upper()
    assert code.isalnum()
    qtbot.waitUntil(issue.isEnabled, timeout=WAIT_MS)
    issue.click()
    qtbot.waitUntil(lambda: "twice in a row" in window.desk_tab.message.text(), timeout=WAIT_MS)
    assert label.text() == ""
    # The passcode works for the login (the flow offers it among carduser's devices).
    login = log_in_to_second_factor(gateway, "carduser")
    if login.reply["step"] == "choose_device":
        (temp,) = [d for d in login.reply["devices"] if d["kind"] == "temp_passcode"]
        gateway.post("/v1/login/device", {"device_id": temp["id"]}, token=login.token)
    assert respond(gateway, login.token, code).json()["step"] == "session"


def test_r3_the_desk_unlocks_a_locked_user_name(qtbot, window: EmulatorsWindow, gateway: Client) -> None:
    for _ in range(10):
        password(gateway, "dscuser", "wrong-password")
    locked = password(gateway, "dscuser")[1]
    assert locked.status_code != 200
    choose(qtbot, window, "dscuser")
    assert "locked until" in window.desk_tab.status_label.text()
    child(window, QPushButton, "unlockButton").click()
    qtbot.waitUntil(lambda: "unlocked" in window.desk_tab.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "locked until" not in window.desk_tab.status_label.text(), timeout=WAIT_MS)
    assert password(gateway, "dscuser")[1].status_code == 200


def test_tempusers_seeded_passcode_shows_and_reactivating_the_device_ends_it(
    qtbot, window: EmulatorsWindow, gateway: Client
) -> None:
    choose(qtbot, window, "tempuser")
    demo = gateway.gateway.desk.demo_temp_passcode("tempuser")
    qtbot.waitUntil(lambda: window.desk_tab.temp_label.text() == demo, timeout=WAIT_MS)
    assert window.desk_tab.temp_label.objectName() == "tempPasscodeLabel"
    assert "demo set-up" in window.desk_tab.demo_label.text()
    assert "temporary passcode in use" in window.desk_tab.status_label.text()
    assert "lost" in window.desk_tab.device_combo.currentText()
    child(window, QPushButton, "reactivateButton").click()
    qtbot.waitUntil(lambda: "active again" in window.desk_tab.message.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.desk_tab.demo_label.text() == "", timeout=WAIT_MS)
    assert window.desk_tab.temp_label.text() == ""
    assert "(active)" in window.desk_tab.device_combo.currentText()
    status = gateway.gateway.desk.status("tempuser")["temp_passcode"]
    assert status["ended_at"] is not None  # R11
    # Active again, no passcode in use: reactivating would do nothing, so it is not offered.
    qtbot.waitUntil(lambda: not child(window, QPushButton, "reactivateButton").isEnabled(), timeout=WAIT_MS)


def test_reactivate_is_offered_only_where_it_does_something(qtbot, window: EmulatorsWindow) -> None:
    choose(qtbot, window, "dscuser")
    qtbot.waitUntil(lambda: "(active)" in window.desk_tab.device_combo.currentText(), timeout=WAIT_MS)
    assert not child(window, QPushButton, "reactivateButton").isEnabled()
    assert window.desk_tab.user_combo.currentIndex() >= 0  # the list's current row is the user chosen


def test_an_unknown_user_name_gets_the_desks_message(qtbot, window: EmulatorsWindow) -> None:
    window.show_tab("desk")
    window.desk_tab.select_user("nosuchuser")
    qtbot.waitUntil(lambda: "nosuchuser" in window.desk_tab.message.text(), timeout=WAIT_MS)


def test_a_remote_window_has_no_desk_and_works_from_device_files(qtbot, gateway: Client, tmp_path) -> None:
    services = remote_services(gateway.url, fingerprint=gateway.server.fingerprint)
    window = EmulatorsWindow(services)
    qtbot.addWidget(window)
    window.show()
    assert not child(window, QPushButton, "tempPasscodeButton").isEnabled()
    assert not child(window, QPushButton, "unlockButton").isEnabled()
    assert "embedded gateway" in window.desk_tab.message.text()
    exported = tmp_path / "card.json"
    exported.write_bytes((gateway.gateway.device_dir / "carduser-card.json").read_bytes())
    assert window.cards_tab.load_device_file(str(exported))
    assert window.cards_tab.save_png(tmp_path / "card.png")
    window.close()
    close_services(services)


def test_r3_unlock_is_offered_only_while_the_user_name_is_locked_and_is_confirmed(
    qtbot, zoned_window: EmulatorsWindow, gateway: Client
) -> None:
    window = zoned_window
    unlock = child(window, QPushButton, "unlockButton")
    choose(qtbot, window, "dscuser")
    assert "locked until" not in window.desk_tab.status_label.text()
    assert not unlock.isEnabled()  # nothing to unlock

    for _ in range(10):
        password(gateway, "dscuser", "wrong-password")
    window.desk_tab.refresh_user()
    qtbot.waitUntil(unlock.isEnabled, timeout=WAIT_MS)
    until = gateway.gateway.desk.status("dscuser")["locked_until"]
    shown = moments.show(until, language="en", zone=ZONE)  # "Sun 6 Dec 2026, 04:41 JST"
    assert f"locked until {shown}" in window.desk_tab.status_label.text()

    gateway.clock.advance(60)
    unlock.click()
    confirmed = f"dscuser unlocked at {moments.show(gateway.clock(), language='en', zone=ZONE)}."
    qtbot.waitUntil(lambda: window.desk_tab.message.text() == confirmed, timeout=WAIT_MS)
    assert window.desk_tab.message.property("error") is False
    assert "locked until" not in window.desk_tab.status_label.text()  # the desk's state, read again
    assert not unlock.isEnabled()
    assert password(gateway, "dscuser")[1].status_code == 200


def test_no_rule_number_reaches_the_trader(qtbot, window: EmulatorsWindow) -> None:
    """Rule numbers (R9, R3, …) are the spec's, not the trader's: no text of any tab shows one."""
    choose(qtbot, window, "tempuser")
    qtbot.waitUntil(lambda: window.desk_tab.demo_label.text() != "", timeout=WAIT_MS)
    texts = []
    for widget in window.findChildren(QWidget):
        for read in ("text", "title", "toolTip", "placeholderText"):
            value = getattr(widget, read, None)
            if callable(value):
                found = value()
                if isinstance(found, str):
                    texts.append(found)
    assert "demo set-up" in window.desk_tab.demo_label.text()
    assert [text for text in texts if re.search(r"\bR[0-9]{1,2}\b", text)] == []
